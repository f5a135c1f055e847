import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { useFormErrors } from './useFormErrors'

describe('useFormErrors', () => {
  it('puts field messages beside their fields and no banner for plain validation', () => {
    const f = useFormErrors(['email', 'password'])
    const err = new ApiError(422, 'validation_failed', 'some fields are invalid', {
      fields: { email: '邮箱格式不正确' },
    })
    f.capture(err)
    expect(f.fieldError('email')).toBe('邮箱格式不正确')
    expect(f.fieldError('password')).toBe('')
    expect(f.formError.value).toBe('')
    expect(err.shown).toBe(true)
  })

  it('puts a conflict in the banner, translated by its code', () => {
    const f = useFormErrors(['start_at'])
    f.capture(new ApiError(409, 'booking_conflict', 'the interval is taken'))
    expect(f.formError.value).toBe('该时段已被占用，请选择其他时段')
  })

  it('falls back to the server message for an unknown code', () => {
    const f = useFormErrors([])
    f.capture(new ApiError(422, 'something_new', 'Server words'))
    expect(f.formError.value).toBe('Server words')
  })

  it('names fields the form does not show in the banner', () => {
    const f = useFormErrors(['purpose'])
    f.capture(
      new ApiError(422, 'rule_violation', 'outside opening hours', {
        fields: { start_at: 'outside opening hours' },
      }),
    )
    expect(f.formError.value).toContain('start_at: outside opening hours')
    f.clearErrors()
    expect([f.formError.value, f.fieldError('start_at')]).toEqual(['', ''])
  })

  it('rethrows what is not an API error', () => {
    const f = useFormErrors([])
    expect(() => f.capture(new TypeError('bug'))).toThrow('bug')
  })
})
