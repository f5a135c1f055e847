import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent } from 'vue'
import { i18n } from '@/locales'
import type { Booking } from '@/types'
import { useBookingActions } from './useBookingActions'

const api = vi.hoisted(() => ({
  cancelBooking: vi.fn(),
  cancelSeries: vi.fn(),
  checkIn: vi.fn(),
  checkOut: vi.fn(),
  confirmHold: vi.fn(),
}))
vi.mock('@/api/bookings', () => api)

const ui = vi.hoisted(() => ({ confirm: vi.fn(), prompt: vi.fn(), success: vi.fn() }))
vi.mock('element-plus', () => ({
  ElMessage: { success: ui.success },
  ElMessageBox: { confirm: ui.confirm, prompt: ui.prompt },
}))

const b = { id: 7, recurrence_id: 3, start_at: '2026-03-02T09:00:00+08:00', purpose: '' } as Booking

/** withActions mounts a component that uses the composable and returns its actions. */
function withActions(done: (b: Booking) => void) {
  let actions!: ReturnType<typeof useBookingActions>
  mount(
    defineComponent({
      setup() {
        actions = useBookingActions(done)
        return () => null
      },
    }),
    { global: { plugins: [i18n] } },
  )
  return actions
}

beforeEach(() => {
  for (const f of [...Object.values(api), ...Object.values(ui)]) f.mockReset()
})

describe('useBookingActions', () => {
  it('cancels after the user confirms, and hands back the cancelled booking', async () => {
    const done = vi.fn()
    ui.confirm.mockResolvedValue('confirm')
    api.cancelBooking.mockResolvedValue({ ...b, status: 'cancelled' })
    expect(await withActions(done).cancel(b)).toBe(true)
    expect(api.cancelBooking).toHaveBeenCalledWith(7)
    expect(done).toHaveBeenCalledWith({ ...b, status: 'cancelled' })
    expect(ui.success).toHaveBeenCalledTimes(1)
  })

  it('sends nothing when the user backs out of the confirmation', async () => {
    const done = vi.fn()
    ui.confirm.mockRejectedValue('cancel')
    expect(await withActions(done).cancel(b)).toBe(false)
    expect(api.cancelBooking).not.toHaveBeenCalled()
    expect(done).not.toHaveBeenCalled()
  })

  it('cancels the rest of a series from this occurrence on', async () => {
    const done = vi.fn()
    ui.confirm.mockResolvedValue('confirm')
    api.cancelSeries.mockResolvedValue({ items: [], total: 0 })
    expect(await withActions(done).cancelRest(b)).toBe(true)
    expect(api.cancelSeries).toHaveBeenCalledWith(3, '2026-03-02T09:00:00+08:00')
    expect(done).toHaveBeenCalledWith(b)
  })

  it('reports a refusal of the server as not done, without a success message', async () => {
    const { ApiError } = await import('@/api/http')
    const done = vi.fn()
    api.checkIn.mockRejectedValue(new ApiError(409, 'invalid_transition', 'too early'))
    expect(await withActions(done).start(b)).toBe(false)
    expect(done).not.toHaveBeenCalled()
    expect(ui.success).not.toHaveBeenCalled()
  })

  it('asks for the purpose of a held slot the watch did not give one for', async () => {
    const done = vi.fn()
    ui.prompt.mockResolvedValue({ value: ' 课程实验 ' })
    api.confirmHold.mockResolvedValue({ ...b, status: 'confirmed' })
    await withActions(done).confirm(b)
    await flushPromises()
    expect(api.confirmHold).toHaveBeenCalledWith(7, { purpose: '课程实验' })
  })

  it('acts once on a double tap: a second action waits for the first', async () => {
    let finish: (v: Booking) => void = () => undefined
    api.checkIn.mockImplementation(() => new Promise<Booking>((r) => (finish = r)))
    const actions = withActions(vi.fn())
    const first = actions.start(b)
    expect(actions.busy.value).toBe(true)
    expect(await actions.start(b)).toBe(false)
    finish({ ...b, status: 'checked_in' } as Booking)
    expect(await first).toBe(true)
    expect(api.checkIn).toHaveBeenCalledTimes(1)
    expect(actions.busy.value).toBe(false)
  })
})
