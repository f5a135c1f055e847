import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

test('an administrator runs the session purge from the jobs page', async ({ page }) => {
  await signIn(page, 'admin@demo.local')
  await page.getByTestId('menu-admin-jobs').click()
  await expect(page.getByTestId('job-table')).toBeVisible()

  const ran = page.waitForResponse((r) => r.url().endsWith('/api/v1/admin/jobs/purge_sessions/run'))
  await page.getByTestId('job-run-purge_sessions').click()
  expect((await ran).status()).toBe(200)
  await expect(page.getByTestId('job-result-succeeded')).toBeVisible()
})
