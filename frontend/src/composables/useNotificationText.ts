import { type Translate, useI18n } from '@/locales'
import { formatDateTime, formatRange } from '@/locales/time'
import { localName } from './useLocalName'
import type { Notification } from '@/types'

/** NOTIFICATION_KINDS are the kinds the UI words itself; others show the stored text. */
export const NOTIFICATION_KINDS = [
  'hold_offered',
  'hold_expired',
  'booking_approved',
  'booking_rejected',
  'booking_cancelled',
  'booking_no_show',
] as const

/** TRAINING_KINDS are the training bases' kinds (app/training), worded from their data: the
 * course's title, the session's start and, by kind, the result or the qualification. */
export const TRAINING_KINDS = [
  'enrollment_promoted',
  'session_changed',
  'session_cancelled',
  'course_result',
  'session_reminder',
  'qualification_expiring',
] as const

/** SERVICE_KINDS are the technical services' kinds (app/services), titled here and worded from
 * the request's title when the data carries it. */
export const SERVICE_KINDS = [
  'service_submitted',
  'service_quoted',
  'service_rejected',
  'service_started',
  'service_delivered',
  'service_closed',
  'service_accepted',
  'service_declined',
  'service_cancelled',
  'service_revision',
  'service_response_overdue',
  'service_due_overdue',
  'service_reply_overdue',
  'service_rated',
  'service_message',
] as const

/** TALENT_KINDS are the talent board's kinds (app/talent): an enterprise's decision on a
 * student's application, worded from the opening's title. */
export const TALENT_KINDS = ['talent_shortlisted', 'talent_accepted', 'talent_declined'] as const

/** REPORT_KIND is the monthly report (app/reports): its scope's name and its month. */
export const REPORT_KIND = 'report_monthly'

type Kind = (typeof NOTIFICATION_KINDS)[number]
type ServiceKind = (typeof SERVICE_KINDS)[number]
type TrainingKind = (typeof TRAINING_KINDS)[number]
type TalentKind = (typeof TALENT_KINDS)[number]

const known = (kind: string): kind is Kind => (NOTIFICATION_KINDS as readonly string[]).includes(kind)
const training = (kind: string): kind is TrainingKind => (TRAINING_KINDS as readonly string[]).includes(kind)
const service = (kind: string): kind is ServiceKind => (SERVICE_KINDS as readonly string[]).includes(kind)
const talent = (kind: string): kind is TalentKind => (TALENT_KINDS as readonly string[]).includes(kind)

/** str reads a string from a notification's data. */
function str(n: Notification, key: string): string | undefined {
  const v = (n.data as Record<string, unknown>)[key]
  return typeof v === 'string' ? v : undefined
}

function body(n: Notification, kind: Kind, t: Translate): string {
  switch (kind) {
    case 'hold_offered': {
      const until = str(n, 'hold_expires_at')
      return until ? t('booking.notify.hold_offered.body', { until: formatDateTime(until) }) : n.body
    }
    case 'hold_expired':
    case 'booking_no_show':
      return t(`booking.notify.${kind}.body`)
    default: {
      // A manager's decision: the booking's interval (app/booking/notify.go) and their note.
      const start = str(n, 'start_at')
      const end = str(n, 'end_at')
      if (!start || !end) return n.body
      const range = formatRange(start, end)
      const note = str(n, 'note')
      return note ? t('booking.notify.withNote', { range, note }) : range
    }
  }
}

// A training notification's body needs its course (or qualification), in the reader's language
// where it has an English name, and its time; without them it keeps the stored text.
function trainingBody(n: Notification, kind: TrainingKind, t: Translate): string {
  const key = `training.notify.${kind}.body` as const
  if (kind === 'qualification_expiring') {
    const name = localName({
      name: str(n, 'qualification_name') ?? '',
      name_en: str(n, 'qualification_name_en'),
    })
    const at = str(n, 'expires_at')
    return name && at ? t(key, { name, at: formatDateTime(at).slice(0, 10) }) : n.body
  }
  const course = localName({ name: str(n, 'course_title') ?? '', name_en: str(n, 'course_title_en') })
  if (!course) return n.body
  if (kind === 'course_result') {
    const result = str(n, 'result')
    return result ? t(key, { course, result: t(`training.statuses.${result as 'passed'}`) }) : n.body
  }
  const start = str(n, 'start_at')
  return start ? t(key, { course, start: formatDateTime(start) }) : n.body
}

/** notificationText words a notification in the UI's language from its kind and data, and
 * falls back to the text the server stored for kinds it does not know. */
export function notificationText(n: Notification, t: Translate): { title: string; body: string } {
  if (n.kind === REPORT_KIND) {
    const named = n.data.name as { name?: string; name_en?: string } | undefined
    const name = localName({ name: named?.name ?? '', name_en: named?.name_en })
    const month = str(n, 'month')
    return {
      title: t('reports.notify.report_monthly.title'),
      body: name && month ? t('reports.notify.report_monthly.body', { name, month }) : n.body,
    }
  }
  if (service(n.kind)) {
    const title = str(n, 'request_title') ?? str(n, 'title')
    return {
      title: t(`services.notify.${n.kind}`),
      body: title ? t('services.notify.body', { title }) : n.body,
    }
  }
  if (talent(n.kind)) {
    const title = str(n, 'title')
    return { title: t(`talent.notify.${n.kind}`), body: title ? t('talent.notify.body', { title }) : n.body }
  }
  if (training(n.kind))
    return { title: t(`training.notify.${n.kind}.title`), body: trainingBody(n, n.kind, t) }
  if (!known(n.kind)) return { title: n.title, body: n.body }
  return { title: t(`booking.notify.${n.kind}.title`), body: body(n, n.kind, t) }
}

/** kindTitle names a kind as its notifications are titled, or by its code when the UI words none. */
export function kindTitle(kind: string, t: Translate): string {
  return notificationText({ kind, title: kind, body: '', data: {} } as unknown as Notification, t).title
}

/** useNotificationText is notificationText with the component's translator. */
export function useNotificationText() {
  const { t } = useI18n()
  return (n: Notification) => notificationText(n, t)
}
