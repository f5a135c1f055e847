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

test("a manager sees every resource's busy and free time on the facility schedule", async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  const facility = (
    (await (await page.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
  ).managed_facility_ids[0]
  const week = page.waitForResponse(
    (r) => r.url().includes(`/api/v1/facilities/${facility}/schedule`) && r.url().includes('from='),
  )
  await page.goto(`/catalog/facilities/${facility}`)
  const first = await week
  expect(first.status()).toBe(200)
  const body = (await first.json()) as { resources: { id: number }[] }
  const res = body.resources[0]
  if (!res) throw new Error('the managed facility has no resource')
  await expect(page.getByTestId('schedule-table')).toBeVisible()

  const weekly = page.waitForResponse((r) => r.url().includes(`/api/v1/facilities/${facility}/schedule`))
  await page.getByTestId('schedule-week').click()
  expect((await weekly).status()).toBe(200)
  await expect(page.locator(`[data-testid^="schedule-${res.id}-"]`)).toHaveCount(7)
})
