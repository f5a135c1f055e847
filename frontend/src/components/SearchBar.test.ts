import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import SearchBar from './SearchBar.vue'

const bar = (props: Record<string, unknown>) =>
  mount(SearchBar, {
    props: { model: {}, ...props },
    slots: { default: '<input data-testid="filter-q" />', actions: '<button data-testid="extra" />' },
    global: { plugins: [i18n] },
  })

describe('SearchBar', () => {
  it('searches on submit and resets, with the filters and the extra buttons in place', async () => {
    const w = bar({})
    expect(w.find('[data-testid="filter-q"]').exists()).toBe(true)
    expect(w.find('[data-testid="extra"]').exists()).toBe(true)
    await w.find('form').trigger('submit')
    await w.find('[data-testid="reset"]').trigger('click')
    expect(Object.keys(w.emitted())).toEqual(expect.arrayContaining(['search', 'reset']))
    expect(w.find('[data-testid="refresh"]').exists()).toBe(false)
  })

  it('offers Refresh instead when its filters apply as they change', async () => {
    const w = bar({ live: true })
    expect(w.find('[data-testid="search"]').exists()).toBe(false)
    await w.find('[data-testid="refresh"]').trigger('click')
    expect(w.emitted('refresh')).toHaveLength(1)
  })
})
