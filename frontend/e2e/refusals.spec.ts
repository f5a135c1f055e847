import { expect, type Page, test } from '@playwright/test'
import { DEMO_PASSWORD } from './helpers'

// A refusal reaches the screen as the server words it, in the reader's language: on a desktop
// and a phone, in Chinese (the default) and in English, no English on a Chinese screen and no
// raw code, the dialog's buttons on screen.

const screens = [
  { name: 'desktop', viewport: { width: 1366, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

const wrongPassword = {
  'zh-CN': '当前密码不正确。',
  en: 'The current password does not match.',
} as const

async function signIn(page: Page, email: string) {
  await page.goto('/login')
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('page-title')).toBeVisible()
}

for (const screen of screens) {
  for (const lang of ['zh-CN', 'en'] as const) {
    test.describe(`${screen.name}, ${lang}`, () => {
      test.use({ viewport: screen.viewport })
      test.beforeEach(async ({ page }) => {
        await page.addInitScript((l) => localStorage.setItem('locale', l), lang)
      })

      test('a refused password change says why beside the field, in the reader’s language', async ({
        page,
      }) => {
        await signIn(page, 'student@demo.local')
        await page.getByTestId('user-menu-button').click()
        await page.getByTestId('change-password').click()
        const dialog = page.getByRole('dialog')
        await dialog.getByTestId('current-password').fill('not-my-password-1')
        await dialog.getByTestId('new-password').fill('Another-pass-2026')
        await dialog.locator('input[autocomplete="new-password"]').nth(1).fill('Another-pass-2026')
        await dialog.getByTestId('change-password-submit').click()
        await expect(dialog.getByText(wrongPassword[lang])).toBeVisible()
        const text = (await dialog.innerText()).replace(/\s+/g, ' ')
        expect(text, 'a raw code on screen').not.toMatch(/\b[a-z]+_[a-z_]+\b/)
        if (lang === 'zh-CN') expect(text, 'English on a Chinese screen').not.toMatch(/[A-Za-z]{3,}/)
        const submit = await dialog.getByTestId('change-password-submit').boundingBox()
        const vp = page.viewportSize()
        expect(
          submit && vp && submit.y + submit.height <= vp.height && submit.x + submit.width <= vp.width,
        ).toBe(true)
      })
    })
  }
}
