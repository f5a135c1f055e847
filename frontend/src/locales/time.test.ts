import { describe, expect, it } from 'vitest'
import { formatDateTime, formatRange, fromWall, toWall } from './time'

describe('wall-clock time for the calendar', () => {
  it.each([
    ['2026-03-02T01:00:00Z', 'Asia/Shanghai', '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:00:00+08:00', 'Asia/Shanghai', '2026-03-02T09:00:00Z'],
    ['2026-03-01T20:30:00Z', 'Asia/Shanghai', '2026-03-02T04:30:00Z'],
    ['2026-07-01T12:00:00Z', 'Europe/Berlin', '2026-07-01T14:00:00Z'],
  ])('toWall(%s, %s) = %s', (iso, tz, want) => {
    expect(toWall(iso, tz)).toBe(want)
  })

  it('fromWall undoes toWall with the zone offset', () => {
    for (const iso of ['2026-03-02T01:00:00Z', '2026-12-31T23:30:00Z']) {
      const back = fromWall(new Date(toWall(iso, 'Asia/Shanghai')), 'Asia/Shanghai')
      expect(Date.parse(back)).toBe(Date.parse(iso))
      expect(back.endsWith('+08:00')).toBe(true)
    }
  })
})

describe('formatting in the facility zone', () => {
  it('shows local time whatever the browser zone', () => {
    expect(formatDateTime('2026-03-02T01:00:00Z', 'Asia/Shanghai')).toBe('2026-03-02 09:00')
    expect(formatDateTime(null)).toBe('')
  })

  it('leaves the end date out on the same day', () => {
    expect(formatRange('2026-03-02T01:00:00Z', '2026-03-02T03:00:00Z', 'Asia/Shanghai')).toBe(
      '2026-03-02 09:00 – 11:00',
    )
    expect(formatRange('2026-03-02T15:00:00Z', '2026-03-02T17:00:00Z', 'Asia/Shanghai')).toBe(
      '2026-03-02 23:00 – 2026-03-03 01:00',
    )
  })
})
