import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '@/locales'
import NotificationSettingsDialog from './NotificationSettingsDialog.vue'

const getNotificationSettings = vi.fn()
const setNotificationSettings = vi.fn()
vi.mock('@/api/notifications', () => ({
  getNotificationSettings: () => getNotificationSettings(),
  setNotificationSettings: (b: unknown) => setNotificationSettings(b),
}))

const byTestId = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`)

afterEach(() => {
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

// Mounting an Element Plus dialog with its form takes seconds on a busy machine.
describe('NotificationSettingsDialog', { timeout: 20_000 }, () => {
  it('lists the server’s kinds by their titles and saves the language and the switches', async () => {
    getNotificationSettings.mockResolvedValue({
      language: 'zh-CN',
      kinds: [
        { kind: 'booking_approved', email: true },
        { kind: 'future_kind', email: true },
      ],
    })
    setNotificationSettings.mockImplementation((b: unknown) => Promise.resolve(b))
    const w = mount(NotificationSettingsDialog, {
      props: { modelValue: false },
      global: { plugins: [i18n] },
      attachTo: document.body,
    })
    await w.setProps({ modelValue: true })
    await flushPromises()

    const rows = [...document.querySelectorAll('.kinds li')].map((li) => li.textContent?.trim())
    expect(rows).toEqual(['预约已批准', 'future_kind']) // a kind the UI has no title for shows its code
    byTestId('notification-email-booking_approved')?.click()
    byTestId('notification-language-en')?.querySelector('input')?.click()
    await flushPromises()
    byTestId('notification-settings-submit')?.click()
    await flushPromises()

    expect(setNotificationSettings).toHaveBeenCalledWith({
      language: 'en',
      kinds: [
        { kind: 'booking_approved', email: false },
        { kind: 'future_kind', email: true },
      ],
    })
    expect(w.emitted('update:modelValue')?.at(-1)).toEqual([false])
  })
})
