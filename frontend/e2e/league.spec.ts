import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

test('an administrator sets new weights; the public league page shows the table with the version it was scored with', async ({
  page,
  browser,
}) => {
  await signIn(page, 'admin@demo.local')
  await page.goto('/rankings/weights')
  await expect(page.getByTestId('league-weights-form')).toBeVisible()
  const input = page.getByTestId('league-input-utilization').locator('input')
  await input.fill('3')
  await input.blur()
  await page.getByTestId('league-note').fill('利用率加权')
  const saved = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/league/weights') && r.request().method() === 'PUT',
  )
  await page.getByTestId('league-weights-save').click()
  const answer = await saved
  expect(answer.status()).toBe(201)
  const version = ((await answer.json()) as { version: number }).version
  await expect(page.getByTestId('league-weights-version')).toContainText(String(version))
  await expect(page.getByTestId('league-weights-history').locator('tbody tr').first()).toContainText(
    '利用率加权',
  )

  // Nobody signed in: from the sign-in page to the league table of the demo's last month.
  const anonymous = await browser.newContext({ baseURL: process.env.E2E_BASE_URL, locale: 'zh-CN' })
  const visitor = await anonymous.newPage()
  await visitor.goto('/login')
  const table = visitor.waitForResponse((r) => r.url().includes('/api/v1/league'))
  await visitor.getByTestId('to-league').click()
  const league = (await (await table).json()) as {
    weights: { version: number }
    rows: { consortium_id: number; track: string }[]
  }
  await expect(visitor.getByTestId('league-table')).toBeVisible()
  const first = league.rows[0]
  if (!first) throw new Error('the demo has no league table')
  await visitor.getByTestId(`league-track-${first.track}`).click()
  await expect(visitor.getByTestId(`league-rank-${first.consortium_id}`)).toHaveText('1')
  await expect(visitor.getByTestId(`league-headline-${first.consortium_id}`)).toBeVisible()
  // The month was computed before the new weights: it keeps the version it was scored with.
  expect(league.weights.version).toBeLessThan(version)
  await expect(visitor.getByTestId('league-weights-version')).toContainText(String(league.weights.version))
  await anonymous.close()
})
