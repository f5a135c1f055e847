import { expect, test } from '@playwright/test'
import { validCreditCode } from '../src/views/auth/register/creditCode'
import { signIn } from './helpers'

/** aCreditCode makes a fresh valid unified social credit code (enterprise, Chongqing). */
function aCreditCode(): string {
  const body = `91500000${Date.now().toString().slice(-9)}`
  const check = [...'0123456789ABCDEFGHJKLMNPQRTUWXY'].find((c) => validCreditCode(body + c))
  return body + check
}

test('an SME user registers with the organization and its credit code', async ({ page }) => {
  await page.goto('/register')
  await page.getByTestId('register-role-sme').click()
  await page.getByTestId('register-name').fill('王经理')
  await page.getByTestId('register-email').fill(`sme-${Date.now()}@example.com`)
  await page.getByTestId('register-org').fill('重庆示例精密制造有限公司')
  const code = aCreditCode()

  // A typo in the check character is caught before anything is sent.
  await page.getByTestId('register-credit-code').fill(code.slice(0, 17) + (code.endsWith('0') ? '1' : '0'))
  await page.getByTestId('register-password').fill('secret-pass-1')
  await page.getByTestId('register-confirm').fill('secret-pass-1')
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('register-credit-code-error')).toBeVisible()
  await expect(page).toHaveURL(/\/register$/)

  await page.getByTestId('register-credit-code').fill(code.toLowerCase())
  await page.getByTestId('register-credit-code').blur()
  await expect(page.getByTestId('register-credit-code-error')).toHaveCount(0)
  const registered = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/register'))
  await page.getByTestId('register-submit').click()
  const answer = await registered
  expect(answer.status()).toBe(201)
  // An SME user's account waits for an administrator's approval: no session, the page says so.
  expect(await answer.json()).toEqual({ status: 'pending_approval' })
  await expect(page.getByTestId('register-pending')).toBeVisible()
  await expect(page.getByTestId('side-menu')).toHaveCount(0)
})

test('an administrator approves a waiting teacher, who then signs in', async ({ page }) => {
  const email = `teacher-${Date.now()}@example.com`
  await page.goto('/register')
  await page.getByTestId('register-role-teacher').click()
  await expect(page.getByTestId('register-approval-hint')).toBeVisible()
  await page.getByTestId('register-name').fill('李老师')
  await page.getByTestId('register-email').fill(email)
  await page.getByTestId('register-password').fill('teach-pass-2026')
  await page.getByTestId('register-confirm').fill('teach-pass-2026')
  await page.getByTestId('register-submit').click()
  await expect(page.getByTestId('register-pending')).toBeVisible()
  const refused = await page.request.post('/api/v1/auth/login', {
    data: { email, password: 'teach-pass-2026' },
  })
  expect(refused.status()).toBe(403)

  await signIn(page, 'admin@demo.local')
  await page.goto('/admin/users')
  await page.getByTestId('filter-q').fill(email)
  await page.getByTestId('filter-pending').click()
  await page.getByTestId('filter-pending-true').click()
  await page.getByTestId('user-search').click()
  const approve = page
    .getByTestId('user-table')
    .getByTestId(/^user-approve-\d+$/)
    .first()
  await expect(approve).toBeVisible()
  const id = (await approve.getAttribute('data-testid'))?.replace('user-approve-', '')
  const approved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/users/${id}/approve`))
  await approve.click()
  expect((await approved).status()).toBe(200)
  await expect(page.getByTestId(`user-approve-${id}`)).toHaveCount(0)

  const signedIn = await page.request.post('/api/v1/auth/login', {
    data: { email, password: 'teach-pass-2026' },
  })
  expect(signedIn.status()).toBe(200)
})

test('a manager approves a pending booking from the queue', async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.getByTestId('menu-approvals').click()
  const table = page.getByTestId('approval-table')
  const first = table.getByTestId(/^approve-\d+$/).first()
  await expect(first).toBeVisible()
  const id = (await first.getAttribute('data-testid'))?.replace('approve-', '')
  const approved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${id}/approve`))
  await first.click()
  const answer = await approved
  expect(answer.status()).toBe(200)
  expect(((await answer.json()) as { status: string }).status).toBe('confirmed')
  await expect(table.getByTestId(`approve-${id}`)).toHaveCount(0)
})

test('a student sees no management pages', async ({ page }) => {
  await signIn(page, 'student@demo.local')
  await expect(page.getByTestId('menu-approvals')).toHaveCount(0)
  await page.goto('/booking/approvals')
  await expect(page.getByTestId('not-found')).toBeVisible()
})

test("a manager changes a resource's booking rules", async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  const facility = (
    (await (await page.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
  ).managed_facility_ids[0]
  const list = (await (
    await page.request.get(`/api/v1/resources?facility_id=${facility}&page_size=1`)
  ).json()) as {
    items: { id: number; rules: { max_advance_days: number } }[]
  }
  const res = list.items[0]
  if (!res) throw new Error('the managed facility has no resource')
  const days = res.rules.max_advance_days === 21 ? 28 : 21

  await page.goto(`/catalog/resources/${res.id}`)
  await page.getByTestId('edit-rules').click()
  await page.getByTestId('rules-max_advance_days').locator('input').fill(String(days))
  const saved = page.waitForResponse(
    (r) => r.url().endsWith(`/api/v1/resources/${res.id}`) && r.request().method() === 'PATCH',
  )
  await page.getByTestId('rules-save').click()
  expect((await saved).status()).toBe(200)
  await expect(page.getByTestId('rule-max_advance_days').first()).toContainText(String(days))
})
