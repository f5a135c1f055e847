import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

test('the demo student browses the catalog and switches to English', async ({ page }) => {
  await signIn(page, 'student@demo.local')
  await expect(page).toHaveURL(/\/home$/)
  await page.getByTestId('menu-resources').click()
  await expect(page).toHaveURL(/\/catalog\/resources$/)
  const table = page.getByTestId('resource-table')
  await expect(table.getByTestId(/^resource-link-/).first()).toBeVisible()
  const everything = (await (await page.request.get('/api/v1/resources?page_size=1')).json()) as {
    total: number
  }

  // Filter by facility kind: only the technical service platforms' equipment is left.
  await page.getByTestId('filter-kind').click()
  await page.getByTestId('kind-tech_platform').click()
  const filtered = page.waitForResponse(
    (r) => r.url().includes('/api/v1/resources?') && r.url().includes('kind=tech_platform'),
  )
  await page.getByTestId('search').click()
  const body = (await (await filtered).json()) as {
    items: { id: number; facility_kind: string }[]
    total: number
  }
  expect(body.items.length).toBeGreaterThan(0)
  expect(body.items.every((r) => r.facility_kind === 'tech_platform')).toBe(true)
  await expect(table.getByTestId(`resource-link-${body.items[0]?.id}`)).toBeVisible()
  expect(body.total).toBeLessThan(everything.total)

  // Open the first one: its rules and its calendar show.
  await table.getByTestId(`resource-link-${body.items[0]?.id}`).click()
  await expect(page).toHaveURL(new RegExp(`/catalog/resources/${body.items[0]?.id}$`))
  await expect(page.getByTestId('resource-name')).toBeVisible()
  await expect(page.getByTestId('rules-list').first()).toBeVisible()
  await expect(page.getByTestId('booking-calendar')).toBeVisible()

  // Switch the language: the page, its title and the html lang follow.
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  const title = await page.getByTestId('page-title').textContent()
  await page.getByTestId('lang-switch-button').click()
  await page.getByTestId('lang-option-en').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByTestId('page-title')).not.toHaveText(title ?? '')

  // The choice survives a reload.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByTestId('resource-name')).toBeVisible()
})

test('login and the shell load under the script budget, without the calendar', async ({ page }) => {
  await signIn(page, 'student@demo.local')
  await expect(page.getByTestId('home-bookings')).toBeVisible()
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('.js'))
      .map((e) => ({ name: e.name, size: (e as PerformanceResourceTiming).encodedBodySize })),
  )
  const total = scripts.reduce((n, s) => n + s.size, 0)
  // The server gzips; STYLE.md sets ~300 KB for login and shell.
  expect(total).toBeLessThan(300 * 1024)
  expect(scripts.map((s) => s.name).filter((n) => /BookingCalendar|fullcalendar|echarts/i.test(n))).toEqual(
    [],
  )
})

test('pages need a sign-in and come back after it', async ({ page }) => {
  await page.goto('/booking/mine')
  await expect(page).toHaveURL(/\/login\?redirect=/)
  await page.getByTestId('login-email').fill('student@demo.local')
  await page.getByTestId('login-password').fill('wrong-password')
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('login-error')).toBeVisible()
  await page.getByTestId('login-password').fill('demo-pass-2026')
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/booking\/mine$/)
  await expect(page.getByTestId('my-bookings')).toBeVisible()
})
