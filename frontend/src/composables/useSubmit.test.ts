import type { FormInstance } from 'element-plus'
import { describe, expect, it, vi } from 'vitest'
import { nextTick, reactive, ref } from 'vue'
import { ApiError } from '@/api/http'
import { useSubmit } from './useSubmit'

const form = (valid: boolean) =>
  ref({ validate: () => (valid ? Promise.resolve(true) : Promise.reject()) } as unknown as FormInstance)

describe('useSubmit', () => {
  it('sends a valid form with the busy flag up, and hands the answer on', async () => {
    const s = useSubmit(form(true), ['name'])
    let busyWhileSending = false
    const done = vi.fn()
    const ok = await s.submit(async () => {
      busyWhileSending = s.busy.value
      return { id: 1 }
    }, done)
    expect([ok, busyWhileSending, s.busy.value]).toEqual([true, true, false])
    expect(done).toHaveBeenCalledWith({ id: 1 })
  })

  it('sends nothing when the form breaks its own rules', async () => {
    const s = useSubmit(form(false), [])
    const send = vi.fn()
    expect(await s.submit(send, vi.fn())).toBe(false)
    expect(send).not.toHaveBeenCalled()
  })

  it("shows the server's refusal on the form and tells the dialog", async () => {
    const s = useSubmit(null, ['name'])
    const err = new ApiError(422, 'validation_failed', 'invalid', { fields: { name: 'too long' } })
    const done = vi.fn()
    const failed = vi.fn()
    expect(await s.submit(() => Promise.reject(err), done, failed)).toBe(false)
    expect(s.fieldError('name')).toBe('too long')
    expect([err.shown, s.busy.value]).toEqual([true, false])
    expect(done).not.toHaveBeenCalled()
    expect(failed).toHaveBeenCalledWith(err)
  })

  it('ignores a second submit while one runs (a double click)', async () => {
    const s = useSubmit(null, [])
    let finish: (v: number) => void = () => undefined
    const send = vi.fn(() => new Promise<number>((r) => (finish = r)))
    const first = s.submit(send, vi.fn())
    await Promise.resolve()
    expect(await s.submit(send, vi.fn())).toBe(false)
    finish(1)
    expect(await first).toBe(true)
    expect(send).toHaveBeenCalledTimes(1)
  })

  it('stays locked after a success until the form changes', async () => {
    const model = reactive({ name: 'a' })
    const s = useSubmit(null, ['name'], model)
    const send = vi.fn(() => Promise.resolve(1))
    expect(await s.submit(send, vi.fn())).toBe(true)
    expect(s.locked.value).toBe(true)
    expect(await s.submit(send, vi.fn())).toBe(false)
    expect(send).toHaveBeenCalledTimes(1)
    model.name = 'b'
    await nextTick()
    expect(s.locked.value).toBe(false)
    expect(await s.submit(send, vi.fn())).toBe(true)
    expect(send).toHaveBeenCalledTimes(2)
  })

  it('unlocks when the dialog opens again (clearErrors), and not after a refusal', async () => {
    const s = useSubmit(null, [])
    await s.submit(() => Promise.resolve(1), vi.fn())
    expect(s.locked.value).toBe(true)
    s.clearErrors()
    expect(s.locked.value).toBe(false)
    await s.submit(() => Promise.reject(new ApiError(409, 'booking_conflict', 'taken')), vi.fn())
    expect(s.locked.value).toBe(false)
  })
})
