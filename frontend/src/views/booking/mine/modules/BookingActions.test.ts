import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '@/locales'
import type { Booking, BookingAction } from '@/types'
import BookingActions from './BookingActions.vue'

vi.mock('@/api/bookings', () => ({ icalURL: (id: number) => `/ical/${id}` }))

function booking(actions: BookingAction[], over: Partial<Booking> = {}): Booking {
  return {
    id: 7,
    resource_id: 1,
    resource_name: 'r',
    resource_name_en: '',
    facility_id: 1,
    facility_name: 'f',
    facility_name_en: '',
    time_zone: 'Asia/Shanghai',
    user_id: 1,
    user_name: 'u',
    start_at: '2026-03-02T09:00:00+08:00',
    end_at: '2026-03-02T11:00:00+08:00',
    seats: 1,
    purpose: 'p',
    purpose_category: 'teaching',
    status: 'confirmed',
    recurrence_id: null,
    checked_in_at: null,
    checked_out_at: null,
    decision_note: '',
    created_at: '2026-03-01T09:00:00+08:00',
    cancelled_at: null,
    late_cancel: false,
    service_request_id: null,
    actions,
    ...over,
  }
}

/** shown lists the buttons a booking gets, by the test id without its booking number. */
function shown(b: Booking): string[] {
  const w = mount(BookingActions, { props: { booking: b }, global: { plugins: [i18n] } })
  return w
    .findAll('button[data-testid]')
    .map((e) => (e.attributes('data-testid') ?? '').replace(`-${b.id}`, ''))
}

describe('BookingActions', () => {
  it.each([
    ['nothing allowed', booking([]), []],
    ['inside the check-in window', booking(['check_in', 'cancel']), ['check-in', 'cancel']],
    ['checked in', booking(['check_out'], { status: 'checked_in' }), ['check-out']],
    ['an occurrence of a series', booking(['cancel'], { recurrence_id: 3 }), ['cancel', 'cancel-series']],
    // The series button follows the server's cancel too: a started occurrence offers neither.
    ['a started occurrence', booking([], { recurrence_id: 3 }), []],
    ['a held slot', booking(['confirm_hold', 'cancel'], { status: 'held' }), ['cancel', 'confirm-hold']],
    // The status alone shows nothing: the server said no action, whatever the status looks like.
    ['confirmed but past its window', booking([], { status: 'confirmed' }), []],
  ] as const)('%s', (_name, b, want) => {
    expect(shown(b)).toEqual(want)
  })
})
