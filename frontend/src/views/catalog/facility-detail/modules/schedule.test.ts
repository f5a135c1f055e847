import { describe, expect, it } from 'vitest'
import { DEFAULT_WINDOW, dayWindow, daySegments, daysOf } from './schedule'

const tz = 'Asia/Shanghai'
// 09:00 Shanghai is 01:00Z.
const span = (start: string, end: string) => ({ start_at: start, end_at: end })

describe('dayWindow', () => {
  const cases = [
    { name: 'nothing: the default', spans: [], want: DEFAULT_WINDOW },
    {
      name: 'whole hours around the spans',
      spans: [
        span('2026-03-02T00:30:00Z', '2026-03-02T02:00:00Z'),
        span('2026-03-02T09:00:00Z', '2026-03-02T09:15:00Z'),
      ],
      want: [8 * 60, 18 * 60],
    },
    {
      name: 'an end at midnight reaches 24:00',
      spans: [span('2026-03-02T12:00:00Z', '2026-03-02T16:00:00Z')],
      want: [20 * 60, 24 * 60],
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(dayWindow(c.spans, tz)).toEqual(c.want)
    })
  }
})

describe('daySegments', () => {
  const window: [number, number] = [8 * 60, 18 * 60] // 10 hours
  it('places a span in percent of the window', () => {
    const got = daySegments([span('2026-03-02T01:00:00Z', '2026-03-02T03:00:00Z')], '2026-03-02', tz, window)
    expect(got.map(({ left, width }) => [left, width])).toEqual([[10, 20]])
  })

  it('clips spans to the window and leaves out other days', () => {
    const got = daySegments(
      [
        span('2026-03-01T23:00:00Z', '2026-03-02T01:00:00Z'), // 07:00–09:00
        span('2026-03-03T01:00:00Z', '2026-03-03T02:00:00Z'), // next day
      ],
      '2026-03-02',
      tz,
      window,
    )
    expect(got.map(({ left, width }) => [left, width])).toEqual([[0, 10]])
  })
})

describe('daysOf', () => {
  it('lists a week across a month end', () => {
    expect(daysOf('2026-03-30', 'week')).toEqual([
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-04',
      '2026-04-05',
    ])
    expect(daysOf('2026-03-30', 'day')).toEqual(['2026-03-30'])
  })
})
