// Times come from the API in RFC 3339 and are shown in the facility's time zone, whatever the
// browser's zone is.
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import 'dayjs/locale/zh-cn'

dayjs.extend(utc)
dayjs.extend(timezone)

/** DEFAULT_TZ is the zone of facilities that name none (the server's TZ_DEFAULT). */
export const DEFAULT_TZ = 'Asia/Shanghai'

/** Weekday is a day of the week as the API and dayjs number them: 0 is Sunday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6

/** WEEK lists the days Monday first, as Chinese calendars do. */
export const WEEK: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 0]

export { dayjs }

/** inZone returns the instant as a dayjs in the zone. */
export function inZone(iso: string | Date, tz: string = DEFAULT_TZ): dayjs.Dayjs {
  return dayjs(iso).tz(tz)
}

/** formatDateTime shows an instant as a local date and time in the zone ("2026-03-02 09:00"). */
export function formatDateTime(iso: string | null | undefined, tz: string = DEFAULT_TZ): string {
  return iso ? inZone(iso, tz).format('YYYY-MM-DD HH:mm') : ''
}

/** formatRange shows an interval, leaving out the end's date when it is the same day. */
export function formatRange(start: string, end: string, tz: string = DEFAULT_TZ): string {
  const s = inZone(start, tz)
  const e = inZone(end, tz)
  const endFmt = s.isSame(e, 'day') ? 'HH:mm' : 'YYYY-MM-DD HH:mm'
  return `${s.format('YYYY-MM-DD HH:mm')} – ${e.format(endFmt)}`
}

/**
 * toWall and fromWall carry instants to and from a calendar that shows a zone's wall-clock time
 * while it computes in UTC (FullCalendar without a time-zone plugin): 09:00 in Asia/Shanghai is
 * handed over as 09:00Z, and a selection at 09:00Z means 09:00 in Asia/Shanghai.
 */
export function toWall(iso: string | Date, tz: string): string {
  return inZone(iso, tz).format('YYYY-MM-DDTHH:mm:ss') + 'Z'
}

/** fromWall is the inverse of toWall: it returns the RFC 3339 instant with the zone's offset. */
export function fromWall(wall: Date, tz: string): string {
  const local = dayjs.utc(wall).format('YYYY-MM-DDTHH:mm:ss')
  return dayjs.tz(local, tz).format()
}
