import type { LeagueIndicator, LeagueIndicators } from '@/types'

/** indicators are the league's indicators in the order the table shows them. */
export const indicators: readonly LeagueIndicator[] = [
  'utilization',
  'open_share',
  'on_time',
  'rating',
  'fill',
  'pass',
  'smes_served',
]

/** formatIndicator shows an indicator's value: ratios as percentages, the rating to one decimal,
 * the SMEs served as a count. */
export function formatIndicator(key: LeagueIndicator, v: number): string {
  if (key === 'rating') return v.toFixed(1)
  if (key === 'smes_served') return String(Math.round(v))
  return `${(v * 100).toFixed(1)}%`
}

/** weightShares is each weight's share of their sum, as a percentage (0 when they add up to 0). */
export function weightShares(w: LeagueIndicators): Record<LeagueIndicator, string> {
  const sum = indicators.reduce((s, k) => s + w[k], 0)
  return Object.fromEntries(
    indicators.map((k) => [k, sum > 0 ? `${((w[k] / sum) * 100).toFixed(0)}%` : '0%']),
  ) as Record<LeagueIndicator, string>
}
