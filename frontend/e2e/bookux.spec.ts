// Before committing and on a phone: the booking dialog's quote (price for the booker's type,
// weekly quota, the booker's own overlapping bookings), one submit per booking, and the
// approval queue with every field a manager decides on — on a desktop and a 390 px phone, in
// both languages.
import { type APIResponse, expect, type Locator, type Page, test } from '@playwright/test'
import { signIn } from './helpers'

interface Resource {
  id: number
  name: string
  facility_id: number
  capacity: number
  time_zone: string
  rules: {
    slot_minutes: number
    min_minutes: number
    requires_approval: boolean
    qualification: unknown
    weekly_quota_minutes: number
  }
}
interface Free {
  start_at: string
  end_at: string
  free_seats: number
}

const screens = [
  { name: 'desktop', width: 1366, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const
const languages = ['zh-CN', 'en'] as const

/** useLanguage makes every page of the test load in the language. */
async function useLanguage(page: Page, lang: string) {
  await page.addInitScript((l) => localStorage.setItem('locale', l), lang)
}

/** post sends a write as the signed-in page, with its CSRF token. */
async function post(page: Page, path: string, data: object): Promise<APIResponse> {
  const token = await page.evaluate(() => document.cookie.match(/csrf_token=([^;]+)/)?.[1] ?? '')
  return page.request.post(path, { headers: { 'X-CSRF-Token': decodeURIComponent(token) }, data })
}

async function resources(page: Page): Promise<Resource[]> {
  const res = await page.request.get('/api/v1/resources?page_size=100')
  return ((await res.json()) as { items: Resource[] }).items
}

/** slots cuts the free intervals into bookings of the length, in order. */
function slots(free: Free[], minutes: number, seats = 2): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = []
  for (const f of free) {
    if (f.free_seats < seats) continue
    for (let s = Date.parse(f.start_at); s + minutes * 60_000 <= Date.parse(f.end_at); s += minutes * 60_000)
      out.push({ start: new Date(s).toISOString(), end: new Date(s + minutes * 60_000).toISOString() })
  }
  return out
}

async function freeTime(page: Page, id: number): Promise<Free[]> {
  const res = await page.request.get(`/api/v1/resources/${id}/availability`)
  return ((await res.json()) as { items: Free[] }).items
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

/** inside checks that the element is wholly inside the viewport. */
async function inside(page: Page, el: Locator) {
  const box = await el.boundingBox()
  const view = page.viewportSize()
  if (!box || !view) throw new Error('no box or viewport')
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.y).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(view.width)
  expect(box.y + box.height).toBeLessThanOrEqual(view.height)
}

languages.forEach((lang, li) => {
  screens.forEach((screen, si) => {
    const run = li * screens.length + si

    test(`booking dialog quotes, warns of one's own overlap and sends once (${screen.name}, ${lang})`, async ({
      page,
    }) => {
      await useLanguage(page, lang)
      await signIn(page, 'student@demo.local')
      // A pooled resource with a weekly quota that books at once, and the same time booked on
      // another resource of the facility first: the dialog warns of the overlap.
      const all = await resources(page)
      const bookable = (r: Resource) => !r.rules.requires_approval && !r.rules.qualification
      const pool = all.find((r) => r.capacity > 2 && bookable(r) && r.rules.weekly_quota_minutes > 0)
      if (!pool) throw new Error('the demo data has no pooled resource with a quota that books at once')
      await page.setViewportSize({ width: screen.width, height: screen.height })
      // The date pickers' answer: the free time from now on, whatever window the calendar shows.
      const painted = page.waitForResponse((r) => {
        const url = new URL(r.url())
        const to = Date.parse(url.searchParams.get('to') ?? '')
        return (
          url.pathname === `/api/v1/resources/${pool.id}/availability` && to > Date.now() + 30 * 86_400_000
        )
      })
      await page.goto(`/catalog/resources/${pool.id}`)
      const free = ((await (await painted).json()) as { items: Free[] }).items
      await expect(page.getByTestId('booking-calendar')).toBeVisible()
      // The rules summary names the engine's own limits too.
      await expect(page.getByTestId('rule-max_upcoming')).toBeAttached()
      await expect(page.getByTestId('rule-credit')).toBeAttached()
      await expect(page.getByTestId('rule-seats')).toBeAttached()
      await readable(page.getByTestId('rules-list'), lang)

      // "New booking" offers the first free time from now on (an hour, or the shortest booking
      // if longer), even on a phone whose day view shows a day with nothing left.
      const first = free[0]
      if (!first) throw new Error('no free time in the next weeks')
      const minutes = Math.max(pool.rules.min_minutes, 60)
      const slot = {
        start: first.start_at,
        end: new Date(
          Math.min(Date.parse(first.start_at) + minutes * 60_000, Date.parse(first.end_at)),
        ).toISOString(),
      }
      let other: Resource | undefined
      for (const r of all.filter(
        (r) => r.id !== pool.id && r.facility_id === pool.facility_id && bookable(r),
      )) {
        const res = await post(page, '/api/v1/bookings', {
          resource_id: r.id,
          start_at: slot.start,
          end_at: slot.end,
          purpose: '课程实验',
          purpose_category: 'teaching',
        })
        if (res.status() === 201) {
          other = r
          break
        }
      }
      if (!other) throw new Error('no other resource of the facility is free at that time')

      const quoted = page.waitForResponse((r) => r.url().includes(`/api/v1/resources/${pool.id}/quote`))
      await page.getByTestId('new-booking').click()
      expect((await quoted).status()).toBe(200)
      const dialog = page.getByTestId('booking-dialog')
      await expect(dialog.getByTestId('quote-type')).toBeVisible()
      await expect(dialog.getByTestId('quote-price')).not.toBeEmpty()
      await expect(dialog.getByTestId('quote-quota')).toBeVisible()
      await expect(dialog.getByTestId('booking-overlaps')).toContainText(other.name)
      await dialog.getByTestId('booking-purpose').fill('毕业设计样件测量')
      await readable(dialog, lang)
      await inside(page, dialog.getByTestId('booking-submit'))
      await page.screenshot({ path: `test-results/bookux-booking-${screen.name}-${lang}.png` })

      // A double tap books once: the button is disabled while the request runs and after.
      let posts = 0
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith('/api/v1/bookings')) posts++
      })
      const created = page.waitForResponse(
        (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST',
      )
      await dialog.getByTestId('booking-submit').dblclick()
      expect((await created).status()).toBe(201)
      await expect(dialog).toBeHidden()
      expect(posts).toBe(1)
    })

    test(`the approval queue shows who, when, what, seats and conflicts, soonest first (${screen.name}, ${lang})`, async ({
      page,
      browser,
    }) => {
      // The student asks twice for the same time of a pooled resource that needs approval at a
      // facility the demo manager manages: each request conflicts with the other.
      const student = await browser.newPage()
      await signIn(student, 'student@demo.local')
      const gated = (await resources(student)).filter(
        (r) => r.capacity > 2 && r.rules.requires_approval && !r.rules.qualification,
      )
      await useLanguage(page, lang)
      await signIn(page, 'manager@demo.local')
      const managed = (
        (await (await page.request.get('/api/v1/me')).json()) as {
          managed_facility_ids: number[]
        }
      ).managed_facility_ids
      const target = gated.find((r) => managed.includes(r.facility_id))
      if (!target) throw new Error('the demo manager manages no pooled resource that needs approval')
      const length = Math.max(target.rules.min_minutes, target.rules.slot_minutes, 60)
      const slot = slots(await freeTime(student, target.id), length)[run * 2]
      if (!slot) throw new Error('no free slot this week')
      const ids: number[] = []
      for (const purpose of ['课题样件加工', '课题样件复测']) {
        const res = await post(student, '/api/v1/bookings', {
          resource_id: target.id,
          start_at: slot.start,
          end_at: slot.end,
          purpose,
          purpose_category: 'research',
        })
        expect(res.status()).toBe(201)
        ids.push(((await res.json()) as { id: number }).id)
      }
      await student.close()

      await page.setViewportSize({ width: screen.width, height: screen.height })
      const listed = page.waitForResponse((r) => r.url().includes('/api/v1/bookings?'))
      await page.goto('/booking/approvals')
      const answer = (await (await listed).json()) as { items: { id: number; start_at: string }[] }
      // Soonest first, as the server orders it.
      const starts = answer.items.map((b) => Date.parse(b.start_at))
      expect(starts).toEqual([...starts].sort((a, b) => a - b))

      const queue = page.getByTestId(screen.name === 'phone' ? 'approval-cards' : 'approval-table')
      await expect(queue).toBeVisible()
      const conflicts = page.getByTestId(`approval-conflicts-${ids[0]}`)
      await expect(conflicts).toContainText(target.name)
      if (screen.name === 'phone') {
        const card = page.getByTestId(`approval-card-${ids[0]}`)
        await card.scrollIntoViewIfNeeded()
        await expect(card).toContainText('课题样件加工')
        await inside(page, card.getByTestId(`approve-${ids[0]}`))
        await readable(card, lang)
      } else {
        await readable(queue.locator('.el-table__header'), lang)
      }
      await page.screenshot({ path: `test-results/bookux-approvals-${screen.name}-${lang}.png` })

      // The applicant's credit is one tap away.
      await page.getByTestId(`approval-credit-${ids[0]}`).click()
      const credit = page.getByTestId('credit-dialog')
      await expect(credit).toBeVisible()
      await readable(credit, lang)
      await page.keyboard.press('Escape')
      await expect(credit).toBeHidden()

      const approved = page.waitForResponse((r) => r.url().endsWith(`/api/v1/bookings/${ids[0]}/approve`))
      await page.getByTestId(`approve-${ids[0]}`).click()
      expect((await approved).status()).toBe(200)
      await expect(page.getByTestId(`approval-conflicts-${ids[0]}`)).toHaveCount(0)
    })
  })
})

languages.forEach((lang) => {
  test(`the weekly series dialog fits a phone, labels above fields, its buttons in reach (${lang})`, async ({
    page,
  }) => {
    await useLanguage(page, lang)
    await signIn(page, 'teacher@demo.local')
    const res = (await resources(page)).find((r) => !r.rules.requires_approval && !r.rules.qualification)
    if (!res) throw new Error('no resource that books at once')
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`/catalog/resources/${res.id}`)
    await page.getByTestId('new-recurring').click()
    const dialog = page.getByTestId('recurring-dialog')
    await expect(dialog).toBeVisible()
    await inside(page, dialog.getByTestId('recurring-submit'))
    // A label stands above its field, not beside it.
    const label = await dialog.locator('.el-form-item__label').first().boundingBox()
    const field = await dialog.locator('.el-form-item__content').first().boundingBox()
    if (!label || !field) throw new Error('no form item')
    expect(label.y + label.height).toBeLessThanOrEqual(field.y + 1)
    await readable(dialog, lang)
    await page.screenshot({ path: `test-results/bookux-recurring-phone-${lang}.png` })
  })
})
