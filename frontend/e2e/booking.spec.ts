import { expect, type Page, test } from '@playwright/test'
import { selectOnCalendar, signIn } from './helpers'

interface Resource {
  id: number
  capacity: number
  time_zone: string
  rules: { slot_minutes: number; min_minutes: number; requires_approval: boolean; qualification: unknown }
}
interface Free {
  start_at: string
  end_at: string
  free_seats: number
}

/** openResource opens the resource page and returns the free time its calendar was given. */
async function openResource(page: Page, id: number): Promise<Free[]> {
  const answer = page.waitForResponse((r) => r.url().includes(`/api/v1/resources/${id}/availability`))
  await page.goto(`/catalog/resources/${id}`)
  await expect(page.getByTestId('booking-calendar')).toBeVisible()
  return ((await (await answer).json()) as { items: Free[] }).items
}

test('a student books a free slot on the calendar; a teacher cannot take it', async ({ page, browser }) => {
  await signIn(page, 'student@demo.local')

  // An exclusive resource that books at once and needs no qualification.
  const list = (await (await page.request.get('/api/v1/resources?page_size=100')).json()) as {
    items: Resource[]
  }
  const res = list.items.find(
    (r) =>
      r.capacity === 1 && !r.rules.requires_approval && !r.rules.qualification && r.rules.min_minutes <= 120,
  )
  if (!res) throw new Error('the demo data has no exclusive resource that books at once')
  const slot = res.rules.slot_minutes
  const length = Math.max(res.rules.min_minutes, slot, 60)

  // The first free interval long enough, in this week or, late in the week, the next.
  let free = await openResource(page, res.id)
  let room = free.find((f) => Date.parse(f.end_at) - Date.parse(f.start_at) >= length * 60_000)
  if (!room) {
    const next = page.waitForResponse((r) => r.url().includes(`/api/v1/resources/${res.id}/availability`))
    await page.getByTestId('booking-calendar').getByRole('button', { name: '›' }).click()
    free = ((await (await next).json()) as { items: Free[] }).items
    room = free.find((f) => Date.parse(f.end_at) - Date.parse(f.start_at) >= length * 60_000)
  }
  if (!room) throw new Error('no free interval in two weeks')
  const start = room.start_at
  const end = new Date(Date.parse(start) + length * 60_000).toISOString()

  await selectOnCalendar(page, start, end, res.time_zone, slot)
  await expect(page.getByTestId('booking-rules')).toBeVisible()
  await page.getByTestId('booking-purpose').fill('毕业设计样件测量')
  const created = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/bookings') && r.request().method() === 'POST',
  )
  await page.getByTestId('booking-submit').click()
  const answer = await created
  expect(answer.status()).toBe(201)
  const booking = (await answer.json()) as { id: number; status: string; start_at: string; end_at: string }
  expect(booking.status).toBe('confirmed')
  expect(Date.parse(booking.start_at)).toBe(Date.parse(start))

  await page.getByTestId('menu-my-bookings').click()
  await expect(page.getByTestId(`booking-row-${booking.id}`)).toBeVisible()
  // Its buttons are the actions the server lists for it: cancel, as it has not started yet.
  await expect(page.getByTestId(`cancel-${booking.id}`)).toBeVisible()
  await expect(page.getByTestId(`check-out-${booking.id}`)).toHaveCount(0)
  await expect(page.getByTestId(`confirm-hold-${booking.id}`)).toHaveCount(0)

  // The teacher sees the slot busy, and the server refuses it too.
  const teacherContext = await browser.newContext()
  const teacher = await teacherContext.newPage()
  await signIn(teacher, 'teacher@demo.local')
  await openResource(teacher, res.id)
  await selectOnCalendar(teacher, start, end, res.time_zone, slot)
  await expect(teacher.getByTestId('slot-busy')).toBeVisible()
  await expect(teacher.getByTestId('booking-submit')).toBeDisabled()

  // The teacher can watch it instead (候补): the waitlist takes a busy interval.
  await teacher.getByTestId('booking-purpose').fill('物理实验课')
  const watched = teacher.waitForResponse((r) => r.url().endsWith(`/api/v1/resources/${res.id}/watches`))
  await teacher.getByTestId('booking-watch').click()
  expect((await watched).status()).toBe(201)

  const token = await teacher.evaluate(() => document.cookie.match(/csrf_token=([^;]+)/)?.[1] ?? '')
  const refused = await teacher.request.post('/api/v1/bookings', {
    headers: { 'X-CSRF-Token': decodeURIComponent(token) },
    data: {
      resource_id: res.id,
      start_at: start,
      end_at: end,
      purpose: 'class',
      purpose_category: 'teaching',
    },
  })
  expect(refused.status()).toBe(409)
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('booking_conflict')
  await teacherContext.close()
})
