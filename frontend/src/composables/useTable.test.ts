import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import type { List } from '@/types'
import { type PageQuery, useTable } from './useTable'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useTable', () => {
  it('loads the first page with the filters, and again from page 1 on search', async () => {
    const asked: (PageQuery & { q: string })[] = []
    const t = useTable(
      async (q: PageQuery & { q: string }) => {
        asked.push(q)
        return { items: [q.page], total: 42 }
      },
      { q: '' },
    )
    await flush()
    expect(t.rows.value).toEqual([1])
    expect(t.total.value).toBe(42)
    t.page.value = 3
    await nextTick()
    await flush()
    t.query.q = 'laser'
    t.search()
    await nextTick()
    await flush()
    expect(asked.map((a) => [a.page, a.q])).toEqual([
      [1, ''],
      [3, ''],
      [1, 'laser'],
    ])
    t.reset()
    await nextTick()
    await flush()
    expect(asked.at(-1)).toEqual({ q: '', page: 1, page_size: 20 })
  })

  it('keeps the newest answer when an older one comes back later', async () => {
    const pending: ((v: List<string>) => void)[] = []
    const t = useTable(() => new Promise<List<string>>((r) => pending.push(r)), {}, { immediate: false })
    void t.load()
    void t.load()
    pending[1]?.({ items: ['new'], total: 1 })
    await flush()
    pending[0]?.({ items: ['old'], total: 1 })
    await flush()
    expect(t.rows.value).toEqual(['new'])
    expect(t.loading.value).toBe(false)
  })

  it('reports a failed load until a retry succeeds', async () => {
    let fail = true
    const boom = new Error('boom')
    const t = useTable(async () => {
      if (fail) throw boom
      return { items: ['a'], total: 1 }
    }, {})
    await flush()
    expect(t.error.value).toBe(boom)
    expect(t.ready.value).toBe(false)
    expect(t.loading.value).toBe(false)
    fail = false
    const retry = t.load()
    expect(t.error.value).toBeNull()
    await retry
    expect(t.rows.value).toEqual(['a'])
    expect(t.ready.value).toBe(true)
    fail = true
    await t.load()
    expect(t.error.value).toBe(boom)
    expect(t.ready.value).toBe(true)
  })

  it('forgets the error of an older load that a newer one overtook', async () => {
    const pending: { ok: (v: List<string>) => void; fail: (e: Error) => void }[] = []
    const t = useTable(
      () => new Promise<List<string>>((ok, fail) => pending.push({ ok, fail })),
      {},
      { immediate: false },
    )
    void t.load()
    void t.load()
    pending[1]?.ok({ items: ['new'], total: 1 })
    await flush()
    pending[0]?.fail(new Error('late'))
    await flush()
    expect(t.error.value).toBeNull()
    expect(t.rows.value).toEqual(['new'])
  })
})
