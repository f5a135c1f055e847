import { describe, expect, it } from 'vitest'
import type { Booking } from '@/types'
import { canCancel, canCheckIn } from './useBookingActions'

const booking = (status: Booking['status']): Booking => ({
  id: 1,
  resource_id: 1,
  resource_name: 'r',
  facility_id: 1,
  facility_name: 'f',
  time_zone: 'Asia/Shanghai',
  user_id: 1,
  user_name: 'u',
  start_at: '2026-03-02T09:00:00+08:00',
  end_at: '2026-03-02T11:00:00+08:00',
  seats: 1,
  purpose: 'p',
  purpose_category: 'teaching',
  status,
  recurrence_id: null,
  checked_in_at: null,
  checked_out_at: null,
  decision_note: '',
  created_at: '2026-03-01T09:00:00+08:00',
  cancelled_at: null,
  late_cancel: false,
  service_request_id: null,
  actions: [],
})
const at = (iso: string) => Date.parse(iso)

describe('canCheckIn', () => {
  it.each([
    ['before the grace window', 'confirmed', '2026-03-02T08:44:00+08:00', false],
    ['at the start of the grace window', 'confirmed', '2026-03-02T08:45:00+08:00', true],
    ['during', 'confirmed', '2026-03-02T10:59:00+08:00', true],
    ['at the end', 'confirmed', '2026-03-02T11:00:00+08:00', false],
    ['pending', 'pending', '2026-03-02T09:00:00+08:00', false],
    ['already in', 'checked_in', '2026-03-02T09:30:00+08:00', false],
  ] as const)('%s', (_n, status, now, want) => {
    expect(canCheckIn(booking(status), at(now))).toBe(want)
  })
})

describe('canCancel', () => {
  it.each([
    ['confirmed, before the start', 'confirmed', '2026-03-02T08:59:00+08:00', true],
    ['pending, before the start', 'pending', '2026-03-01T08:00:00+08:00', true],
    ['started', 'confirmed', '2026-03-02T09:00:00+08:00', false],
    ['cancelled', 'cancelled', '2026-03-01T08:00:00+08:00', false],
  ] as const)('%s', (_n, status, now, want) => {
    expect(canCancel(booking(status), at(now))).toBe(want)
  })
})
