// The units a manager edits a booking rule's duration in.

/** Unit is a unit of a rule's duration. */
export type Unit = 'minute' | 'hour' | 'day'

/** unitMinutes is how many minutes one of each unit is. */
export const unitMinutes: Record<Unit, number> = { minute: 1, hour: 60, day: 1440 }

/**
 * bestUnit is the largest of the units that words the minutes as a whole number (2 hours rather
 * than 120 minutes, 90 minutes rather than 1.5 hours); for none, the first unit offered.
 */
export function bestUnit(minutes: number, units: readonly Unit[]): Unit {
  const first = units[0] ?? 'minute'
  if (minutes <= 0) return first
  return units.reduce(
    (best, u) => (minutes % unitMinutes[u] === 0 && unitMinutes[u] > unitMinutes[best] ? u : best),
    units.find((u) => minutes % unitMinutes[u] === 0) ?? first,
  )
}
