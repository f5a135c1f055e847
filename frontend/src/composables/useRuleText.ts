import { shallowRef } from 'vue'
import { fetchSettings } from '@/api/auth'
import { useI18n } from '@/locales'
import type { Rules, Settings } from '@/types'

/** RuleLine is one booking rule as a label and its value in words. */
export interface RuleLine {
  key: string
  label: string
  value: string
}

/** BookingLimits are the booking engine's rules that no resource sets (from the settings). */
export type BookingLimits = Settings['booking_limits']

/** RuleContext is what the rules summary knows beside the rules themselves. */
export interface RuleContext {
  qualification?: string
  /** capacity is the resource's seats; without it (a facility's defaults) seats are not worded. */
  capacity?: number
  /** seriesHorizonDays is the facility's horizon for the later dates of a weekly series. */
  seriesHorizonDays?: number
  limits?: BookingLimits | null
}

let limits: Promise<BookingLimits | null> | null = null

/** useBookingLimits loads the engine's own limits once per page load, for the rules summary. */
export function useBookingLimits() {
  const out = shallowRef<BookingLimits | null>(null)
  limits ??= fetchSettings()
    .then((s) => s.booking_limits ?? null)
    .catch(() => {
      limits = null
      return null
    })
  void limits.then((l) => (out.value = l))
  return out
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

  /** length words the duration range; a zero bound is no bound, as the engine reads it. */
  function length(min: number, max: number): string {
    if (max > 0 && min > 0)
      return t('catalog.rules.durationRange', { min: duration(min), max: duration(max) })
    if (max > 0) return t('catalog.rules.atMost', { t: duration(max) })
    if (min > 0) return t('catalog.rules.atLeast', { t: duration(min) })
    return t('catalog.rules.noLimit')
  }

  /**
   * lines lists every rule the booking engine applies to a person's booking, in the order they
   * matter: what one booking may be, when it may be made, how much one may hold, who may book,
   * and what follows it (cancelling, checking in, credit, price).
   */
  function lines(r: Rules, c: RuleContext = {}): RuleLine[] {
    const line = (key: string, label: string, value: string): RuleLine => ({ key, label, value })
    const out: RuleLine[] = []
    if (c.capacity)
      out.push(
        line(
          'seats',
          t('catalog.rules.seats'),
          c.capacity > 1 ? t('catalog.rules.pooled', { n: c.capacity }) : t('catalog.rules.exclusive'),
        ),
      )
    out.push(
      line('duration', t('catalog.rules.duration'), length(r.min_minutes, r.max_minutes)),
      line('slot_minutes', t('catalog.rules.slot_minutes'), duration(r.slot_minutes)),
      line(
        'min_lead_minutes',
        t('catalog.rules.min_lead_minutes'),
        r.min_lead_minutes > 0 ? duration(r.min_lead_minutes) : t('catalog.rules.noLead'),
      ),
      line(
        'max_advance_days',
        t('catalog.rules.max_advance_days'),
        r.max_advance_days > 0 ? t('common.days', { n: r.max_advance_days }) : t('catalog.rules.noLimit'),
      ),
      line(
        'buffer_minutes',
        t('catalog.rules.buffer_minutes'),
        r.buffer_minutes > 0 ? duration(r.buffer_minutes) : t('common.none'),
      ),
      line(
        'weekly_quota_minutes',
        t('catalog.rules.weekly_quota_minutes'),
        r.weekly_quota_minutes > 0 ? duration(r.weekly_quota_minutes) : t('catalog.rules.noQuota'),
      ),
    )
    if (c.limits)
      out.push(
        line(
          'max_upcoming',
          t('catalog.rules.max_upcoming'),
          t('catalog.rules.upcomingValue', {
            n: c.limits.max_upcoming_bookings,
            series: c.limits.max_open_series,
          }),
        ),
      )
    // A later date of a series may reach the facility's horizon, or the advance window where
    // that reaches further.
    if (c.seriesHorizonDays)
      out.push(
        line(
          'series_horizon',
          t('catalog.rules.series_horizon'),
          t('catalog.rules.seriesValue', { n: Math.max(c.seriesHorizonDays, r.max_advance_days) }),
        ),
      )
    out.push(
      line(
        'requires_approval',
        t('catalog.resource.approval'),
        r.requires_approval ? t('catalog.resource.approvalRequired') : t('catalog.resource.noApproval'),
      ),
      line(
        'qualification',
        t('catalog.resource.qualification'),
        c.qualification
          ? t('catalog.resource.qualificationRequired', { name: c.qualification })
          : t('catalog.resource.noQualification'),
      ),
      line(
        'cancel_deadline_minutes',
        t('catalog.rules.cancel_deadline_minutes'),
        t('catalog.rules.cancelBefore', { t: duration(r.cancel_deadline_minutes) }),
      ),
      line(
        'checkin_grace_minutes',
        t('catalog.rules.checkin_grace_minutes'),
        t('catalog.rules.checkinValue', { t: duration(r.checkin_grace_minutes) }),
      ),
    )
    if (c.limits)
      out.push(
        line(
          'credit',
          t('catalog.rules.credit'),
          t('catalog.rules.creditValue', {
            noShow: c.limits.no_show_points,
            late: c.limits.late_cancel_points,
            days: c.limits.credit_window_days,
            n: c.limits.credit_threshold,
            suspend: c.limits.credit_suspension_days,
          }),
        ),
      )
    out.push(
      line('rate_internal_fen', t('catalog.rules.rate_internal_fen'), money(r.rate_internal_fen)),
      line('rate_external_fen', t('catalog.rules.rate_external_fen'), money(r.rate_external_fen)),
    )
    return out
  }

  return { duration, money, lines }
}
