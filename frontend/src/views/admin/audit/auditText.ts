import type { Translate, TranslateOr } from '@/locales'
import type { AuditLog } from '@/types'

/** objectTypes are the kinds of object the audit log names, in the order the filter offers them. */
const objectTypes = [
  'user',
  'organization',
  'consortium',
  'cluster',
  'facility',
  'resource',
  'blackout',
  'qualification',
  'booking',
  'course',
  'course_session',
  'enrollment',
  'certificate',
  'service_offering',
  'charge',
  'league_weights',
] as const

/**
 * auditText words an audit record for people: its object's kind and its action, read from the
 * action's code (`booking.cancel`: the object, then the verb). A code the UI has no words for
 * shows as the server writes it.
 */
export function auditText(t: Translate, tOr: TranslateOr) {
  const object = (type: string) => tOr(`admin.audit.objects.${type}`, type)
  function action(r: Pick<AuditLog, 'action'>): string {
    const dot = r.action.indexOf('.')
    if (dot < 0) return r.action
    const verb = tOr(`admin.audit.verbs.${r.action.slice(dot + 1)}`, '')
    const subject = tOr(`admin.audit.objects.${r.action.slice(0, dot)}`, '')
    return verb && subject ? t('admin.audit.actionText', { object: subject, verb }) : r.action
  }
  return { objectTypes, object, action }
}
