// What the training screens compute from the server's answers: money, seat counts, where an
// enrolment stands, a session editor's meetings. The rules themselves stay on the server.
import { locale } from '@/locales'
import { dayjs, DEFAULT_TZ } from '@/locales/time'
import type { Course, EnrollmentStatus, Session } from '@/types'

/** yuan shows an amount in fen as yuan with two decimals ("¥1,200.00"). */
export function yuan(fen: number): string {
  return `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** Titled is anything that names a course in Chinese and, maybe, in English. */
export type Titled =
  Pick<Course, 'title' | 'title_en'> | { course_title: string; course_title_en?: string | null }

/** courseTitle is a course's title in the current language: the English one in English when
 * there is one. */
export function courseTitle(c: Titled): string {
  const [zh, en] = 'title' in c ? [c.title, c.title_en] : [c.course_title, c.course_title_en]
  return locale.value === 'en' && en ? en : zh
}

/** dropNulls leaves out the fields that are null: a new object's body says nothing of what it
 * lacks, while a change's body clears a field with null. */
export function dropNulls<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as {
    [K in keyof T]: Exclude<T[K], null>
  }
}

/** isLive reports whether an enrolment still holds a seat or a place in the waitlist. */
export const isLive = (status: EnrollmentStatus) => status === 'enrolled' || status === 'waitlisted'

/** SeatState is what a session's seat line says: seats left, only the waitlist, or closed. */
export type SeatState = 'seats' | 'waitlist' | 'closed' | 'cancelled'

/** seatState reads a session's counts and window as the server sent them. */
export function seatState(s: Pick<Session, 'status' | 'enrollment_open' | 'seats_left'>): SeatState {
  if (s.status === 'cancelled') return 'cancelled'
  if (!s.enrollment_open) return 'closed'
  return s.seats_left > 0 ? 'seats' : 'waitlist'
}

/** fillPercent is how full a session is, 0–100, for its bar. */
export function fillPercent(s: Pick<Session, 'seats' | 'enrolled_count'>): number {
  if (s.seats <= 0) return 100
  return Math.min(100, Math.round((s.enrolled_count / s.seats) * 100))
}

/** MineTab is a part of "my courses": seats held, waitlist places, passes, or everything
 * (what is over, with its result, among it). */
export type MineTab = 'enrolled' | 'waitlisted' | 'passed' | 'all'

/** tabStatus is the enrolment status a part of "my courses" asks for ('' for any). */
export const tabStatus = (tab: MineTab): EnrollmentStatus | '' => (tab === 'all' ? '' : tab)

/** MeetingDraft is one meeting as the session editor holds it: the facility's wall-clock times. */
export interface MeetingDraft {
  date: string
  start: string
  end: string
}

/** meetingInstants turns the editor's meetings into instants with the zone's offset, refusing
 * none: the server says what is wrong with them. */
export function meetingInstants(meetings: MeetingDraft[], tz = DEFAULT_TZ) {
  return meetings.map((m) => ({
    start_at: dayjs.tz(`${m.date} ${m.start}`, 'YYYY-MM-DD HH:mm', tz).format(),
    end_at: dayjs.tz(`${m.date} ${m.end}`, 'YYYY-MM-DD HH:mm', tz).format(),
  }))
}

/** meetingDrafts is the inverse of meetingInstants, for editing a session's meetings. */
export function meetingDrafts(meetings: { start_at: string; end_at: string }[], tz = DEFAULT_TZ) {
  return meetings.map((m) => {
    const s = dayjs(m.start_at).tz(tz)
    return {
      date: s.format('YYYY-MM-DD'),
      start: s.format('HH:mm'),
      end: dayjs(m.end_at).tz(tz).format('HH:mm'),
    }
  })
}

/** nextMeeting is a new meeting a week after the last one (the usual weekly class), or the next
 * morning at nine for the first. */
export function nextMeeting(meetings: MeetingDraft[], now: Date, tz = DEFAULT_TZ): MeetingDraft {
  const last = meetings[meetings.length - 1]
  if (last) {
    return { ...last, date: dayjs.tz(last.date, 'YYYY-MM-DD', tz).add(7, 'day').format('YYYY-MM-DD') }
  }
  return { date: dayjs(now).tz(tz).add(1, 'day').format('YYYY-MM-DD'), start: '09:00', end: '12:00' }
}

/** secondsLeft is how many whole seconds remain until an instant, never below zero. */
export function secondsLeft(until: string, now: number): number {
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000))
}

/** signinLink reads the code and session a sign-in QR code carries in its address. */
export function signinLink(query: Record<string, unknown>): { code: string; session: number | undefined } {
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v)
  const code = String(one(query.code) ?? '')
    .replace(/\D/g, '')
    .slice(0, 6)
  const session = Number(one(query.session)) || undefined
  return { code, session }
}
