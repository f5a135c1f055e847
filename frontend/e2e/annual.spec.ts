import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, signIn } from './helpers'

// The annual open-sharing report (开放共享年报): a manager opens it from the menu for the first
// facility they manage, sees the year's totals and the instruments, and downloads the workbook;
// on a 390 px phone in English the same page reads in English.

test('a manager reads the annual report and downloads its workbook', async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.getByTestId('menu-annual-report').click()
  await expect(page).toHaveURL(/\/annual-report\/?$/)
  await expect(page.getByTestId('annual-title')).toContainText(String(new Date().getFullYear()))
  await expect(page.getByTestId('annual-summary')).toBeVisible()
  await expect(page.getByTestId('annual-quotaHours')).toHaveText(/^\d+\.\d$/)
  await expect(page.getByTestId('annual-resources')).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByTestId('annual-xlsx').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^open-sharing-facility-\d+-\d{4}\.xlsx$/)
})

test.describe('on a phone in English', () => {
  test.use({ viewport: { width: 390, height: 844 }, locale: 'en' })
  test('the report reads in English', async ({ page }) => {
    await page.addInitScript(() => localStorage.setItem('locale', 'en'))
    // The phone's menu is a drawer: signed in is when the login page is left.
    await page.goto('/login')
    await page.getByTestId('login-email').fill('manager@demo.local')
    await page.getByTestId('login-password').fill(DEMO_PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.waitForURL((u) => !u.pathname.startsWith('/login'))
    await page.goto('/annual-report')
    await expect(page.getByTestId('annual-title')).toContainText('open-sharing report')
    await expect(page.getByTestId('annual-summary')).toContainText('Quota hours')
  })
})
