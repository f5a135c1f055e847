import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

// The demo seeds its booking history and computes its figures up to yesterday, so the dashboard
// reads real rollups: a manager's facility, an admin's city.

test('a manager opens the dashboard, sees the figures and the heat map, and exports CSV in Chinese', async ({
  page,
}) => {
  await signIn(page, 'manager@demo.local')
  await page.getByTestId('menu-report-dashboard').click()
  await expect(page).toHaveURL(/\/reports\/dashboard$/)
  const effective = page.getByTestId('kpi-effective')
  await expect(effective).toContainText(/[1-9]/)
  await expect(page.getByTestId('report-last-day')).toContainText(/\d{4}-\d{2}-\d{2}/)
  await expect(page.getByTestId('report-trend').locator('canvas').first()).toBeVisible()
  await expect(page.getByTestId('report-heatmap').locator('canvas').first()).toBeVisible()
  await expect(page.getByTestId('report-top').locator('a[data-testid^="top-"]').first()).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByTestId('report-export').getByTestId('export-csv').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(
    /^utilization-facility-\d+-week-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
  )
  const path = await file.path()
  const { readFile } = await import('node:fs/promises')
  const body = await readFile(path)
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const header = body.subarray(3).toString('utf8').split('\n')[0] ?? ''
  expect(header).toContain('有效机时')
  expect(header).toContain('利用率')
})

test('a manager opens a top resource from the dashboard', async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.goto('/reports/dashboard')
  const first = page.getByTestId('report-top').locator('a[data-testid^="top-"]').first()
  const id = ((await first.getAttribute('data-testid')) ?? '').replace('top-', '')
  await first.click()
  await expect(page).toHaveURL(new RegExp(`/catalog/resources/${id}$`))
})

test('an admin switches from a consortium to the city scope', async ({ page }) => {
  await signIn(page, 'admin@demo.local')
  await page.goto('/reports/dashboard')
  await expect(page.getByTestId('kpi-users')).toContainText(/[1-9]/)
  // The city's history holds income, service requests and training sessions.
  await expect(page.getByTestId('report-figures-quota').getByTestId('figure-incomeInternal')).toContainText(
    /[1-9]/,
  )
  await expect(page.getByTestId('report-figures-services').getByTestId('figure-received')).toContainText(
    /[1-9]/,
  )
  await expect(page.getByTestId('report-figures-training').getByTestId('figure-sessions')).toContainText(
    /[1-9]/,
  )
  const city = (await page.getByTestId('kpi-effective').textContent()) ?? ''

  await page.getByTestId('report-scope-consortium').click()
  await page.getByTestId('report-id').click()
  await page.getByRole('option').first().click()
  await expect(page.getByTestId('kpi-effective')).not.toHaveText(city)
  await expect(page.getByTestId('report-idle')).toBeVisible()

  await page.getByTestId('report-scope-city').click()
  await expect(page.getByTestId('kpi-effective')).toHaveText(city)
  await expect(page.getByTestId('report-heatmap').locator('canvas').first()).toBeVisible()
})
