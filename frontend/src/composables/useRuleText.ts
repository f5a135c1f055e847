import { useI18n } from '@/locales'
import type { Rules } from '@/types'

/** RuleLine is one booking rule as a label and its value in words. */
export interface RuleLine {
  key: string
  label: string
  value: string
}

/** useRuleText words booking rules plainly, for the resource page and the booking dialog. */
export function useRuleText() {
  const { t } = useI18n()

  /** duration words minutes as minutes, hours or days, whichever reads best. */
  function duration(min: number): string {
    if (min > 0 && min % 1440 === 0) return t('common.days', { n: min / 1440 })
    if (min >= 60 && min % 60 === 0) return t('common.hours', { n: min / 60 })
    if (min > 60) return t('common.hours', { n: +(min / 60).toFixed(1) })
    return t('common.minutes', { n: min })
  }

  function money(fen: number): string {
    return fen > 0 ? t('common.yuanPerHour', { n: (fen / 100).toFixed(2) }) : t('catalog.rules.free')
  }

  /** lines lists the rules a booker needs to know, in the order they matter. */
  function lines(r: Rules, qualificationName = ''): RuleLine[] {
    const out: RuleLine[] = [
      {
        key: 'duration',
        label: t('catalog.rules.duration'),
        value: t('catalog.rules.durationRange', {
          min: duration(r.min_minutes),
          max: duration(r.max_minutes),
        }),
      },
      { key: 'slot_minutes', label: t('catalog.rules.slot_minutes'), value: duration(r.slot_minutes) },
      {
        key: 'max_advance_days',
        label: t('catalog.rules.max_advance_days'),
        value: t('common.days', { n: r.max_advance_days }, r.max_advance_days),
      },
    ]
    if (r.min_lead_minutes > 0) {
      out.push({
        key: 'min_lead_minutes',
        label: t('catalog.rules.min_lead_minutes'),
        value: duration(r.min_lead_minutes),
      })
    }
    if (r.buffer_minutes > 0) {
      out.push({
        key: 'buffer_minutes',
        label: t('catalog.rules.buffer_minutes'),
        value: duration(r.buffer_minutes),
      })
    }
    out.push(
      {
        key: 'weekly_quota_minutes',
        label: t('catalog.rules.weekly_quota_minutes'),
        value: r.weekly_quota_minutes > 0 ? duration(r.weekly_quota_minutes) : t('catalog.rules.noQuota'),
      },
      {
        key: 'requires_approval',
        label: t('catalog.resource.approval'),
        value: r.requires_approval
          ? t('catalog.resource.approvalRequired')
          : t('catalog.resource.noApproval'),
      },
      {
        key: 'qualification',
        label: t('catalog.resource.qualification'),
        value: qualificationName
          ? t('catalog.resource.qualificationRequired', { name: qualificationName })
          : t('catalog.resource.noQualification'),
      },
      {
        key: 'cancel_deadline_minutes',
        label: t('catalog.rules.cancel_deadline_minutes'),
        value: t('catalog.rules.cancelBefore', { t: duration(r.cancel_deadline_minutes) }),
      },
      {
        key: 'checkin_grace_minutes',
        label: t('catalog.rules.checkin_grace_minutes'),
        value: duration(r.checkin_grace_minutes),
      },
      {
        key: 'rate_internal_fen',
        label: t('catalog.rules.rate_internal_fen'),
        value: money(r.rate_internal_fen),
      },
      {
        key: 'rate_external_fen',
        label: t('catalog.rules.rate_external_fen'),
        value: money(r.rate_external_fen),
      },
    )
    return out
  }

  return { duration, money, lines }
}
