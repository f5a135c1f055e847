import { type Ref, computed, reactive, ref, shallowRef, watch } from 'vue'
import type { List } from '@/types'

/** PageQuery is the page a list asks for. */
export interface PageQuery {
  page: number
  page_size: number
}

/**
 * useTable owns the state of a search-bar-and-table page: the filters, the page, the rows and
 * their total, loading, the error of the last load and whether one has succeeded (what
 * LoadState shows), and which answer is current (a slow older answer never overwrites a newer
 * one).
 */
export function useTable<T, Q extends object>(
  fetcher: (q: Q & PageQuery) => Promise<List<T>>,
  initial: Q,
  opts: { pageSize?: number; immediate?: boolean } = {},
) {
  const query = reactive({ ...initial }) as Q
  const page = ref(1)
  const pageSize = ref(opts.pageSize ?? 20)
  const rows = shallowRef<T[]>([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  const ready = ref(false)
  let current = 0

  async function load() {
    const mine = ++current
    loading.value = true
    error.value = null
    try {
      const res = await fetcher({ ...(query as Q), page: page.value, page_size: pageSize.value })
      if (mine !== current) return
      rows.value = res.items
      total.value = res.total
      ready.value = true
    } catch (err) {
      // The rows stay, but the page shows the failure in their place (LoadState), with a retry.
      if (mine === current) error.value = err
    } finally {
      if (mine === current) loading.value = false
    }
  }

  /** search applies the filters from the first page. */
  function search() {
    if (page.value === 1) void load()
    else page.value = 1
  }

  /** reset puts the filters back and searches. */
  function reset() {
    Object.assign(query as object, initial)
    search()
  }

  /** shown tells the page to show its rows: loaded once, and the last load did not fail. */
  const shown = computed(() => ready.value && !error.value)

  watch([page, pageSize], () => void load())
  if (opts.immediate !== false) void load()

  return { query, page, pageSize, rows, total, loading, error, ready, shown, load, search, reset }
}
