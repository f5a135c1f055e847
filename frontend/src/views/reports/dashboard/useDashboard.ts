import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { getHeatMap, getIdleResources, getReportResources, getUtilization } from '@/api/reports'
import { dayjs } from '@/locales/time'
import type { HeatMap, IdleResources, ReportPeriod, ReportResources, ReportScope, Utilization } from '@/types'

/** IDLE_DAYS is how many last computed days without use make a resource idle on the dashboard. */
export const IDLE_DAYS = 30

/** DashboardQuery is what the dashboard shows: a scope (and its id, but for the city), a period and days. */
export interface DashboardQuery {
  scope: ReportScope
  id: number | ''
  period: ReportPeriod
  range: [string, string]
}

/** defaultRange is the last eight weeks up to yesterday, the last day a night can have computed. */
export function defaultRange(now = dayjs()): [string, string] {
  const to = now.subtract(1, 'day')
  return [to.subtract(55, 'day').format('YYYY-MM-DD'), to.format('YYYY-MM-DD')]
}

/** useDashboard loads a scope's figures, heat map, top and idle resources whenever the query changes. */
export function useDashboard(scope: ReportScope) {
  const query = reactive<DashboardQuery>({ scope, id: '', period: 'week', range: defaultRange() })
  const utilization = shallowRef<Utilization>()
  const heat = shallowRef<HeatMap>()
  const top = shallowRef<ReportResources>()
  const idle = shallowRef<IdleResources>()
  const loading = ref(false)
  const error = shallowRef<unknown>()
  const ready = computed(() => query.scope === 'city' || query.id !== '')
  // Only the answer to the last question is kept.
  let seq = 0

  async function load() {
    if (!ready.value) {
      seq++
      utilization.value = heat.value = top.value = idle.value = undefined
      return
    }
    const n = ++seq
    const id = query.id === '' || query.scope === 'city' ? undefined : query.id
    const [from, to] = query.range
    const base = { scope: query.scope, id, from, to }
    loading.value = true
    error.value = undefined
    try {
      const lists = query.scope !== 'resource'
      const breakdown = { ...base, scope: query.scope as Exclude<ReportScope, 'resource'> }
      const [u, h, t, i] = await Promise.all([
        getUtilization({ ...base, period: query.period }),
        getHeatMap(base),
        lists ? getReportResources({ ...breakdown, limit: 10 }) : undefined,
        lists ? getIdleResources({ scope: breakdown.scope, id, days: IDLE_DAYS }) : undefined,
      ])
      if (n !== seq) return
      utilization.value = u
      heat.value = h
      top.value = t
      idle.value = i
    } catch (e) {
      if (n === seq) error.value = e
    } finally {
      if (n === seq) loading.value = false
    }
  }

  watch(() => [query.scope, query.id, query.period, ...query.range], load)
  return { query, utilization, heat, top, idle, loading, error, ready, load }
}
