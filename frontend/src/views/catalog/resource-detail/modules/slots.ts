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
