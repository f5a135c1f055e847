import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, signIn } from './helpers'

// The demo data's booking history is charged and last month's statements issued by running the
// billing_statements job as an administrator, as the jobs page does; a second run issues nothing
// twice, so the spec may run against a server that has run it already.
test.beforeAll(async ({ request }) => {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.local', password: DEMO_PASSWORD },
  })
  expect(login.ok()).toBe(true)
  const { token } = (await login.json()) as { token: string }
  const run = await request.post('/api/v1/admin/jobs/billing_statements/run', {
    headers: { Authorization: `Bearer ${token}` },
  })
  expect(run.status()).toBe(200)
  expect(((await run.json()) as { status: string }).status).toBe('succeeded')
})

test('a manager opens a statement and downloads it as Excel', async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.getByTestId('menu-statements').click()
  const list = page.getByTestId('statement-list')
  await expect(list).toBeVisible()
  const first = list.locator('a[data-testid^="statement-"]').first()
  const id = ((await first.getAttribute('data-testid')) ?? '').replace('statement-', '')
  await first.click()
  await expect(page).toHaveURL(new RegExp(`/billing/statements/${id}$`))
  await expect(page.getByTestId('statement-lines')).toBeVisible()
  await expect(page.getByTestId('statement-totals')).toBeVisible()

  const download = page.waitForEvent('download')
  await page.getByTestId('export-xlsx').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^statement-facility-\d+-\d{4}-\d{2}\.xlsx$/)
  const path = await file.path()
  expect(path).toBeTruthy()
})

test("a manager sees the running month's unbilled charges and records an adjustment", async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.goto('/billing/statements')
  await expect(page.getByTestId('unbilled')).toBeVisible()
  await page.getByTestId('adjust-open').click()
  const dialog = page.getByTestId('adjust-dialog')
  await dialog.getByTestId('adjust-amount').locator('input').fill('-12.5')
  await dialog.getByTestId('adjust-reason').fill('设备故障减免')
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/billing/adjustments') && r.request().method() === 'POST',
  )
  await dialog.getByTestId('adjust-save').click()
  const answer = await saved
  expect(answer.status()).toBe(201)
  expect(((await answer.json()) as { amount_fen: number }).amount_fen).toBe(-1250)
})
