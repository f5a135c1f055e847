// Layout of the facility schedule: which part of each day's bar an interval covers, in the
// facility's time zone.
import { dayjs } from '@/locales/time'

/** Span is an interval of instants as the API sends it. */
export interface Span {
  start_at: string
  end_at: string
}

/** Segment is an interval placed on a day's bar: left and width in percent of the bar. */
export interface Segment<T extends Span> {
  item: T
  left: number
  width: number
}

/** DayWindow is the part of each day the bars show, in minutes after local midnight. */
export type DayWindow = [number, number]

/** DEFAULT_WINDOW is 08:00–20:00, the bar of a schedule with nothing in it. */
export const DEFAULT_WINDOW: DayWindow = [8 * 60, 20 * 60]

const minutesOf = (iso: string, tz: string) => {
  const d = dayjs(iso).tz(tz)
  return d.hour() * 60 + d.minute()
}

/** dayWindow is the whole hours from the earliest local start to the latest local end of the
 * spans (an end at midnight or on a later day counts as 24:00); DEFAULT_WINDOW when none. */
export function dayWindow(spans: readonly Span[], tz: string): DayWindow {
  if (spans.length === 0) return DEFAULT_WINDOW
  let lo = 24 * 60
  let hi = 0
  for (const s of spans) {
    const start = dayjs(s.start_at).tz(tz)
    const end = dayjs(s.end_at).tz(tz)
    lo = Math.min(lo, minutesOf(s.start_at, tz))
    hi = Math.max(hi, end.isSame(start, 'day') ? minutesOf(s.end_at, tz) : 24 * 60)
  }
  return [Math.floor(lo / 60) * 60, Math.min(24 * 60, Math.ceil(hi / 60) * 60)]
}

/** daySegments places the spans that fall on the local day (YYYY-MM-DD) within the window,
 * clipping those that start before or end after it. */
export function daySegments<T extends Span>(
  spans: readonly T[],
  day: string,
  tz: string,
  window: DayWindow,
): Segment<T>[] {
  const midnight = dayjs.tz(day, tz)
  const from = midnight.add(window[0], 'minute').valueOf()
  const to = midnight.add(window[1], 'minute').valueOf()
  const length = to - from
  if (length <= 0) return []
  const out: Segment<T>[] = []
  for (const item of spans) {
    const s = Math.max(Date.parse(item.start_at), from)
    const e = Math.min(Date.parse(item.end_at), to)
    if (e <= s) continue
    out.push({ item, left: ((s - from) / length) * 100, width: ((e - s) / length) * 100 })
  }
  return out
}

/** daysOf lists the local days of a week (from its first day) or the one day. */
export function daysOf(first: string, mode: 'day' | 'week'): string[] {
  const n = mode === 'week' ? 7 : 1
  return Array.from({ length: n }, (_, i) => dayjs(first).add(i, 'day').format('YYYY-MM-DD'))
}
