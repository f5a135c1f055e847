import { expect, type Locator, type Page, test } from '@playwright/test'
import { DEMO_PASSWORD } from './helpers'

// Managers' and admins' editors, and how lists show loading and failure: each walked on a
// desktop and a phone, in Chinese (the default) and in English.

const screens = [
  { name: 'desktop', viewport: { width: 1366, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const
const languages = ['zh-CN', 'en'] as const

interface Rules {
  slot_minutes: number
  min_minutes: number
  max_minutes: number
  max_advance_days: number
  weekly_quota_minutes: number
  qualification_id: number | null
  [k: string]: unknown
}
interface Resource {
  id: number
  name: string
  name_en: string
  facility_id: number
  facility_name: string
  facility_name_en: string
  status: string
  rules: Rules
}
interface Qualification {
  id: number
  owner_facility_id: number | null
}

/** textOf is what a person reads in the element: its visible text. */
const textOf = async (l: Locator) => (await l.allInnerTexts()).join(' ').replace(/\s+/g, ' ')

/** expectWorded checks a screen's words: none in English on a Chinese screen, no raw codes. */
async function expectWorded(l: Locator, lang: string) {
  const text = await textOf(l)
  expect(text, 'a raw code on screen').not.toMatch(/\b[a-z]+_[a-z_]+\b/)
  if (lang === 'zh-CN') expect(text, 'English on a Chinese screen').not.toMatch(/[A-Za-z]{3,}/)
}

/** expectOnScreen checks that the element lies wholly inside the viewport. */
async function expectOnScreen(page: Page, l: Locator) {
  const box = await l.boundingBox()
  const vp = page.viewportSize()
  if (!box || !vp) throw new Error('not on screen')
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(vp.width + 0.5)
  expect(box.y + box.height).toBeLessThanOrEqual(vp.height + 0.5)
}

/** csrf is the header a cookie-authenticated write carries. */
async function csrf(page: Page): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'csrf_token')
  return cookie ? { 'X-CSRF-Token': cookie.value } : {}
}

/** signIn signs in through the login page and waits for the shell, on any screen. */
async function signIn(page: Page, email: string) {
  await page.goto('/login')
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('page-title')).toBeVisible()
}

async function useLanguage(page: Page, lang: string) {
  await page.addInitScript((l) => localStorage.setItem('locale', l), lang)
}

/** managedResource is an available resource of the manager's first facility and that facility. */
async function managedResource(page: Page): Promise<Resource> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
  const list = (await (
    await page.request.get(`/api/v1/resources?facility_id=${me.managed_facility_ids[0]}&page_size=100`)
  ).json()) as { items: Resource[] }
  const r = list.items.filter((x) => x.status === 'available').at(-1)
  if (!r) throw new Error('the manager has no available resource')
  return (await (await page.request.get(`/api/v1/resources/${r.id}`)).json()) as Resource
}

for (const screen of screens) {
  for (const lang of languages) {
    test.describe(`${screen.name}, ${lang}`, () => {
      test.use({ viewport: screen.viewport })
      test.beforeEach(async ({ page }) => useLanguage(page, lang))

      test('a manager edits the rules in hours and days, with words for no limit', async ({ page }) => {
        await signIn(page, 'manager@demo.local')
        const r = await managedResource(page)
        const original = r.rules
        try {
          await page.goto(`/catalog/resources/${r.id}`)
          await page.getByTestId('edit-rules').click()
          const dialog = page.getByTestId('rules-editor')
          await expect(dialog).toBeVisible()
          await expectWorded(dialog, lang)
          await expectOnScreen(page, dialog.getByTestId('rules-save'))

          // Min above max is refused in the form: nothing is sent.
          let patches = 0
          page.on('request', (req) => {
            if (req.method() === 'PATCH' && req.url().includes(`/api/v1/resources/${r.id}`)) patches++
          })
          await dialog.getByTestId('rules-min_minutes-unit').click()
          await page
            .getByRole('option', { name: lang === 'en' ? 'hours' : '小时' })
            .last()
            .click()
          await dialog.getByTestId('rules-min_minutes').locator('input').fill('5')
          await dialog.getByTestId('rules-max_minutes-unit').click()
          await page
            .getByRole('option', { name: lang === 'en' ? 'hours' : '小时' })
            .last()
            .click()
          await dialog.getByTestId('rules-max_minutes').locator('input').fill('2')
          await dialog.getByTestId('rules-max_minutes').locator('input').blur()
          await dialog.getByTestId('rules-save').click()
          const maxError = dialog.getByTestId('rules-item-max_minutes').locator('.el-form-item__error')
          await expect(maxError).toBeVisible()
          expect(patches).toBe(0)

          // Fixed, with no weekly limit and no limit on how far ahead: 0 is sent for each.
          await dialog.getByTestId('rules-max_minutes').locator('input').fill('8')
          await dialog.getByTestId('rules-weekly_quota_minutes-none').click()
          await dialog.getByTestId('rules-max_advance_days-none').click()
          await expect(dialog.getByTestId('rules-weekly_quota_minutes').locator('input')).toBeDisabled()
          const saved = page.waitForRequest(
            (req) => req.method() === 'PATCH' && req.url().endsWith(`/api/v1/resources/${r.id}`),
          )
          await dialog.getByTestId('rules-save').click()
          const body = (await saved).postDataJSON() as { rules: Rules }
          expect(body.rules).toMatchObject({
            min_minutes: 300,
            max_minutes: 480,
            weekly_quota_minutes: 0,
            max_advance_days: 0,
          })
          await expect(dialog).toBeHidden()
          await expect(page.getByTestId('rule-weekly_quota_minutes')).toHaveText(
            lang === 'en' ? /no/i : '不限',
          )

          // The server's refusal is shown in full under its field.
          await page.getByTestId('edit-rules').click()
          await expect(dialog).toBeVisible()
          await dialog.getByTestId('rules-slot_minutes-unit').click()
          await page
            .getByRole('option', { name: lang === 'en' ? 'minutes' : '分钟' })
            .last()
            .click()
          await dialog.getByTestId('rules-slot_minutes').locator('input').fill('45')
          await dialog.getByTestId('rules-slot_minutes').locator('input').blur()
          const refused = page.waitForResponse(
            (res) => res.request().method() === 'PATCH' && res.url().endsWith(`/api/v1/resources/${r.id}`),
          )
          await dialog.getByTestId('rules-save').click()
          expect((await refused).status()).toBe(422)
          const minError = dialog.getByTestId('rules-item-min_minutes').locator('.el-form-item__error')
          await expect(minError).toBeVisible()
          const clipped = await minError.evaluate(
            (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1,
          )
          expect(clipped, 'the refusal is cut off').toBe(false)
          await expectOnScreen(page, minError)

          // The qualification: city-wide ones and this manager's facility's, never another's.
          const quals = (
            (await (await page.request.get('/api/v1/qualifications?page_size=100')).json()) as {
              items: Qualification[]
            }
          ).items
          const me = (await (await page.request.get('/api/v1/me')).json()) as {
            managed_facility_ids: number[]
          }
          const mayRequire = (q: Qualification) =>
            q.owner_facility_id === null || me.managed_facility_ids.includes(q.owner_facility_id)
          const foreign = quals.find((q) => !mayRequire(q) && q.id !== original.qualification_id)
          const cityWide = quals.find((q) => q.owner_facility_id === null)
          if (!foreign || !cityWide)
            throw new Error('the demo data lacks a city-wide or another facility’s qualification')
          await dialog.getByTestId('rules-qualification').click()
          await expect(page.getByTestId(`rules-qualification-${cityWide.id}`)).toBeVisible()
          await expect(page.getByTestId(`rules-qualification-${foreign.id}`)).toHaveCount(0)
          await page.keyboard.press('Escape')

          // And the server refuses another facility's qualification, naming the field.
          const res = await page.request.patch(`/api/v1/resources/${r.id}`, {
            headers: await csrf(page),
            data: { rules: { qualification_id: foreign.id } },
          })
          expect(res.status()).toBe(403)
          const err = (await res.json()) as { error: { fields: Record<string, string> } }
          expect(Object.keys(err.error.fields)).toEqual(['rules.qualification_id'])
        } finally {
          const { qualification, qualification_id, ...rest } = original
          void qualification
          await page.request.patch(`/api/v1/resources/${r.id}`, {
            headers: await csrf(page),
            data: { rules: { ...rest, qualification_id: qualification_id ?? 0 } },
          })
        }
      })

      test('a manager prints and downloads the check-in QR code', async ({ page }) => {
        await signIn(page, 'manager@demo.local')
        const r = await managedResource(page)
        await page.goto(`/catalog/resources/${r.id}`)
        await page.getByTestId('qr-code').click()
        const dialog = page.getByTestId('qr-dialog')
        await expect(dialog.getByTestId('qr-image')).toBeVisible()
        const name = lang === 'en' && r.name_en ? r.name_en : r.name
        await expect(dialog.getByTestId('qr-name')).toHaveText(name)
        await expect(dialog.getByTestId('qr-facility')).toHaveText(
          lang === 'en' && r.facility_name_en ? r.facility_name_en : r.facility_name,
        )
        expect(
          await dialog.getByTestId('qr-image').evaluate((img: HTMLImageElement) => img.naturalWidth),
        ).toBeGreaterThan(0)
        for (const id of ['qr-download-svg', 'qr-download-png', 'qr-print'])
          await expectOnScreen(page, dialog.getByTestId(id))
        if (lang === 'zh-CN') await expectWorded(dialog.locator('.el-dialog__footer'), lang)

        const file = name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-|-$/g, '')
        for (const ext of ['svg', 'png']) {
          const download = page.waitForEvent('download')
          await dialog.getByTestId(`qr-download-${ext}`).click()
          expect((await download).suggestedFilename()).toBe(`${file}.${ext}`)
        }

        // Printing holds the code, the resource and its facility alone.
        await page.emulateMedia({ media: 'print' })
        await page.evaluate(() => {
          window.print = () => {
            const shown = (el: Element | null) =>
              !!el &&
              getComputedStyle(el).display !== 'none' &&
              (el as HTMLElement).getClientRects().length > 0
            ;(window as unknown as { printed: unknown }).printed = {
              app: shown(document.getElementById('app')),
              code: shown(document.querySelector('[data-testid="qr-image"]')),
              name: shown(document.querySelector('[data-testid="qr-name"]')),
              facility: shown(document.querySelector('[data-testid="qr-facility"]')),
              buttons: shown(document.querySelector('[data-testid="qr-print"]')),
            }
          }
        })
        await dialog.getByTestId('qr-print').click()
        expect(await page.evaluate(() => (window as unknown as { printed: unknown }).printed)).toEqual({
          app: false,
          code: true,
          name: true,
          facility: true,
          buttons: false,
        })
        await page.emulateMedia({ media: 'screen' })
      })

      test('an administrator reads the jobs in words', async ({ page }) => {
        await signIn(page, 'admin@demo.local')
        await page.goto('/admin/jobs')
        const table = page.getByTestId('job-table')
        await expect(table).toBeVisible()
        await expectWorded(table, lang)
        await expect(page.getByTestId('job-schedule-purge_job_runs')).toHaveText(
          lang === 'en' ? 'daily at 03:40' : '每天 03:40',
        )
        await expect(page.getByTestId('job-schedule-complete_checked_in')).toHaveText(
          lang === 'en' ? 'every 5 minutes' : '每 5 分钟',
        )
        await expect(page.getByTestId('job-description-mark_no_shows')).not.toBeEmpty()
      })

      test('an administrator edits a consortium and its members', async ({ page }) => {
        await signIn(page, 'admin@demo.local')
        const list = (await (await page.request.get('/api/v1/consortia?page_size=100')).json()) as {
          items: { id: number }[]
        }
        const id = list.items.at(-1)?.id
        if (!id) throw new Error('no consortium')
        const before = (await (await page.request.get(`/api/v1/consortia/${id}`)).json()) as {
          description: string
        }
        await page.goto('/admin/consortia')
        await page.getByTestId(`consortium-open-${id}`).click()
        const drawer = page.getByTestId('consortium-drawer')
        await drawer.getByTestId('consortium-edit').click()
        const dialog = page.getByTestId('consortium-dialog')
        await expect(dialog).toBeVisible()
        await expectWorded(dialog.locator('.el-form-item__label'), lang)
        await expectOnScreen(page, dialog.getByTestId('consortium-save'))
        const description = `${screen.name}-${lang} 联合体简介`
        await dialog.getByTestId('consortium-description').fill(description)
        const saved = page.waitForResponse(
          (r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/v1/consortia/${id}`),
        )
        await dialog.getByTestId('consortium-save').click()
        expect((await saved).status()).toBe(200)
        await expect(dialog).toBeHidden()
        await expect(drawer).toContainText(description)
        const after = (await (await page.request.get(`/api/v1/consortia/${id}`)).json()) as {
          description: string
        }
        expect(after.description).toBe(description)

        // A blank name is refused in the form.
        await drawer.getByTestId('consortium-edit').click()
        await dialog.getByTestId('consortium-name').fill(' ')
        await dialog.getByTestId('consortium-save').click()
        await expect(dialog.locator('.el-form-item__error').first()).toBeVisible()
        await page.keyboard.press('Escape')
        await page.request.patch(`/api/v1/consortia/${id}`, {
          headers: await csrf(page),
          data: { description: before.description },
        })
      })

      test('an administrator creates an SME user of an enterprise', async ({ page }) => {
        await signIn(page, 'admin@demo.local')
        await page.goto('/admin/users')
        await page.getByTestId('user-add').click()
        const dialog = page.getByTestId('user-dialog')
        await expect(dialog).toBeVisible()
        const email = `sme-${screen.name}-${lang}-${Date.now()}@example.cn`
        await dialog.getByTestId('user-email').fill(email)
        await dialog.getByTestId('user-name').fill('钱工')
        await dialog.getByTestId('user-password').fill('pass-word-2026')
        await dialog.getByTestId('user-role').click()
        await page
          .getByRole('option', { name: lang === 'en' ? 'SME' : '中小企业' })
          .last()
          .click()
        // Without the enterprise the form says so.
        await dialog.getByTestId('user-save').click()
        await expect(dialog.locator('.el-form-item__error')).toHaveCount(1)
        await expectWorded(dialog.locator('.el-form-item__error'), lang)
        await expectOnScreen(page, dialog.getByTestId('user-save'))

        const org = (
          (await (
            await page.request.get('/api/v1/organizations?kind=enterprise&is_sme=true&page_size=1')
          ).json()) as {
            items: { id: number; name: string }[]
          }
        ).items[0]
        if (!org) throw new Error('no SME in the demo data')
        await dialog.getByTestId('user-organization').click()
        const searched = page.waitForResponse(
          (r) => r.url().includes('/api/v1/organizations') && r.url().includes('q='),
        )
        await page.keyboard.type(org.name.slice(0, 4))
        await searched
        await page.getByRole('option').first().click()
        const created = page.waitForResponse(
          (r) => r.request().method() === 'POST' && r.url().endsWith('/api/v1/admin/users'),
        )
        await dialog.getByTestId('user-save').click()
        const res = await created
        expect(res.status()).toBe(201)
        const user = (await res.json()) as { organization_id: number | null; role: string }
        expect(user.role).toBe('sme')
        expect(user.organization_id).not.toBeNull()
      })

      test('a list that fails shows the failure with a retry, and skeletons while it loads', async ({
        page,
      }) => {
        await signIn(page, 'student@demo.local')
        // The first load is held until the skeleton has been seen, then fails.
        let release: () => void = () => undefined
        const held = new Promise<void>((ok) => (release = ok))
        await page.route('**/api/v1/resources?*', async (route) => {
          await held
          await route.abort('internetdisconnected')
        })
        await page.goto('/catalog/resources')
        await expect(page.getByTestId('load-skeleton')).toBeVisible()
        await expect(page.getByTestId('resource-table')).toHaveCount(0)
        release()
        const failure = page.getByTestId('load-error')
        await expect(failure).toBeVisible()
        await expect(page.getByTestId('resource-table')).toHaveCount(0)
        await expectWorded(failure, lang)
        await expectOnScreen(page, page.getByTestId('load-retry'))

        await page.unroute('**/api/v1/resources?*')
        await page.getByTestId('load-retry').click()
        await expect(page.getByTestId('resource-table')).toBeVisible()
        await expect(failure).toHaveCount(0)
      })
    })
  }
}
