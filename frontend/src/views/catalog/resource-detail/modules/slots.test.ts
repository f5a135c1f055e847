import { describe, expect, it, vi } from 'vitest'
import { dayDisabler, isFree, overlapping, timeOptions, toInstants, toLocalSlot } from './slots'

describe('local slots in the facility zone', () => {
  it('reads instants as local date and times', () => {
    expect(toLocalSlot('2026-03-02T01:00:00Z', '2026-03-02T03:30:00Z', 'Asia/Shanghai')).toEqual({
      date: '2026-03-02',
      start: '09:00',
      end: '11:30',
    })
    expect(toLocalSlot('2026-03-02T14:00:00Z', '2026-03-02T16:00:00Z', 'Asia/Shanghai').end).toBe('24:00')
  })

  it('turns them back into instants with the offset', () => {
    expect(toInstants({ date: '2026-03-02', start: '09:00', end: '11:30' }, 'Asia/Shanghai')).toEqual({
      start_at: '2026-03-02T09:00:00+08:00',
      end_at: '2026-03-02T11:30:00+08:00',
    })
    expect(toInstants({ date: '2026-03-02', start: '22:00', end: '24:00' }, 'Asia/Shanghai').end_at).toBe(
      '2026-03-03T00:00:00+08:00',
    )
  })
})

describe('isFree', () => {
  const free = [
    { start_at: '2026-03-02T00:00:00Z', end_at: '2026-03-02T04:00:00Z', free_seats: 1 },
    { start_at: '2026-03-02T06:00:00Z', end_at: '2026-03-02T10:00:00Z', free_seats: 3 },
  ]
  it.each([
    ['inside one interval', '2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', 1, true],
    ['exactly an interval', '2026-03-02T00:00:00Z', '2026-03-02T04:00:00Z', 1, true],
    ['across the gap', '2026-03-02T03:00:00Z', '2026-03-02T07:00:00Z', 1, false],
    ['too many seats', '2026-03-02T01:00:00Z', '2026-03-02T02:00:00Z', 2, false],
    ['enough seats', '2026-03-02T07:00:00Z', '2026-03-02T08:00:00+00:00', 3, true],
    ['outside', '2026-03-02T11:00:00Z', '2026-03-02T12:00:00Z', 1, false],
  ])('%s', (_n, s, e, seats, want) => {
    expect(isFree(free, s, e, seats)).toBe(want)
  })
})

describe('timeOptions', () => {
  it('steps through the day on the slot grid', () => {
    const got = timeOptions(30)
    expect(got.slice(0, 3)).toEqual(['00:00', '00:30', '01:00'])
    expect(got.at(-1)).toBe('24:00')
    expect(got).toHaveLength(49)
  })
})

describe('overlapping', () => {
  const spans = [
    { start_at: '2026-03-02T09:00:00+08:00', end_at: '2026-03-02T10:00:00+08:00' },
    { start_at: '2026-03-02T12:00:00+08:00', end_at: '2026-03-02T13:00:00+08:00' },
  ]
  it('finds the spans sharing time, not those only touching', () => {
    expect(overlapping(spans, '2026-03-02T09:30:00+08:00', '2026-03-02T12:30:00+08:00')).toHaveLength(2)
    expect(overlapping(spans, '2026-03-02T10:00:00+08:00', '2026-03-02T12:00:00+08:00')).toHaveLength(0)
  })
})

describe('dayDisabler', () => {
  const at = (day: string) => new Date(`${day}T00:00:00`)
  it('refuses past days, days past the window and closed days of the known window', () => {
    vi.useFakeTimers({ now: new Date('2026-03-02T08:00:00+08:00') })
    const disabled = dayDisabler(
      {
        from: '2026-03-02T00:00:00+08:00',
        to: '2026-03-09T00:00:00+08:00',
        // Monday free, Tuesday taken until midnight, nothing else of the week.
        open: [
          { start_at: '2026-03-02T09:00:00+08:00', end_at: '2026-03-02T12:00:00+08:00' },
          { start_at: '2026-03-03T20:00:00+08:00', end_at: '2026-03-04T00:00:00+08:00' },
        ],
        bookableUntil: '2026-03-16T08:00:00+08:00',
      },
      'Asia/Shanghai',
    )
    vi.useRealTimers()
    expect(disabled(at('2026-03-01'))).toBe(true) // yesterday
    expect(disabled(at('2026-03-02'))).toBe(false)
    expect(disabled(at('2026-03-03'))).toBe(false)
    expect(disabled(at('2026-03-04'))).toBe(true) // an end at midnight is not the next day
    expect(disabled(at('2026-03-10'))).toBe(false) // not known: the server decides
    expect(disabled(at('2026-03-16'))).toBe(false)
    expect(disabled(at('2026-03-17'))).toBe(true) // past the advance window
  })
})
