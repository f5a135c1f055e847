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

// A decision's stored body is "<start> – <end>" in RFC 3339, then ": <note>" when the manager
// wrote one (app/notification.go notifyDecision).
const decisionBody = /^(\S+) – (\S+?)(?:: ([\s\S]*))?$/

function body(n: Notification, kind: Kind, t: Translate): string {
  switch (kind) {
    case 'hold_offered': {
      const until = (n.data as Record<string, unknown>).hold_expires_at
      return typeof until === 'string'
        ? t('booking.notify.hold_offered.body', { until: formatDateTime(until) })
        : n.body
    }
    case 'hold_expired':
    case 'booking_no_show':
      return t(`booking.notify.${kind}.body`)
    default: {
      const m = decisionBody.exec(n.body)
      if (!m || Number.isNaN(Date.parse(m[1] ?? '')) || Number.isNaN(Date.parse(m[2] ?? ''))) return n.body
      const range = formatRange(m[1] ?? '', m[2] ?? '')
      return m[3] ? t('booking.notify.withNote', { range, note: m[3] }) : range
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
