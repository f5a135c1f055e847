// Time arithmetic of the booking forms, in the facility's time zone.
import { dayjs, inZone } from '@/locales/time'
import type { FreeInterval } from '@/types'

/** LocalSlot is an interval as the forms show it: a local date and two local times. */
export interface LocalSlot {
  date: string
  start: string
  end: string
}

/** toLocalSlot reads an interval of instants as a local date and times; an end at midnight is 24:00. */
export function toLocalSlot(startISO: string, endISO: string, tz: string): LocalSlot {
  const s = inZone(startISO, tz)
  const e = inZone(endISO, tz)
  const end = e.format('HH:mm') === '00:00' && !e.isSame(s, 'day') ? '24:00' : e.format('HH:mm')
  return { date: s.format('YYYY-MM-DD'), start: s.format('HH:mm'), end }
}

/** toInstants turns a local slot back into RFC 3339 instants with the zone's offset. */
export function toInstants(slot: LocalSlot, tz: string): { start_at: string; end_at: string } {
  const start = dayjs.tz(`${slot.date} ${slot.start}`, tz)
  const end =
    slot.end === '24:00'
      ? dayjs.tz(`${slot.date} 00:00`, tz).add(1, 'day')
      : dayjs.tz(`${slot.date} ${slot.end}`, tz)
  return { start_at: start.format(), end_at: end.format() }
}

/** isFree reports whether one free interval covers the whole range with enough seats. */
export function isFree(free: FreeInterval[], startISO: string, endISO: string, seats = 1): boolean {
  const s = Date.parse(startISO)
  const e = Date.parse(endISO)
  return free.some((f) => Date.parse(f.start_at) <= s && Date.parse(f.end_at) >= e && f.free_seats >= seats)
}

/** timeOptions lists the times of a day on the slot grid ("08:00", "08:30", …, "24:00"). */
export function timeOptions(slotMinutes: number): string[] {
  const out: string[] = []
  const step = Math.max(5, slotMinutes)
  for (let m = 0; m <= 1440; m += step) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`)
  }
  return out
}

/** Span is an interval of instants as the API sends it. */
export interface Span {
  start_at: string
  end_at: string
}

/** overlapping lists the spans that share time with the range. */
export function overlapping<T extends Span>(spans: readonly T[], startISO: string, endISO: string): T[] {
  const s = Date.parse(startISO)
  const e = Date.parse(endISO)
  return spans.filter((x) => Date.parse(x.start_at) < e && Date.parse(x.end_at) > s)
}

/** BookableDays is what the pickers know of a window's availability for the user. */
export interface BookableDays {
  from: string
  to: string
  /** open is time free or taken by others: a day with none is closed to the user. */
  open: readonly Span[]
  bookableUntil: string | null
}

/**
 * dayDisabler tells a date picker which days to refuse: days before today and past the user's
 * advance window, and, inside the window whose availability is known, days with no time free or
 * taken by others (closed all day: no opening hours, a blackout, the quota used up, …). The
 * picker hands a day as its local midnight; days are the facility's.
 */
export function dayDisabler(days: BookableDays | null, tz: string): (d: Date) => boolean {
  const today = inZone(new Date(), tz).format('YYYY-MM-DD')
  const last = days?.bookableUntil ? inZone(days.bookableUntil, tz).format('YYYY-MM-DD') : null
  const first = days ? inZone(days.from, tz).format('YYYY-MM-DD') : null
  const end = days ? inZone(days.to, tz).subtract(1, 'millisecond').format('YYYY-MM-DD') : null
  const open = new Set<string>()
  for (const s of days?.open ?? []) {
    const lastDay = inZone(s.end_at, tz).subtract(1, 'millisecond').format('YYYY-MM-DD')
    for (let d = inZone(s.start_at, tz); d.format('YYYY-MM-DD') <= lastDay; d = d.add(1, 'day')) {
      open.add(d.format('YYYY-MM-DD'))
    }
  }
  return (date: Date) => {
    const day = dayjs(date).format('YYYY-MM-DD')
    if (day < today || (last !== null && day > last)) return true
    return first !== null && end !== null && day >= first && day <= end && !open.has(day)
  }
}
