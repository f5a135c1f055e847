import { expect, test } from '@playwright/test'
import { DEMO_PASSWORD, signIn } from './helpers'

// A person who leaves asks for their data and then for their account to be removed: the
// administrator downloads the data from the personal-data page, anonymises the account, and
// finds the anonymisation in the audit log. The account is made for the test, so the demo's
// accounts stay as they are for the other specs.
test('an administrator exports and anonymises a leaving person, and the audit log shows it', async ({
  page,
  request,
}) => {
  const login = await request.post('/api/v1/auth/login', {
    data: { email: 'admin@demo.local', password: DEMO_PASSWORD },
  })
  const { token } = (await login.json()) as { token: string }
  const email = `leaver-${Date.now()}@example.cn`
  const made = await request.post('/api/v1/admin/users', {
    headers: { Authorization: `Bearer ${token}` },
    data: { email, password: 'leaver-pass-2026', name: '离校学生', role: 'student' },
  })
  expect(made.status()).toBe(201)
  const { id } = (await made.json()) as { id: number }

  await signIn(page, 'admin@demo.local')
  await page.getByTestId('menu-admin-privacy').click()
  await expect(page.getByTestId('retention-days-audit_logs')).toHaveText(/1095/)
  await page.getByTestId('privacy-person').click()
  await page.keyboard.type(email)
  await page.locator('.el-select-dropdown__item', { hasText: email }).click()

  const download = page.waitForEvent('download')
  await page.getByTestId('export-xlsx').click()
  expect((await download).suggestedFilename()).toMatch(new RegExp(`^personal-data-${id}-\\d{8}\\.xlsx$`))

  await page.getByTestId('privacy-anonymize-button').click()
  const anonymized = page.waitForResponse((r) => r.url().endsWith(`/api/v1/admin/users/${id}/anonymize`))
  await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
  expect((await anonymized).status()).toBe(200)
  await expect(page.getByTestId('privacy-anonymized')).toBeVisible()

  const again = await request.post('/api/v1/auth/login', { data: { email, password: 'leaver-pass-2026' } })
  expect(again.status()).toBe(401)

  await page.getByTestId('menu-admin-audit').click()
  await page.getByTestId('filter-object-type').click()
  await page.locator('.el-select-dropdown__item', { hasText: '用户' }).click()
  await page.getByTestId('filter-object-id').locator('input').fill(String(id))
  const found = page.waitForResponse(
    (r) => r.url().includes('/api/v1/admin/audit-logs') && r.url().includes(`object_id=${id}`),
  )
  await page.getByTestId('audit-search').click()
  expect((await found).status()).toBe(200)
  const table = page.getByTestId('audit-table')
  await expect(table).toContainText('用户匿名化')
  await expect(table).toContainText('用户导出个人信息')
  await expect(table).toContainText('用户创建')
})

test('everyone downloads their own data from the account menu', async ({ page }) => {
  await signIn(page, 'student@demo.local')
  await page.getByTestId('user-menu-button').click()
  const download = page.waitForEvent('download')
  await page.getByTestId('my-data-json').click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^personal-data-\d+-\d{8}\.json$/)
  const { readFile } = await import('node:fs/promises')
  const data = JSON.parse(await readFile((await file.path())!, 'utf8')) as {
    tables: { name: string; rows: Record<string, unknown>[] }[]
  }
  const account = data.tables.find((t) => t.name === 'users')?.rows[0]
  expect(account?.email).toBe('student@demo.local')
  expect(account).not.toHaveProperty('password_hash')
  expect(data.tables.find((t) => t.name === 'bookings')?.rows.length).toBeGreaterThan(0)
})
