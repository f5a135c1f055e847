import { describe, expect, it } from 'vitest'
import type { HeatMap } from '@/types'
import { barsOption, heatCells, hours, percent } from './charts'

const map = (cells: Record<string, number>): HeatMap => {
  const minutes = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  for (const [key, m] of Object.entries(cells)) {
    const [wd, h] = key.split(':').map(Number) as [number, number]
    minutes[wd]![h] = m
  }
  return {
    scope: 'facility',
    id: 1,
    from: '2026-03-02',
    to: '2026-03-08',
    name: '',
    name_en: '',
    last_day: '',
    minutes,
    days: [1, 1, 1, 1, 1, 1, 1],
  }
}

describe('reports dashboard charts', () => {
  it('shows minutes as hours and ratios as percentages, to one decimal', () => {
    expect(hours(615)).toBe(10.3)
    expect(hours(0)).toBe(0)
    expect(percent(0.0712)).toBe(7.1)
  })

  it('puts each weekday on its row, Monday first, and each hour in its column', () => {
    const cells = heatCells(map({ '0:10': 110, '3:22': 120, '6:23': 30 }))
    expect(cells).toHaveLength(7 * 24)
    expect(cells).toContainEqual([10, 0, 1.8])
    expect(cells).toContainEqual([22, 3, 2])
    expect(cells).toContainEqual([23, 6, 0.5])
    expect(cells.filter((c) => c[2] > 0)).toHaveLength(3)
  })

  it('draws one bar per amount, in hours', () => {
    const o = barsOption([
      { name: 'teaching', minutes: 60 },
      { name: 'research', minutes: 90 },
    ])
    expect(o.series).toEqual([expect.objectContaining({ type: 'bar', data: [1, 1.5] })])
  })
})
