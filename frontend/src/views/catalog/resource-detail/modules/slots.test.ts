import { describe, expect, it } from 'vitest'
import { isFree, timeOptions, toInstants, toLocalSlot } from './slots'

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
