import type { Goal, GoverningBody, LeagueIndicator, Seat } from '@/types'

/** bodies are a consortium's governing bodies in the order the page shows them. */
export const bodies: readonly GoverningBody[] = ['council', 'secretariat', 'platform']

/** positions are each body's positions, senior first (the server's list). */
export const positions: Record<GoverningBody, readonly string[]> = {
  council: ['chair', 'vice_chair', 'director', 'supervisor'],
  secretariat: ['secretary_general', 'deputy_secretary_general', 'staff'],
  platform: ['operator', 'lead', 'staff'],
}

/** isPast reports whether a seat's term ended before today (a YYYY-MM-DD day). */
export const isPast = (s: Seat, today: string): boolean => !!s.term_end && s.term_end < today

/** seatsOf lists a body's seats, current ones first, each group by position (senior first) and
 * then by the term's start, the latest first; past ones only when asked for. */
export function seatsOf(
  seats: readonly Seat[],
  body: GoverningBody,
  today: string,
  withPast: boolean,
): Seat[] {
  const order = positions[body]
  return seats
    .filter((s) => s.body === body && (withPast || !isPast(s, today)))
    .sort(
      (a, b) =>
        Number(isPast(a, today)) - Number(isPast(b, today)) ||
        order.indexOf(a.position) - order.indexOf(b.position) ||
        b.term_start.localeCompare(a.term_start) ||
        a.id - b.id,
    )
}

/** progress is how much of a goal is reached, in percent from 0 to 100 (null before the year has
 * figures); every indicator is better higher. */
export function progress(g: Goal): number | null {
  if (g.reached === null) return null
  if (g.target <= 0) return 100
  return Math.min(100, Math.round((g.reached / g.target) * 100))
}

/** targetScale is how a target is entered: ratios as percentages, the rating and the SMEs as
 * they are. */
export function targetScale(k: LeagueIndicator): {
  factor: number
  min: number
  max: number
  step: number
  precision: number
} {
  if (k === 'rating') return { factor: 1, min: 1, max: 5, step: 0.1, precision: 1 }
  if (k === 'smes_served') return { factor: 1, min: 0, max: 1_000_000, step: 1, precision: 0 }
  return { factor: 100, min: 0, max: 100, step: 1, precision: 1 }
}
