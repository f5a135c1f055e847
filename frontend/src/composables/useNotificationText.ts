import { type Translate, useI18n } from '@/locales'
import { formatDateTime, formatRange } from '@/locales/time'
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

type Kind = (typeof NOTIFICATION_KINDS)[number]

const known = (kind: string): kind is Kind => (NOTIFICATION_KINDS as readonly string[]).includes(kind)

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

/** notificationText words a notification in the UI's language from its kind and data, and
 * falls back to the text the server stored for kinds it does not know. */
export function notificationText(n: Notification, t: Translate): { title: string; body: string } {
  if (!known(n.kind)) return { title: n.title, body: n.body }
  return { title: t(`booking.notify.${n.kind}.title`), body: body(n, n.kind, t) }
}

/** useNotificationText is notificationText with the component's translator. */
export function useNotificationText() {
  const { t } = useI18n()
  return (n: Notification) => notificationText(n, t)
}
