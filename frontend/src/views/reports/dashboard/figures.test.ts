import { describe, expect, it } from 'vitest'
import type { UtilizationFigures } from '@/types'
import { figurePanels, type Panel } from './figures'

// t words a key with its parameters, so that a test reads what each value was made of.
const t = (key: string, params?: Record<string, unknown>) =>
  params ? `${key}${JSON.stringify(params)}` : key

const zero = (over: Partial<UtilizationFigures>) =>
  new Proxy(over, { get: (o, k: string) => (k in o ? o[k as keyof typeof o] : 0) }) as UtilizationFigures

/** values is each figure's value of one panel of the figures, by the figure's key. */
function values(f: UtilizationFigures, panel: Panel['key']): Record<string, string> {
  const p = figurePanels(f, t).find((x) => x.key === panel)
  expect(p, `the ${panel} panel`).toBeDefined()
  return Object.fromEntries(p!.figures.map((x) => [x.key, x.value]))
}

describe('dashboard figure panels', () => {
  it('shows quota and income always, services and training only where there are some', () => {
    const keys = (f: UtilizationFigures) => figurePanels(f, t).map((p) => p.key)
    expect(keys(zero({}))).toEqual(['quota'])
    expect(keys(zero({ requests_overdue: 1 }))).toEqual(['quota', 'services'])
    expect(keys(zero({ sessions_held: 2 }))).toEqual(['quota', 'training'])
  })

  it('shows quota hours, the ratio and the income in yuan', () => {
    const v = values(
      zero({ quota_minutes: 84_000, quota_ratio: 0.256, income_internal_fen: 123_450 }),
      'quota',
    )
    expect(v.quota).toBe('reports.kpi.hours{"n":"1,400"}')
    expect(v.quotaRatio).toBe('25.6%')
    expect(v.incomeInternal).toBe('¥1,234.50')
    expect(v.incomeExternal).toBe('¥0.00')
  })

  it('leaves rates of nothing delivered or rated as a dash, not 0%', () => {
    const v = values(zero({ requests_received: 3 }), 'services')
    expect(v.received).toBe('3')
    expect(v.onTime).toBe('–')
    expect(v.rating).toBe('–')
    const r = values(
      zero({ requests_delivered: 2, on_time_rate: 0.5, ratings: 4, mean_rating: 4.25 }),
      'services',
    )
    expect(r.onTime).toBe('50%')
    expect(r.rating).toBe('reports.figures.ratingOf{"mean":"4.3","n":4}')
    expect(r.firstResponse).toBe('–')
    expect(values(zero({ ratings: 1, first_response_median_minutes: 200 }), 'services').firstResponse).toBe(
      'services.detail.workingTime{"h":3,"m":20}',
    )
  })

  it('shows training seats as filled of offered and the pass rate of results only', () => {
    const v = values(
      zero({ sessions_held: 2, seats_filled: 18, seats_offered: 24, fill_rate: 0.75 }),
      'training',
    )
    expect(v.seats).toBe('reports.figures.seatsOf{"filled":"18","offered":"24"}')
    expect(v.fill).toBe('75%')
    expect(v.pass).toBe('–')
  })
})
