// The period of a blackout as the form takes it, in the facility's time zone.
import { dayjs } from '@/locales/time'

/** HOLIDAYS are the public holidays the form offers as a reason, in the year's order. */
export const HOLIDAYS = [
  'newYear',
  'springFestival',
  'qingming',
  'labourDay',
  'dragonBoat',
  'midAutumn',
  'nationalDay',
] as const

/** Holiday is one of HOLIDAYS. */
export type Holiday = (typeof HOLIDAYS)[number]

/**
 * periodInstants turns the form's wall-clock times into instants with the zone's offset: from
 * `from` to `to` ("YYYY-MM-DD HH:mm"), or, all day, from midnight of the first day ("YYYY-MM-DD")
 * to midnight after the last.
 */
export function periodInstants(
  from: string,
  to: string,
  allDay: boolean,
  tz: string,
): { start_at: string; end_at: string } {
  const start = dayjs.tz(allDay ? `${from} 00:00` : from, tz)
  const end = allDay ? dayjs.tz(`${to} 00:00`, tz).add(1, 'day') : dayjs.tz(to, tz)
  return { start_at: start.format(), end_at: end.format() }
}
