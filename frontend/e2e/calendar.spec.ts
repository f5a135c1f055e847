import { expect, type Locator, type Page, test } from '@playwright/test'
import { showDay, signIn, wall } from './helpers'

// Blackouts over bookings (the manager lists and decides), and an honest calendar (closed time
// says why, a refusal offers the next free time), on a desktop and a phone, in both languages.

interface Resource {
  id: number
  facility_id: number
  capacity: number
  status: string
  time_zone: string
  rules: {
    slot_minutes: number
    min_minutes: number
    requires_approval: boolean
    qualification: unknown
    weekly_quota_minutes: number
  }
}
interface Span {
  start_at: string
  end_at: string
}

const PHONE = { width: 390, height: 844 }

/** csrf is the header an unsafe request of the signed-in page needs. */
async function csrf(page: Page): Promise<Record<string, string>> {
  const token = await page.evaluate(() => document.cookie.match(/csrf_token=([^;]+)/)?.[1] ?? '')
  return { 'X-CSRF-Token': decodeURIComponent(token) }
}

/** bookableResource is a resource of the facility that anyone may book at once. */
async function bookableResource(page: Page, facilityID: number): Promise<Resource> {
  const list = (await (
    await page.request.get(`/api/v1/resources?facility_id=${facilityID}&page_size=100`)
  ).json()) as { items: Resource[] }
  const res = list.items.find(
    (r) =>
      r.status === 'available' &&
      !r.rules.qualification &&
      !r.rules.requires_approval &&
      r.rules.min_minutes <= 180,
  )
  if (!res) throw new Error(`facility ${facilityID} has no resource open to everyone`)
  return res
}

/** hoursOf is how long the tests book the resource: whole hours, at least its shortest booking. */
const hoursOf = (res: Resource) => Math.max(1, Math.ceil(res.rules.min_minutes / 60))

/**
 * bookHours books, for the signed-in page's user, the first free hoursOf(res) starting on the
 * hour from two days on, as the availability says, and returns the booking.
 */
async function bookHours(page: Page, res: Resource): Promise<{ id: number } & Span> {
  const length = hoursOf(res) * 3_600_000
  const from = new Date(Date.now() + 2 * 86_400_000).toISOString()
  const to = new Date(Date.now() + 9 * 86_400_000).toISOString()
  const a = (await (
    await page.request.get(`/api/v1/resources/${res.id}/availability`, { params: { from, to } })
  ).json()) as { items: Span[] }
  for (const f of a.items) {
    let start = Math.ceil(Date.parse(f.start_at) / 3_600_000) * 3_600_000
    for (; start + length <= Date.parse(f.end_at); start += 3_600_000) {
      const answer = await page.request.post('/api/v1/bookings', {
        headers: await csrf(page),
        data: {
          resource_id: res.id,
          start_at: new Date(start).toISOString(),
          end_at: new Date(start + length).toISOString(),
          purpose: '材料力学实验',
          purpose_category: 'teaching',
        },
      })
      if (answer.status() === 201) return (await answer.json()) as { id: number } & Span
    }
  }
  throw new Error(`no free time to book on resource ${res.id}`)
}

/** toEnglish switches the UI language with the header's switch. */
async function toEnglish(page: Page) {
  await page.getByTestId('lang-switch-button').click()
  await page.getByTestId('lang-option-en').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
}

/**
 * checkScreen asserts what every screen of these items keeps to: no raw code (snake_case) on
 * screen, no English word in a zh-CN screen (time zones and the given names aside), and the
 * screen as wide as the viewport at most, and the buttons reachable inside it.
 */
async function checkScreen(
  page: Page,
  root: Locator,
  lang: 'zh' | 'en',
  buttons: Locator[],
  names: string[] = [],
) {
  let text = await root.innerText()
  for (const n of names) text = text.split(n).join('')
  text = text.replace(/[A-Z][a-z]+\/[A-Za-z_]+/g, '') // an IANA time zone
  expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/)
  if (lang === 'zh') expect(text).not.toMatch(/[A-Za-z]{3,}/)
  const view = page.viewportSize()
  const area = await root.boundingBox()
  if (area && view) {
    expect(area.x).toBeGreaterThanOrEqual(0)
    expect(area.x + area.width).toBeLessThanOrEqual(view.width)
  }
  for (const b of buttons) {
    await b.scrollIntoViewIfNeeded() // a tall dialog on a desktop scrolls its overlay
    const box = await b.boundingBox()
    expect(box, 'a button is shown').not.toBeNull()
    if (!box || !view) continue
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(view.width)
    expect(box.y + box.height).toBeLessThanOrEqual(view.height)
  }
}

/** pick types a value into the date picker inside the test id's element and closes it. */
async function pick(page: Page, testId: string, value: string) {
  const input = page.getByTestId(testId).locator('input').first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
  await input.press('Tab')
}

/** addBlackout fills the blackout dialog for one resource and saves it. */
async function addBlackout(page: Page, resourceID: number, from: string, to: string, reason: string) {
  await page.getByTestId('blackout-add').click()
  const dialog = page.getByTestId('blackout-dialog')
  await expect(dialog).toBeVisible()
  await page.getByTestId('blackout-resource').click()
  await page.getByTestId(`blackout-resource-${resourceID}`).click()
  await pick(page, 'blackout-from', from)
  await pick(page, 'blackout-to', to)
  await page.getByTestId('blackout-reason').fill(reason)
}

for (const { lang, phone } of [
  { lang: 'zh', phone: false },
  { lang: 'en', phone: true },
] as const) {
  const where = `${lang}${phone ? ', phone' : ''}`

  test(`a blackout over a booking lists it; cancelling tells the holder and frees the time (${where})`, async ({
    browser,
  }) => {
    // Two people, two sessions and a dozen screens checked: longer than one page's budget.
    test.setTimeout(150_000)
    const studentContext = await browser.newContext()
    const student = await studentContext.newPage()
    await signIn(student, 'student@demo.local')
    const managerContext = await browser.newContext()
    const manager = await managerContext.newPage()
    await signIn(manager, 'manager@demo.local')
    if (phone) {
      await student.setViewportSize(PHONE)
      await manager.setViewportSize(PHONE)
    }
    const me = (await (await manager.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
    const facility = me.managed_facility_ids[0] ?? 0
    const res = await bookableResource(student, facility)
    const booked = await bookHours(student, res)
    const tz = res.time_zone
    const [day, startWall] = wall(booked.start_at, tz)
    const hour = Number(startWall.slice(0, 2))
    const from = `${day} ${String(hour - 1).padStart(2, '0')}:00`
    const to = `${day} ${String(hour + hoursOf(res) + 1).padStart(2, '0')}:00`
    const reason = lang === 'zh' ? '设备年检' : 'Annual inspection'

    // The manager closes the resource over the booking: the booking is listed before anything
    // changes.
    await manager.goto('/catalog/blackouts')
    if (lang === 'en') await toEnglish(manager)
    await addBlackout(manager, res.id, from, to, reason)
    await checkScreen(manager, manager.getByTestId('blackout-dialog'), lang, [
      manager.getByTestId('blackout-save'),
    ])
    await manager.screenshot({ path: `test-results/calendar-blackout-${where}.png` })
    const refused = manager.waitForResponse(
      (r) => r.url().includes('/blackouts') && r.request().method() === 'POST',
    )
    await manager.getByTestId('blackout-save').click()
    expect((await refused).status()).toBe(409)
    const affected = manager.getByTestId('affected-dialog')
    await expect(affected.getByTestId(`affected-${booked.id}`)).toBeVisible()
    await checkScreen(manager, affected.locator('.el-dialog__body > p').first(), lang, [
      manager.getByTestId('affected-confirm'),
      manager.getByTestId('affected-back'),
    ])
    await checkScreen(manager, affected.getByTestId('affected-choice'), lang, [])
    await manager.screenshot({ path: `test-results/calendar-affected-${where}.png` })
    let mine = (await (await student.request.get(`/api/v1/bookings/${booked.id}`)).json()) as {
      status: string
    }
    expect(mine.status).toBe('confirmed')

    // Cancelling: the blackout is saved, the booking cancelled with the blackout's reason, the
    // holder told, no credit lost.
    const saved = manager.waitForResponse(
      (r) => r.url().includes('/blackouts') && r.request().method() === 'POST',
    )
    await manager.getByTestId('affected-cancel').click()
    await manager.getByTestId('affected-confirm').click()
    expect((await saved).status()).toBe(201)
    await expect(affected).toBeHidden()
    await expect(manager.getByTestId('blackout-dialog')).toBeHidden()
    mine = (await (await student.request.get(`/api/v1/bookings/${booked.id}`)).json()) as { status: string }
    expect(mine.status).toBe('cancelled')
    const notes = (await (await student.request.get('/api/v1/me/notifications?unread=true')).json()) as {
      items: { kind: string; data: { booking_id?: number; note?: string } }[]
    }
    expect(notes.items.some((n) => n.data.booking_id === booked.id && n.data.note === reason)).toBe(true)

    // The resource calendar draws the blackout with its reason; booking into it is refused with
    // the next free time, which one tap takes.
    if (lang === 'en') {
      await student.goto('/catalog/resources')
      await toEnglish(student)
    }
    await student.goto(`/catalog/resources/${res.id}`)
    const cal = student.getByTestId('booking-calendar')
    await expect(cal).toBeVisible()
    await showDay(cal, day)
    await expect(cal.locator('.closed-blackout', { hasText: reason }).first()).toBeVisible()
    await student.screenshot({ path: `test-results/calendar-resource-${where}.png`, fullPage: true })

    await student.getByTestId('new-booking').click()
    const dialog = student.getByTestId('booking-dialog')
    await expect(dialog).toBeVisible()
    await pick(student, 'booking-date', day)
    await student.getByTestId('booking-start').click()
    await student.getByRole('option', { name: startWall.slice(0, 5), exact: true }).click()
    await student.getByTestId('booking-end').click()
    await student
      .getByRole('option', { name: `${String(hour + hoursOf(res)).padStart(2, '0')}:00`, exact: true })
      .last()
      .click()
    await expect(student.getByTestId('slot-closed')).toContainText(reason)
    await checkScreen(student, student.getByTestId('slot-closed'), lang, [], [reason])
    await expect(student.getByTestId('booking-watch')).toHaveCount(0)
    await student.getByTestId('booking-purpose').fill(lang === 'zh' ? '材料力学实验' : 'Materials lab')
    const first = student.waitForResponse(
      (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST',
    )
    await student.getByTestId('booking-submit').click()
    const refusal = (await (await first).json()) as { error: { rule: string; details: { next_free?: Span } } }
    expect(refusal.error.rule).toBe('blackout')
    expect(refusal.error.details.next_free).toBeTruthy()
    await expect(student.getByTestId('next-free')).toBeVisible()
    // The refusal's own words are the message catalogue's; the suggestion is this screen's.
    await checkScreen(student, student.getByTestId('next-free-hint'), lang, [
      student.getByTestId('booking-submit'),
    ])
    await student.screenshot({ path: `test-results/calendar-next-free-${where}.png` })
    await student.getByTestId('next-free').click()
    const second = student.waitForResponse(
      (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST',
    )
    await student.getByTestId('booking-submit').click()
    const made = await second
    expect(made.status()).toBe(201)
    const next = (await made.json()) as Span & { id: number }
    expect(Date.parse(next.start_at)).toBe(Date.parse(refusal.error.details.next_free?.start_at ?? ''))

    // The facility schedule draws the blackout with its reason too.
    await manager.goto(`/catalog/facilities/${facility}`)
    await pick(manager, 'schedule-date', day)
    await expect(manager.getByTestId('schedule-blackout').filter({ hasText: reason }).first()).toBeAttached()
    await manager.screenshot({ path: `test-results/calendar-schedule-${where}.png`, fullPage: true })

    // Tidy up: the blackout and the new booking go, so the time is free again.
    const list = (await (
      await manager.request.get(`/api/v1/facilities/${facility}/blackouts?page_size=100`)
    ).json()) as { items: { id: number; reason: string }[] }
    for (const b of list.items.filter((x) => x.reason === reason)) {
      await manager.request.delete(`/api/v1/blackouts/${b.id}`, { headers: await csrf(manager) })
    }
    await student.request.post(`/api/v1/bookings/${next.id}/cancel`, {
      headers: await csrf(student),
      data: {},
    })
    await studentContext.close()
    await managerContext.close()
  })
}

test('a holiday fills in the reason and closes whole days; keeping leaves the booking', async ({
  browser,
}) => {
  const context = await browser.newContext()
  const manager = await context.newPage()
  await signIn(manager, 'manager@demo.local')
  await manager.setViewportSize(PHONE)
  const teacherContext = await browser.newContext()
  const teacher = await teacherContext.newPage()
  await signIn(teacher, 'teacher@demo.local')
  const me = (await (await manager.request.get('/api/v1/me')).json()) as { managed_facility_ids: number[] }
  const res = await bookableResource(teacher, me.managed_facility_ids[0] ?? 0)
  const booked = await bookHours(teacher, res)
  const [day] = wall(booked.start_at, res.time_zone)

  await manager.goto('/catalog/blackouts')
  await manager.getByTestId('blackout-add').click()
  await manager.getByTestId('blackout-holiday').click()
  await manager.getByTestId('holiday-nationalDay').click()
  await expect(manager.getByTestId('blackout-reason')).toHaveValue('国庆节放假')
  await expect(manager.getByTestId('blackout-all-day')).toHaveClass(/is-checked/)
  await manager.getByTestId('blackout-resource').click()
  await manager.getByTestId(`blackout-resource-${res.id}`).click()
  await pick(manager, 'blackout-from', day)
  await pick(manager, 'blackout-to', day)
  await checkScreen(manager, manager.getByTestId('blackout-dialog'), 'zh', [
    manager.getByTestId('blackout-save'),
  ])
  await manager.screenshot({ path: 'test-results/calendar-holiday-zh, phone.png' })
  const refused = manager.waitForResponse(
    (r) => r.url().includes('/blackouts') && r.request().method() === 'POST',
  )
  await manager.getByTestId('blackout-save').click()
  const body = (await (await refused).json()) as { error: { code: string } }
  expect(body.error.code).toBe('bookings_affected')
  await expect(manager.getByTestId(`affected-${booked.id}`)).toBeVisible()
  await checkScreen(manager, manager.getByTestId('affected-choice'), 'zh', [
    manager.getByTestId('affected-confirm'),
    manager.getByTestId('affected-back'),
  ])
  const saved = manager.waitForResponse(
    (r) => r.url().includes('/blackouts') && r.request().method() === 'POST',
  )
  await manager.getByTestId('affected-keep').click()
  await manager.getByTestId('affected-confirm').click()
  const created = await saved
  expect(created.status()).toBe(201)
  const blackout = (await created.json()) as { id: number; start_at: string; end_at: string }
  // Whole local days of the facility.
  expect(wall(blackout.start_at, res.time_zone)).toEqual([day, '00:00:00'])
  expect(Date.parse(blackout.end_at) - Date.parse(blackout.start_at)).toBe(86_400_000)
  const kept = (await (await teacher.request.get(`/api/v1/bookings/${booked.id}`)).json()) as {
    status: string
  }
  expect(kept.status).toBe('confirmed')

  // The day is closed to a booking now: the availability the pickers read says so.
  const closed = (await (
    await teacher.request.get(`/api/v1/resources/${res.id}/availability`, {
      params: { from: blackout.start_at, to: blackout.end_at },
    })
  ).json()) as { items: Span[]; taken: Span[]; closed: { rule: string; reason: string }[] }
  expect(closed.items).toEqual([])
  expect(closed.taken).toEqual([])
  expect(closed.closed.some((c) => c.rule === 'blackout' && c.reason === '国庆节放假')).toBe(true)

  await manager.request.delete(`/api/v1/blackouts/${blackout.id}`, { headers: await csrf(manager) })
  await teacher.request.post(`/api/v1/bookings/${booked.id}/cancel`, {
    headers: await csrf(teacher),
    data: {},
  })
  await context.close()
  await teacherContext.close()
})
