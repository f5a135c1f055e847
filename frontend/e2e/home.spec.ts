import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

// Each role lands on its home page (工作台) after signing in, with the panels of what it has to
// do next drawn from the demo data, each linking to the page that lists it all.
const roles = [
  { email: 'student@demo.local', panels: ['home-bookings', 'home-sessions'], absent: ['home-pending'] },
  { email: 'sme@demo.local', panels: ['home-requests', 'home-bookings'], absent: ['home-sessions'] },
  {
    email: 'manager@demo.local',
    panels: ['home-week', 'home-pending', 'home-upcoming'],
    absent: ['home-bookings'],
  },
]

for (const r of roles) {
  test(`${r.email} lands on the home page with its panels`, async ({ page }) => {
    await signIn(page, r.email)
    await expect(page).toHaveURL(/\/home$/)
    await expect(page.getByTestId('menu-home')).toBeVisible()
    for (const p of r.panels) await expect(page.getByTestId(p)).toBeVisible()
    for (const p of r.absent) await expect(page.getByTestId(p)).toHaveCount(0)
  })
}

test("the manager's week shows each facility they manage with its utilization", async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  const me = (await (await page.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
  const panel = page.getByTestId('home-week')
  for (const id of me.managed_facility_ids) {
    await expect(panel.getByTestId(`home-week-facility-${id}`)).toContainText(/\d+(\.\d)?%/)
  }
  await expect(panel.locator('li')).toHaveCount(me.managed_facility_ids.length)
})

test("the manager's approvals panel counts what waits and leads to the queue", async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  const panel = page.getByTestId('home-pending')
  await expect(panel.getByTestId('home-pending-total')).toHaveText(/^[1-9]\d*$/)
  await expect(panel.locator('li')).not.toHaveCount(0)
  await panel.getByRole('link', { name: /查看全部|See all/ }).click()
  await expect(page).toHaveURL(/\/booking\/approvals$/)
})

test("an SME's requests panel lists only requests that have not ended", async ({ page }) => {
  await signIn(page, 'sme@demo.local')
  const panel = page.getByTestId('home-requests')
  await expect(panel.locator('li').first()).toBeVisible()
  for (const ended of ['closed', 'rejected', 'declined', 'cancelled'])
    await expect(panel.getByTestId(`service-status-${ended}`)).toHaveCount(0)
})
