import { type APIResponse, type Browser, expect, type Locator, type Page, test } from '@playwright/test'
import { DEMO_PASSWORD } from './helpers'

// The technical services walk, as the SME and the platform's manager, each in a browser of its
// own, on a desktop and a 390 px phone, in Chinese and in English: the SME finds an offering of
// the manager's tech platform in the catalogue and requests it with a file; the manager sees it in
// the queue with its unread message, quotes it; the SME accepts; the manager starts the work and
// delivers a report file; the SME downloads it, confirms and rates the service.

const languages = ['zh-CN', 'en'] as const
const screens = [
  { name: 'desktop', viewport: { width: 1366, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

const SME = 'sme@demo.local'
const MANAGER = 'manager@demo.local'

interface Offering {
  id: number
  facility_id: number
  name: string
  active: boolean
}
interface Attachment {
  id: number
  file_name: string
}
interface RequestDetail {
  id: number
  status: string
  quote: { amount_fen: number } | null
  rating: { score: number } | null
  attachments: Attachment[]
}

/** api signs in over the API and returns a request context that speaks for that user. */
async function api(browser: Browser, email: string) {
  const ctx = await browser.newContext()
  const res = await ctx.request.post('/api/v1/auth/login', { data: { email, password: DEMO_PASSWORD } })
  expect(res.status(), `login ${email}`).toBe(200)
  const login = (await res.json()) as { token: string; user: { id: number; managed_facility_ids: number[] } }
  const headers = { Authorization: `Bearer ${login.token}` }
  return {
    user: login.user,
    get: (url: string) => ctx.request.get(url, { headers }),
    post: (url: string, data: object) => ctx.request.post(url, { headers, data }),
    close: () => ctx.close(),
  }
}

async function json<T>(r: APIResponse): Promise<T> {
  expect(r.ok(), `${r.url()}: ${r.status()} ${await r.text()}`).toBe(true)
  return (await r.json()) as T
}

/** browse opens a browser for the user in the language and size, signed in through the login page. */
async function browse(
  browser: Browser,
  email: string,
  lang: string,
  viewport: { width: number; height: number },
) {
  const ctx = await browser.newContext({ viewport })
  await ctx.addInitScript((l) => localStorage.setItem('locale', l), lang)
  const page = await ctx.newPage()
  await page.goto('/login')
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('page-title')).toBeVisible()
  return page
}

/**
 * readable checks what a person reads in the element: no raw code (snake_case), and in Chinese
 * no English words (the names of people and places are the demo's Chinese ones).
 */
async function readable(el: Locator, lang: string) {
  const text = await el.innerText()
  expect(text, 'raw code on screen').not.toMatch(/\b[a-z]+_[a-z_]+\b/)
  if (lang === 'zh-CN') expect(text, 'English in a Chinese screen').not.toMatch(/[A-Za-z]{2,}/)
}

/** fits checks that the page does not scroll sideways (a phone shows it whole). */
async function fits(page: Page) {
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(width + 1)
}

/** pick types a value into the date picker inside the test id's element and closes it. */
async function pick(scope: Page | Locator, testId: string, value: string) {
  const input = scope.getByTestId(testId).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await input.press('Tab')
}

/** answer waits for the API's answer to a request of that method whose path ends so. */
function answer(page: Page, method: string, suffix: RegExp) {
  return page.waitForResponse(
    (r) => r.request().method() === method && suffix.test(new URL(r.url()).pathname),
  )
}

/** step takes a transition through its button and the confirmation dialog, with a note if given. */
async function step(page: Page, id: number, action: string, path: string, note?: string) {
  await page.getByTestId(`step-${action}`).click()
  const dialog = page.getByTestId('step-dialog')
  await expect(dialog).toBeVisible()
  if (note) await dialog.getByTestId('step-note').fill(note)
  const done = answer(page, 'POST', new RegExp(`/api/v1/service-requests/${id}/${path}$`))
  await dialog.getByTestId('step-send').click()
  const res = await done
  expect(res.status(), await res.text()).toBe(200)
  return (await res.json()) as RequestDetail
}

/** pdf is a small PDF the server takes by its content. */
function pdf(name: string) {
  const body = `%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n`
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body) }
}

/** inDays is the date n days from now in Shanghai, YYYY-MM-DD. */
function inDays(n: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + n * 86_400_000),
  )
}

languages.forEach((lang) => {
  screens.forEach((screen) => {
    test(`an SME and a platform carry a request from submission to rating (${screen.name}, ${lang})`, async ({
      browser,
    }) => {
      test.setTimeout(180_000)
      const tag = `${Date.now() % 1_000_000}`
      const manager = await api(browser, MANAGER)
      const sme = await api(browser, SME)

      // An active offering of a tech platform the manager runs: the demo's, or one made now.
      const platforms = await json<{ items: { id: number }[] }>(
        await manager.get('/api/v1/facilities?kind=tech_platform&page_size=100'),
      )
      const platform = platforms.items.find((f) => manager.user.managed_facility_ids.includes(f.id))
      if (!platform) throw new Error(`${MANAGER} runs no tech platform in the demo data`)
      const listed = await json<{ items: Offering[] }>(
        await sme.get(`/api/v1/service-offerings?facility_id=${platform.id}&page_size=100`),
      )
      let offering = listed.items.find((o) => o.active)
      if (!offering) {
        offering = await json<Offering>(
          await manager.post('/api/v1/service-offerings', {
            facility_id: platform.id,
            name: '中性盐雾试验',
            name_en: 'Neutral salt spray test',
            description: '按国家标准进行中性盐雾试验并出具报告',
            price_basis: 'per_sample',
            price_fen: 30000,
            turnaround_days: 5,
            requirements: '样品三件，注明材质',
            first_response_hours: 8,
            active: true,
          }),
        )
      }

      const smePage = await browse(browser, SME, lang, screen.viewport)
      const mgrPage = await browse(browser, MANAGER, lang, screen.viewport)
      if (screen.name === 'desktop') {
        await expect(smePage.getByTestId('menu-service-catalogue')).toHaveCount(1)
        await expect(smePage.getByTestId('menu-my-service-requests')).toHaveCount(1)
        await expect(smePage.getByTestId('menu-service-queue')).toHaveCount(0)
        await expect(mgrPage.getByTestId('menu-service-queue')).toHaveCount(1)
        await expect(mgrPage.getByTestId('menu-service-offerings')).toHaveCount(1)
      }

      // The SME finds the offering across the city by its name and opens it.
      await smePage.goto('/services/catalogue')
      await readable(smePage.getByTestId('offering-search'), lang)
      await smePage.getByTestId('filter-q').fill(offering.name)
      await smePage.getByTestId('filter-q').press('Enter')
      await expect(smePage.getByTestId(`offering-card-${offering.id}`)).toBeVisible()
      await fits(smePage)
      await smePage.getByTestId(`offering-link-${offering.id}`).click()
      await expect(smePage.getByTestId('offering-title')).toBeVisible()
      await expect(smePage.getByTestId('offering-price')).not.toBeEmpty()
      await fits(smePage)

      // It requests it, with a file.
      await smePage.getByTestId('offering-request').click()
      await expect(smePage).toHaveURL(new RegExp(`/services/requests/new\\?offering=${offering.id}$`))
      const form = smePage.getByTestId('request-form')
      await expect(form).toBeVisible()
      await readable(form, lang)
      const requestFile = `委托单-${tag}.pdf`
      const title = `盐雾试验委托${tag}`
      await smePage.getByTestId('request-title').fill(title)
      await smePage.getByTestId('request-description').fill('三件铝合金试片，96 小时中性盐雾')
      await smePage.getByTestId('request-quantity').locator('input').fill('3')
      await smePage.getByTestId('request-contact-phone').fill('023-6000 1234')
      await pick(smePage, 'request-desired-date', inDays(14))
      await smePage.getByTestId('request-files-input').setInputFiles(pdf(requestFile))
      await fits(smePage)
      const created = answer(smePage, 'POST', /\/api\/v1\/service-requests$/)
      const uploaded = answer(smePage, 'POST', /\/api\/v1\/service-requests\/\d+\/attachments$/)
      await smePage.getByTestId('request-submit').click()
      const createdRes = await created
      expect(createdRes.status(), await createdRes.text()).toBe(201)
      const id = ((await createdRes.json()) as RequestDetail).id
      expect((await uploaded).status()).toBe(201)
      await expect(smePage).toHaveURL(new RegExp(`/services/requests/${id}$`))
      await expect(smePage.getByTestId('request-title')).toHaveText(title)
      await expect(smePage.getByTestId('request-files-list')).toContainText(requestFile)
      await expect(smePage.getByTestId('service-status-submitted')).toBeVisible()
      for (const part of [
        'request-status',
        'quote-panel',
        'service-levels',
        'request-timeline',
        'request-steps',
      ])
        await readable(smePage.getByTestId(part), lang)
      await fits(smePage)

      // It says a word in the thread.
      await smePage.getByTestId('thread-body').fill('样品今天寄出')
      const posted = answer(smePage, 'POST', new RegExp(`/api/v1/service-requests/${id}/messages$`))
      await smePage.getByTestId('thread-send').click()
      expect((await posted).status()).toBe(201)
      await expect(smePage.getByTestId('thread')).toContainText('样品今天寄出')

      // The manager finds it in the platform's queue, with the unread message, and opens it.
      await mgrPage.goto('/services/queue')
      await readable(mgrPage.getByTestId('request-search'), lang)
      await expect(mgrPage.getByTestId(`request-link-${id}`)).toBeVisible()
      await expect(mgrPage.getByTestId(`request-unread-${id}`)).toBeVisible()
      await expect(mgrPage.getByTestId('unread-total')).toBeVisible()
      await fits(mgrPage)
      await mgrPage.getByTestId(`request-link-${id}`).click()
      await expect(mgrPage).toHaveURL(new RegExp(`/services/requests/${id}$`))
      await expect(mgrPage.getByTestId('thread')).toContainText('样品今天寄出')
      await expect(mgrPage.getByTestId('request-files-list')).toContainText(requestFile)

      // It quotes 1,200.50 yuan, due in ten days.
      await mgrPage.getByTestId('step-quote').click()
      const quote = mgrPage.getByTestId('quote-dialog')
      await expect(quote).toBeVisible()
      await quote.getByTestId('quote-amount').fill('1200.5')
      await pick(quote, 'quote-due-date', inDays(10))
      await quote.getByTestId('quote-terms').fill('款到出具报告')
      await readable(quote, lang)
      const quoted = answer(mgrPage, 'POST', new RegExp(`/api/v1/service-requests/${id}/quotes$`))
      await quote.getByTestId('quote-send').click()
      const quotedRes = await quoted
      expect(quotedRes.status(), await quotedRes.text()).toBe(201)
      expect(((await quotedRes.json()) as RequestDetail).quote?.amount_fen).toBe(120050)
      await expect(mgrPage.getByTestId('quote-amount-shown')).toContainText('1,200.50')
      await expect(mgrPage.getByTestId('first-response')).toBeVisible()

      // The SME accepts the quote.
      await smePage.reload()
      await expect(smePage.getByTestId('quote-amount-shown')).toContainText('1,200.50')
      await readable(smePage.getByTestId('quote-panel'), lang)
      const accepted = await step(smePage, id, 'accept', 'accept')
      expect(accepted.status).toBe('accepted')
      await expect(smePage.getByTestId('service-status-accepted')).toBeVisible()

      // The manager starts the work and delivers the report with a file.
      await mgrPage.reload()
      expect((await step(mgrPage, id, 'start', 'start')).status).toBe('in_progress')
      await expect(mgrPage.getByTestId('service-status-in_progress')).toBeVisible()
      const reportFile = `检测报告-${tag}.pdf`
      await mgrPage.getByTestId('step-deliver').click()
      const deliver = mgrPage.getByTestId('deliver-dialog')
      await expect(deliver).toBeVisible()
      await readable(deliver, lang)
      await deliver.getByTestId('deliver-note').fill('96 小时后试片无红锈，详见报告')
      await deliver.getByTestId('deliver-files-input').setInputFiles(pdf(reportFile))
      const report = answer(mgrPage, 'POST', new RegExp(`/api/v1/service-requests/${id}/attachments$`))
      const delivered = answer(mgrPage, 'POST', new RegExp(`/api/v1/service-requests/${id}/deliver$`))
      await deliver.getByTestId('deliver-send').click()
      const reportRes = await report
      expect(reportRes.status(), await reportRes.text()).toBe(201)
      const reportID = ((await reportRes.json()) as { items: Attachment[] }).items[0]!.id
      expect((await delivered).status()).toBe(200)
      await expect(mgrPage.getByTestId('service-status-delivered')).toBeVisible()
      await expect(mgrPage.getByTestId('turnaround')).toBeVisible()

      // The SME downloads the report, confirms and rates the service.
      await smePage.reload()
      await expect(smePage.getByTestId('service-status-delivered')).toBeVisible()
      const link = smePage.getByTestId('delivery-files').getByTestId(`attachment-${reportID}`)
      await expect(link).toHaveText(reportFile)
      const download = smePage.waitForEvent('download')
      await link.click()
      const file = await download
      expect(file.suggestedFilename()).toBe(reportFile)
      expect(await file.path()).toBeTruthy()

      expect((await step(smePage, id, 'confirm', 'confirm')).status).toBe('closed')
      await expect(smePage.getByTestId('service-status-closed')).toBeVisible()
      const stars = smePage.getByTestId('rating-score')
      await stars.focus()
      for (let i = 0; i < 4; i++) await stars.press('ArrowRight')
      await smePage.getByTestId('rating-comment').fill('报告清楚，交付及时')
      await readable(smePage.getByTestId('rating-form'), lang)
      const rated = answer(smePage, 'POST', new RegExp(`/api/v1/service-requests/${id}/rating$`))
      await smePage.getByTestId('rating-send').click()
      const ratedRes = await rated
      expect(ratedRes.status(), await ratedRes.text()).toBe(201)
      expect(((await ratedRes.json()) as RequestDetail).rating?.score).toBe(4)
      await expect(smePage.getByTestId('rating-shown')).toContainText('报告清楚，交付及时')
      for (const part of ['request-status', 'service-levels', 'request-timeline'])
        await readable(smePage.getByTestId(part), lang)
      await fits(smePage)

      // The request is in the SME's list as closed, and the offering's page counts the rating.
      await smePage.goto('/services/requests')
      await expect(smePage.getByTestId(`request-link-${id}`)).toBeVisible()
      await smePage.goto(`/services/offerings/${offering.id}`)
      await expect(smePage.getByTestId('offering-rating')).toBeVisible()

      await Promise.all([smePage.context().close(), mgrPage.context().close(), manager.close(), sme.close()])
    })
  })
})
