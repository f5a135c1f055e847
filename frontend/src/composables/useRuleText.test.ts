import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount } from '@vue/test-utils'
import { i18n } from '@/locales'
import type { Rules } from '@/types'
import { type RuleLine, useRuleText } from './useRuleText'

const rules = {
  slot_minutes: 30,
  min_minutes: 0,
  max_minutes: 240,
  max_advance_days: 0,
  min_lead_minutes: 0,
  buffer_minutes: 15,
  weekly_quota_minutes: 600,
  requires_approval: true,
  qualification: null,
  qualification_id: null,
  cancel_deadline_minutes: 120,
  checkin_grace_minutes: 15,
  rate_internal_fen: 2000,
  rate_external_fen: 0,
} as unknown as Rules

const limits = {
  max_upcoming_bookings: 50,
  max_open_series: 10,
  no_show_points: 2,
  late_cancel_points: 1,
  credit_threshold: 6,
  credit_window_days: 30,
  credit_suspension_days: 14,
}

function linesOf(fn: (r: ReturnType<typeof useRuleText>) => RuleLine[]): RuleLine[] {
  let out: RuleLine[] = []
  mount(
    defineComponent({
      setup() {
        out = fn(useRuleText())
        return () => h('div')
      },
    }),
    { global: { plugins: [i18n] } },
  )
  return out
}

describe('useRuleText', () => {
  it('words every rule the booking engine applies, a zero bound as no limit', () => {
    const lines = linesOf((r) =>
      r.lines(rules, { qualification: '激光安全', capacity: 4, seriesHorizonDays: 120, limits }),
    )
    expect(lines.map((l) => l.key)).toEqual([
      'seats',
      'duration',
      'slot_minutes',
      'min_lead_minutes',
      'max_advance_days',
      'buffer_minutes',
      'weekly_quota_minutes',
      'max_upcoming',
      'series_horizon',
      'requires_approval',
      'qualification',
      'cancel_deadline_minutes',
      'checkin_grace_minutes',
      'credit',
      'rate_internal_fen',
      'rate_external_fen',
    ])
    const value = (k: string) => lines.find((l) => l.key === k)?.value
    expect(value('seats')).toBe('1–4 个工位，可与他人同时使用')
    expect(value('duration')).toBe('至多 4 小时')
    expect(value('max_advance_days')).toBe('不限')
    expect(value('min_lead_minutes')).toBe('随时可约')
    expect(value('series_horizon')).toBe('最远至 120 天后')
    expect(value('credit')).toBe('爽约扣 2 分，迟取消扣 1 分；30 天内累计 6 分将暂停预约 14 天')
  })

  it("leaves out what a facility's defaults do not know", () => {
    const keys = linesOf((r) => r.lines(rules)).map((l) => l.key)
    expect(keys).not.toContain('seats')
    expect(keys).not.toContain('series_horizon')
    expect(keys).toContain('weekly_quota_minutes')
  })
})
