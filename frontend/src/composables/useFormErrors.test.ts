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

  it('puts a conflict in the banner as the server words it', () => {
    const f = useFormErrors(['start_at'])
    f.capture(new ApiError(409, 'booking_conflict', '该资源 2026年3月3日 09:00 至 10:30 已被占用。'))
    expect(f.formError.value).toBe('该资源 2026年3月3日 09:00 至 10:30 已被占用。')
  })

  it("says a refusal of a field the form does not show once, without the field's code", () => {
    const f = useFormErrors(['purpose'])
    f.capture(
      new ApiError(422, 'rule_violation', '所选时间不全在场馆开放时间内。', {
        fields: { start_at: '所选时间不全在场馆开放时间内。', 'weekly.count': '请填写次数或截止日期。' },
      }),
    )
    expect(f.formError.value).toBe('所选时间不全在场馆开放时间内。 请填写次数或截止日期。')
    f.clearErrors()
    expect([f.formError.value, f.fieldError('start_at')]).toEqual(['', ''])
  })

  it('rethrows what is not an API error', () => {
    const f = useFormErrors([])
    expect(() => f.capture(new TypeError('bug'))).toThrow('bug')
  })
})
