import { flushPromises, mount } from '@vue/test-utils'
import { ElMessage } from 'element-plus'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/locales'
import type { Resource } from '@/types'
import RecurringDialog from './RecurringDialog.vue'

const createRecurring = vi.fn()
vi.mock('@/api/bookings', () => ({ createRecurring: (b: unknown) => createRecurring(b) }))

const resource = {
  id: 10,
  name: '数字示波器',
  name_en: 'Digital Oscilloscope',
  capacity: 1,
  rules: { slot_minutes: 30 },
} as unknown as Resource

const occurrence = (date: string, outcome: string, reason?: string) => ({
  date,
  start_at: `${date}T08:00:00+08:00`,
  end_at: `${date}T10:00:00+08:00`,
  outcome,
  booking: null,
  reason,
})

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

afterEach(() => {
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

// Mounting an Element Plus dialog with its form takes seconds on a busy machine.
describe('RecurringDialog', { timeout: 20_000 }, () => {
  it('says how many dates were booked and which were not, with the reason the server gave', async () => {
    const warning = vi.spyOn(ElMessage, 'warning')
    createRecurring.mockResolvedValue({
      created: 2,
      skipped_dates: ['2026-03-16'],
      occurrences: [
        occurrence('2026-03-02', 'created'),
        occurrence('2026-03-09', 'created'),
        occurrence('2026-03-16', 'rule_violation', '2026-03-16 闭馆'),
      ],
    })
    const w = mount(RecurringDialog, {
      props: {
        modelValue: false,
        resource,
        timeZone: 'Asia/Shanghai',
        range: { start: '2026-03-02T08:00:00+08:00', end: '2026-03-02T10:00:00+08:00' },
      },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await w.setProps({ modelValue: true })
    await flushPromises()
    const purpose = byTestId('recurring-purpose') as HTMLInputElement
    purpose.value = '机械制图课'
    purpose.dispatchEvent(new Event('input'))
    byTestId('recurring-submit')?.click()
    await flushPromises()
    await flushPromises()

    expect(createRecurring).toHaveBeenCalledTimes(1)
    const message = String((warning.mock.calls[0]?.[0] as { message: string }).message)
    expect(message).toContain('共 2 次预约成功，1 次未成功')
    expect(message).toContain('2026-03-16：2026-03-16 闭馆')
    expect(message).not.toContain('2026-03-09')
    // The series is booked: sending it again waits for a change of the form.
    expect((byTestId('recurring-submit') as HTMLButtonElement).disabled).toBe(true)
  })
})
