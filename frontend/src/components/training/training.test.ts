import { describe, expect, it } from 'vitest'
import { locale } from '@/locales'
import {
  courseTitle,
  fillPercent,
  meetingDrafts,
  meetingInstants,
  nextMeeting,
  seatState,
  secondsLeft,
  signinLink,
  yuan,
} from './training'

describe('yuan', () => {
  it.each([
    [0, '¥0.00'],
    [1, '¥0.01'],
    [120000, '¥1,200.00'],
  ])('%i fen is %s', (fen, want) => expect(yuan(fen)).toBe(want))
})

describe('courseTitle', () => {
  it('is English in English when there is an English title, else Chinese', () => {
    locale.value = 'en'
    expect(courseTitle({ title: '激光切割', title_en: 'Laser cutting' })).toBe('Laser cutting')
    expect(courseTitle({ course_title: '激光切割', course_title_en: '' })).toBe('激光切割')
    locale.value = 'zh-CN'
    expect(courseTitle({ title: '激光切割', title_en: 'Laser cutting' })).toBe('激光切割')
  })
})

describe('seatState', () => {
  it.each([
    ['seats left', { status: 'scheduled', enrollment_open: true, seats_left: 3 }, 'seats'],
    ['full: the waitlist', { status: 'scheduled', enrollment_open: true, seats_left: 0 }, 'waitlist'],
    ['window shut', { status: 'scheduled', enrollment_open: false, seats_left: 3 }, 'closed'],
    ['cancelled wins', { status: 'cancelled', enrollment_open: true, seats_left: 3 }, 'cancelled'],
  ] as const)('%s', (_n, s, want) => expect(seatState(s)).toBe(want))
})

describe('fillPercent', () => {
  it('is the share of seats taken, never past 100', () => {
    expect(fillPercent({ seats: 30, enrolled_count: 15 })).toBe(50)
    expect(fillPercent({ seats: 30, enrolled_count: 30 })).toBe(100)
    expect(fillPercent({ seats: 0, enrolled_count: 0 })).toBe(100)
  })
})

describe('meetings', () => {
  const tz = 'Asia/Shanghai'
  it('are the zone’s wall clock as instants with its offset, and back', () => {
    const drafts = [{ date: '2026-03-02', start: '09:00', end: '12:00' }]
    const instants = meetingInstants(drafts, tz)
    expect(instants).toEqual([{ start_at: '2026-03-02T09:00:00+08:00', end_at: '2026-03-02T12:00:00+08:00' }])
    expect(meetingDrafts([{ start_at: '2026-03-02T01:00:00Z', end_at: '2026-03-02T04:00:00Z' }], tz)).toEqual(
      drafts,
    )
  })

  it('add the next one a week after the last, or tomorrow morning for the first', () => {
    const now = new Date('2026-03-02T14:00:00Z') // 22:00 in Shanghai
    expect(nextMeeting([], now, tz)).toEqual({ date: '2026-03-03', start: '09:00', end: '12:00' })
    expect(nextMeeting([{ date: '2026-03-31', start: '14:00', end: '17:00' }], now, tz)).toEqual({
      date: '2026-04-07',
      start: '14:00',
      end: '17:00',
    })
  })
})

describe('secondsLeft', () => {
  it('counts whole seconds up, never below zero', () => {
    const now = Date.parse('2026-03-02T01:00:00.000Z')
    expect(secondsLeft('2026-03-02T01:00:59.100Z', now)).toBe(60)
    expect(secondsLeft('2026-03-02T00:59:00Z', now)).toBe(0)
  })
})

describe('signinLink', () => {
  it('reads the code and session the QR code carries', () => {
    expect(signinLink({ session: '12', code: '042917' })).toEqual({ code: '042917', session: 12 })
  })
  it('keeps six digits at most and drops a session that is not a number', () => {
    expect(signinLink({ code: ['12 34 56 78'], session: 'x' })).toEqual({
      code: '123456',
      session: undefined,
    })
    expect(signinLink({})).toEqual({ code: '', session: undefined })
  })
})
