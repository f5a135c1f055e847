import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import { i18n } from '@/locales'
import type { Resource } from '@/types'
import BookingDialog from './BookingDialog.vue'

const createBooking = vi.fn()
const watchSlot = vi.fn()
const quoteBooking = vi.fn()
vi.mock('@/api/bookings', () => ({
  createBooking: (b: unknown) => createBooking(b),
  watchSlot: (id: number, b: unknown) => watchSlot(id, b),
  quoteBooking: (id: number, q: unknown) => quoteBooking(id, q),
}))

const noQuote = {
  price_type: 'internal',
  rate_fen: 0,
  price_fen: 0,
  minutes: 60,
  seats: 1,
  weekly_quota: null,
  overlaps: [],
  time_zone: 'Asia/Shanghai',
}

const resource = {
  id: 10,
  name: '数字示波器',
  name_en: 'Digital Oscilloscope',
  capacity: 1,
  rules: {
    slot_minutes: 30,
    min_minutes: 30,
    max_minutes: 480,
    max_advance_days: 30,
    min_lead_minutes: 0,
    buffer_minutes: 0,
    weekly_quota_minutes: 0,
    requires_approval: false,
    qualification: null,
    qualification_id: null,
    cancel_deadline_minutes: 120,
    checkin_grace_minutes: 15,
    rate_internal_fen: 0,
    rate_external_fen: 0,
  },
} as unknown as Resource

function open(range: { start: string; end: string }) {
  const w = mount(BookingDialog, {
    props: {
      modelValue: false,
      resource,
      timeZone: 'Asia/Shanghai',
      free: [{ start_at: '2026-03-02T09:00:00+08:00', end_at: '2026-03-02T12:00:00+08:00', free_seats: 1 }],
      known: { from: '2026-03-02T00:00:00+08:00', to: '2026-03-09T00:00:00+08:00' },
      closed: [
        {
          start_at: '2026-03-02T14:00:00+08:00',
          end_at: '2026-03-02T16:00:00+08:00',
          rule: 'blackout',
          reason: '设备校准',
        },
      ],
      range,
    },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  return w
}

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

beforeEach(() => quoteBooking.mockResolvedValue(noQuote))

afterEach(() => {
  document.body.innerHTML = ''
  createBooking.mockReset()
  watchSlot.mockReset()
  quoteBooking.mockReset()
})

// Mounting an Element Plus dialog with its form takes seconds on a busy machine.
describe('BookingDialog', { timeout: 20_000 }, () => {
  it('books the selected range with the purpose, in the facility zone', async () => {
    const w = open({ start: '2026-03-02T10:00:00+08:00', end: '2026-03-02T11:00:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    expect(byTestId('slot-busy')).toBeNull()
    expect(byTestId('booking-rules')).not.toBeNull()

    const purpose = byTestId('booking-purpose') as HTMLTextAreaElement
    purpose.value = '课程实验'
    purpose.dispatchEvent(new Event('input'))
    createBooking.mockResolvedValue({ id: 1, status: 'confirmed' })
    byTestId('booking-submit')?.click()
    await flushPromises()
    await flushPromises()

    expect(createBooking).toHaveBeenCalledWith({
      resource_id: 10,
      start_at: '2026-03-02T10:00:00+08:00',
      end_at: '2026-03-02T11:00:00+08:00',
      seats: undefined,
      purpose: '课程实验',
      purpose_category: 'teaching',
    })
    expect(w.emitted('booked')?.[0]).toEqual([{ id: 1, status: 'confirmed' }])
    // Sent once: the button stays disabled until the form changes or the dialog opens again.
    expect((byTestId('booking-submit') as HTMLButtonElement).disabled).toBe(true)
    byTestId('booking-submit')?.click()
    await flushPromises()
    expect(createBooking).toHaveBeenCalledTimes(1)
  })

  it("shows the server's quote before committing: price, weekly quota and own overlapping bookings", async () => {
    quoteBooking.mockResolvedValue({
      ...noQuote,
      price_type: 'member',
      rate_fen: 5000,
      price_fen: 5000,
      weekly_quota: {
        week_start: '2026-03-02T00:00:00+08:00',
        limit_minutes: 600,
        used_minutes: 480,
        booking_minutes: 60,
        left_minutes: 60,
      },
      overlaps: [
        {
          booking_id: 7,
          resource_id: 3,
          resource_name: '台钻',
          facility_name: '实践中心',
          start_at: '2026-03-02T10:30:00+08:00',
          end_at: '2026-03-02T11:30:00+08:00',
          seats: 1,
          status: 'confirmed',
        },
      ],
    })
    const w = open({ start: '2026-03-02T10:00:00+08:00', end: '2026-03-02T11:00:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    expect(quoteBooking).toHaveBeenLastCalledWith(10, {
      start_at: '2026-03-02T10:00:00+08:00',
      end_at: '2026-03-02T11:00:00+08:00',
      seats: 1,
    })
    expect(byTestId('quote-type')?.textContent).toContain('其他联合体成员')
    expect(byTestId('quote-price')?.textContent).toContain('50.00')
    expect(byTestId('quote-quota')?.textContent).toBe('已用 8 小时，本次 1 小时，剩余 1 小时')
    expect(byTestId('booking-overlaps')?.textContent).toContain('台钻（实践中心）：2026-03-02 10:30 – 11:30')
    // A warning, not a refusal.
    expect((byTestId('booking-submit') as HTMLButtonElement).disabled).toBe(false)
  })

  it('shows a range that is not free as busy and offers the waitlist instead', async () => {
    const w = open({ start: '2026-03-02T11:30:00+08:00', end: '2026-03-02T12:30:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    expect(byTestId('slot-busy')).not.toBeNull()
    expect(byTestId('booking-watch')).not.toBeNull()
    expect((byTestId('booking-submit') as HTMLButtonElement).disabled).toBe(true)
  })

  it('joins the waitlist with the fields of a watch only, the resource in the path', async () => {
    const w = open({ start: '2026-03-02T11:30:00+08:00', end: '2026-03-02T12:30:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    const purpose = byTestId('booking-purpose') as HTMLTextAreaElement
    purpose.value = '课程实验'
    purpose.dispatchEvent(new Event('input'))
    watchSlot.mockResolvedValue({ id: 5 })
    byTestId('booking-watch')?.click()
    await flushPromises()
    await flushPromises()
    expect(watchSlot).toHaveBeenCalledWith(10, {
      start_at: '2026-03-02T11:30:00+08:00',
      end_at: '2026-03-02T12:30:00+08:00',
      seats: undefined,
      purpose: '课程实验',
      purpose_category: 'teaching',
    })
    expect(w.emitted('watched')).toHaveLength(1)
  })

  it('says why a closed range cannot be booked and offers no waitlist there', async () => {
    const w = open({ start: '2026-03-02T14:30:00+08:00', end: '2026-03-02T15:30:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    expect(byTestId('slot-closed')?.textContent).toContain('设备校准')
    expect(byTestId('slot-busy')).toBeNull()
    expect(byTestId('booking-watch')).toBeNull()
  })

  it('offers the next free time a refusal names, in one tap', async () => {
    const w = open({ start: '2026-03-02T09:00:00+08:00', end: '2026-03-02T10:00:00+08:00' })
    await w.setProps({ modelValue: true })
    await flushPromises()
    const purpose = byTestId('booking-purpose') as HTMLTextAreaElement
    purpose.value = '课程实验'
    purpose.dispatchEvent(new Event('input'))
    createBooking.mockRejectedValueOnce(
      new ApiError(422, 'rule_violation', 'book at least 60 minutes ahead', {
        rule: 'min_lead',
        fields: { start_at: 'book at least 60 minutes ahead' },
        details: {
          next_free: { start_at: '2026-03-02T10:00:00+08:00', end_at: '2026-03-02T11:00:00+08:00' },
        },
      }),
    )
    byTestId('booking-submit')?.click()
    await flushPromises()
    await flushPromises()
    byTestId('next-free')?.click()
    await flushPromises()
    createBooking.mockResolvedValue({ id: 2, status: 'confirmed' })
    byTestId('booking-submit')?.click()
    await flushPromises()
    await flushPromises()
    expect(createBooking).toHaveBeenLastCalledWith(
      expect.objectContaining({ start_at: '2026-03-02T10:00:00+08:00', end_at: '2026-03-02T11:00:00+08:00' }),
    )
  }, 20_000)
})
