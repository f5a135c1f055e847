import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import type { Resource, User } from '@/types'
import RulesEditor from './RulesEditor.vue'

const updateResource = vi.fn()
vi.mock('@/api/catalog', () => ({
  updateResource: (id: number, body: unknown) => updateResource(id, body),
  listQualifications: async () => ({
    items: [
      {
        id: 1,
        code: 'electrician',
        name: '低压电工作业证',
        name_en: 'Electrician',
        valid_months: 0,
        owner_facility_id: null,
      },
      {
        id: 2,
        code: 'battery_safety',
        name: '电池安全',
        name_en: 'Battery',
        valid_months: 12,
        owner_facility_id: 7,
      },
      {
        id: 3,
        code: 'sem_operator',
        name: '电镜操作',
        name_en: 'SEM',
        valid_months: 12,
        owner_facility_id: 9,
      },
    ],
    total: 3,
  }),
}))

const resource = {
  id: 10,
  facility_id: 7,
  name: '电池测试柜',
  name_en: 'Battery tester',
  rules: {
    slot_minutes: 30,
    min_minutes: 60,
    max_minutes: 240,
    max_advance_days: 14,
    min_lead_minutes: 90,
    buffer_minutes: 0,
    weekly_quota_minutes: 600,
    requires_approval: false,
    qualification: null,
    qualification_id: null,
    cancel_deadline_minutes: 1440,
    checkin_grace_minutes: 15,
    rate_internal_fen: 5000,
    rate_external_fen: 12000,
  },
} as unknown as Resource

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)
const input = (id: string) => byTestId(id)?.querySelector('input') as HTMLInputElement
async function type(id: string, value: string) {
  const el = input(id)
  el.value = value
  el.dispatchEvent(new Event('input'))
  el.dispatchEvent(new Event('change'))
  await flushPromises()
}

async function open() {
  const w = mount(RulesEditor, {
    props: { modelValue: false, resource },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
  await w.setProps({ modelValue: true })
  await flushPromises()
  return w
}

beforeEach(() => {
  setActivePinia(createPinia())
  useAuthStore().user = {
    id: 5,
    role: 'manager',
    managed_facility_ids: [7],
    permissions: [],
  } as unknown as User
})
afterEach(() => {
  document.body.innerHTML = ''
  updateResource.mockReset()
})

describe('RulesEditor', { timeout: 20_000 }, () => {
  it('shows each duration in the unit it reads best in', async () => {
    await open()
    expect(input('rules-max_minutes').value).toBe('4')
    expect(input('rules-min_lead_minutes').value).toBe('90')
    expect(input('rules-cancel_deadline_minutes').value).toBe('1')
    expect(input('rules-weekly_quota_minutes').value).toBe('10')
    expect(input('rules-max_advance_days').value).toBe('14')
    expect((byTestId('rules-buffer_minutes-none')?.querySelector('input') as HTMLInputElement).checked).toBe(
      true,
    )
  })

  it('sends minutes and days, and 0 where there is no limit', async () => {
    await open()
    byTestId('rules-weekly_quota_minutes-none')?.querySelector('input')?.click()
    await flushPromises()
    await type('rules-max_minutes', '6')
    updateResource.mockResolvedValue(resource)
    byTestId('rules-save')?.click()
    await flushPromises()
    expect(updateResource).toHaveBeenCalledTimes(1)
    expect(updateResource.mock.calls[0]?.[1]).toEqual({
      rules: {
        slot_minutes: 30,
        min_minutes: 60,
        max_minutes: 360,
        buffer_minutes: 0,
        max_advance_days: 14,
        min_lead_minutes: 90,
        weekly_quota_minutes: 0,
        cancel_deadline_minutes: 1440,
        checkin_grace_minutes: 15,
        rate_internal_fen: 5000,
        rate_external_fen: 12000,
        requires_approval: false,
        qualification_id: 0,
      },
    })
  })

  it('refuses a minimum above the maximum before sending', async () => {
    await open()
    await type('rules-min_minutes', '5') // hours, above the 4 of the maximum
    byTestId('rules-save')?.click()
    // The refusal appears once the dialog has rendered it, however long that takes.
    await vi.waitFor(() => expect(byTestId('rules-item-max_minutes')?.textContent).toContain('5 小时'), {
      timeout: 5000,
    })
    expect(updateResource).not.toHaveBeenCalled()
  })

  it('offers the city-wide qualifications and those of the facilities managed, no other', async () => {
    await open()
    byTestId('rules-qualification')?.click()
    await flushPromises()
    expect(byTestId('rules-qualification-1')).not.toBeNull()
    expect(byTestId('rules-qualification-2')).not.toBeNull()
    expect(byTestId('rules-qualification-3')).toBeNull()
  })
})
