import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/http'
import { i18n } from '@/locales'
import type { Session, SessionAction } from '@/types'
import SessionCard from './SessionCard.vue'

function session(actions: SessionAction[], over: Partial<Session> = {}): Session {
  return {
    id: 5,
    course_id: 2,
    course_title: '激光切割安全操作',
    facility_id: 1,
    facility_name: '科学城培训基地',
    room_resource_id: null,
    room_name: null,
    instructor_id: 9,
    instructor_name: '刘芳',
    seats: 30,
    enrolled_count: 28,
    waitlist_count: 0,
    seats_left: 2,
    start_at: '2026-03-02T09:00:00+08:00',
    end_at: '2026-03-02T12:00:00+08:00',
    meetings: [
      { id: 1, start_at: '2026-03-02T09:00:00+08:00', end_at: '2026-03-02T12:00:00+08:00', booking_id: null },
    ],
    enroll_opens_at: '2026-02-01T09:00:00+08:00',
    enroll_closes_at: '2026-03-02T09:00:00+08:00',
    cancel_deadline: '2026-03-01T09:00:00+08:00',
    enrollment_open: true,
    enrollment_closed: false,
    audience: 'open',
    organization_ids: [],
    fee_internal_fen: null,
    fee_consortium_fen: null,
    fee_outside_fen: null,
    my_fee_fen: null,
    status: 'scheduled',
    note: '',
    my_enrollment: null,
    actions,
    ...over,
  }
}

function card(s: Session, refusal: ApiError | null = null) {
  return mount(SessionCard, {
    props: { session: s, busy: false, refusal },
    global: { plugins: [i18n], stubs: { RouterLink: { template: '<a><slot /></a>' } } },
  })
}

/** buttons lists the buttons a session gets, by test id without its number. */
const buttons = (s: Session) =>
  card(s)
    .findAll('[data-testid]')
    .map((e) => (e.attributes('data-testid') ?? '').replace(`-${s.id}`, ''))
    .filter((id) =>
      ['enroll', 'join-waitlist', 'leave', 'roster', 'edit-session', 'cancel-session'].includes(id),
    )

describe('SessionCard', () => {
  it.each([
    ['seats left', session(['enroll']), ['enroll']],
    ['full', session(['join_waitlist'], { seats_left: 0 }), ['join-waitlist']],
    // The counts alone show nothing: the server said no action (the window is shut).
    ['closed', session([], { enrollment_open: false }), []],
    ['my seat', session([], { my_enrollment: { id: 4, status: 'enrolled', position: null } }), ['leave']],
    ['my result is in', session([], { my_enrollment: { id: 4, status: 'passed', position: null } }), []],
    [
      'the base’s manager',
      session(['edit', 'cancel', 'roster']),
      ['roster', 'edit-session', 'cancel-session'],
    ],
  ] as const)('%s', (_name, s, want) => {
    expect(buttons(s)).toEqual(want)
  })

  it('shows my waitlist place and the counts as they stand', () => {
    const w = card(
      session([], {
        seats_left: 0,
        enrolled_count: 30,
        waitlist_count: 4,
        my_enrollment: { id: 4, status: 'waitlisted', position: 3 },
      }),
    )
    expect(w.get('[data-testid="enrollment-status-waitlisted"]').text()).toBe('候补第 3 位')
    expect(w.get('[data-testid="session-seats-5"]').text()).toContain('已报 30 / 30')
    expect(w.get('[data-testid="session-waitlist-5"]').text()).toBe('候补 4 人')
  })

  it('names what a refusal says is missing', () => {
    const refusal = new ApiError(422, 'prerequisite_missing', '须先完成先修课程。', {
      details: { courses: [{ id: 3, title: '安全基础' }], qualifications: [{ id: 7, name: '电工证' }] },
    })
    const text = card(session(['enroll']), refusal)
      .get('[data-testid="session-refusal-5"]')
      .text()
    expect(text).toContain('须先完成先修课程。')
    expect(text).toContain('安全基础')
    expect(text).toContain('电工证')
  })
})
