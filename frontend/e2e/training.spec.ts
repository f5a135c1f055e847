import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test'
import { DEMO_PASSWORD } from './helpers'

// The training walk, on a desktop in Chinese and on a phone in English: three students go for a
// session's last two seats (the first enrols, the second takes the last seat, the third is
// waitlisted and is promoted when the second cancels); the instructor marks the first one passed,
// and the machine that needs the course's qualification, refused to that student before, takes
// their booking afterwards.

const screens = [
  { name: 'desktop', lang: 'zh-CN', viewport: { width: 1366, height: 800 } },
  { name: 'phone', lang: 'en', viewport: { width: 390, height: 844 } },
] as const

const PASSWORD = 'Train-pass-2026'

interface Resource {
  id: number
  rules: { qualification_id: number | null; min_minutes: number; slot_minutes: number }
}
interface Course {
  id: number
  qualification_id: number | null
  pass_score: number | null
  status: string
}
interface Free {
  start_at: string
  end_at: string
}

/** api signs in over the API and returns a request context that speaks for that user. */
async function api(browser: Browser, email: string, password = DEMO_PASSWORD) {
  const ctx = await browser.newContext()
  const res = await ctx.request.post('/api/v1/auth/login', { data: { email, password } })
  expect(res.status(), `login ${email}`).toBe(200)
  const login = (await res.json()) as { token: string; user: { id: number } }
  const headers = { Authorization: `Bearer ${login.token}` }
  const req = ctx.request
  return {
    user: login.user,
    get: (url: string) => req.get(url, { headers }),
    post: (url: string, data: object) => req.post(url, { headers, data }),
    close: () => ctx.close(),
  }
}

async function json<T>(r: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  expect(r.ok(), `${r.url()}: ${r.status()} ${await r.text()}`).toBe(true)
  return (await r.json()) as T
}

/** register makes a fresh student, so each run has its own three. */
async function register(browser: Browser, tag: string, i: number): Promise<string> {
  const email = `train-${tag}-${i}-${Date.now()}@example.com`
  const ctx = await browser.newContext()
  const res = await ctx.request.post('/api/v1/auth/register', {
    data: { email, password: PASSWORD, name: `学员${i}${tag}`, role: 'student' },
  })
  expect(res.status(), await res.text()).toBe(201)
  await ctx.close()
  return email
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto('/login')
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('page-title')).toBeVisible()
}

for (const screen of screens) {
  test.describe(`${screen.name}, ${screen.lang}`, () => {
    test.use({ viewport: screen.viewport })

    test('the last seats, the waitlist, a promotion, a pass and the machine it unlocks', async ({
      browser,
    }) => {
      test.setTimeout(180_000)
      const admin = await api(browser, 'admin@demo.local')
      const instructor = await api(browser, 'instructor@demo.local')

      // A machine that needs a qualification, and a published course that grants it (the demo's,
      // or one made at a training base for this walk).
      const resources = await json<{ items: Resource[] }>(await admin.get('/api/v1/resources?page_size=100'))
      const machine = resources.items.find((r) => r.rules.qualification_id)
      if (!machine) throw new Error('the demo data has no machine that needs a qualification')
      const courses = await json<{ items: Course[] }>(await admin.get('/api/v1/courses?page_size=100'))
      let course = courses.items.find(
        (c) => c.status === 'published' && c.qualification_id === machine.rules.qualification_id,
      )
      if (!course) {
        const bases = await json<{ items: { id: number }[] }>(
          await admin.get('/api/v1/facilities?kind=training_base&page_size=1'),
        )
        course = await json<Course>(
          await admin.post('/api/v1/courses', {
            facility_id: bases.items[0]!.id,
            title: '设备安全操作培训',
            title_en: 'Safe operation of the equipment',
            description: '上机前的安全培训',
            level: 'beginner',
            hours: 8,
            gives_certificate: true,
            qualification_id: machine.rules.qualification_id,
            status: 'published',
          }),
        )
      }

      // A session of that course with two seats whose meeting begins in a minute (a new meeting
      // must lie ahead; a result may be marked once it has begun), enrolment open until it ends.
      const now = Date.now()
      const startsAt = now + 60_000
      const start = new Date(startsAt).toISOString()
      const end = new Date(now + 3 * 3600_000).toISOString()
      const session = await json<{ id: number }>(
        await admin.post('/api/v1/course-sessions', {
          course_id: course.id,
          instructor_id: instructor.user.id,
          seats: 2,
          meetings: [{ start_at: start, end_at: end }],
          enroll_closes_at: end,
          cancel_deadline: end,
          audience: 'open',
        }),
      )

      const tag = screen.name
      const emails = [
        await register(browser, tag, 1),
        await register(browser, tag, 2),
        await register(browser, tag, 3),
      ]
      const pages: Page[] = []
      for (const email of emails) {
        const ctx = await browser.newContext({ viewport: screen.viewport })
        await ctx.addInitScript((l) => localStorage.setItem('locale', l), screen.lang)
        const p = await ctx.newPage()
        await signIn(p, email, PASSWORD)
        await p.goto(`/training/courses/${course.id}`)
        await expect(p.getByTestId(`session-${session.id}`)).toBeVisible()
        pages.push(p)
      }
      const [first, second, third] = pages as [Page, Page, Page]

      // The first enrols; the second takes the last seat.
      await first.getByTestId(`enroll-${session.id}`).click()
      await expect(
        first.getByTestId(`session-${session.id}`).getByTestId('enrollment-status-enrolled'),
      ).toBeVisible()
      await second.reload()
      await expect(second.getByTestId(`session-left-${session.id}`)).toContainText('1')
      await second.getByTestId(`enroll-${session.id}`).click()
      await expect(
        second.getByTestId(`session-${session.id}`).getByTestId('enrollment-status-enrolled'),
      ).toBeVisible()

      // The third finds it full and joins the waitlist, first in line.
      await third.reload()
      await expect(third.getByTestId(`enroll-${session.id}`)).toHaveCount(0)
      await third.getByTestId(`join-waitlist-${session.id}`).click()
      const waiting = third.getByTestId(`session-${session.id}`).getByTestId('enrollment-status-waitlisted')
      await expect(waiting).toContainText('1')

      // The second cancels; the third holds the seat now and is told.
      await second.getByTestId(`leave-${session.id}`).click()
      await second
        .getByRole('dialog')
        .getByRole('button', { name: screen.lang === 'en' ? 'OK' : '确定' })
        .click()
      await expect(second.getByTestId(`enroll-${session.id}`)).toHaveCount(0)
      await third.goto('/training/mine')
      await expect(third.getByTestId('my-enrollments')).toContainText(
        screen.lang === 'en' ? 'Enrolled' : '已报名',
      )
      await third.goto('/booking/notifications')
      await expect(
        third.getByText(screen.lang === 'en' ? 'A seat is yours' : '候补成功，已为您保留名额'),
      ).toBeVisible()

      // The first student signs in to the meeting through the link of the screen's QR code.
      const student = await api(browser, emails[0]!, PASSWORD)
      const code = await json<{ signin_url: string; meeting_id: number }>(
        await instructor.get(`/api/v1/course-sessions/${session.id}/signin-code`),
      )
      const link = new URL(code.signin_url)
      await first.goto(link.pathname + link.search)
      await expect(first.getByTestId('signin-done')).toBeVisible()

      // Before the pass, the machine refuses the first student and names the course.
      const minutes = Math.max(machine.rules.min_minutes, machine.rules.slot_minutes, 60)
      const tomorrow = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 2 * 3600_000) // 10:00 in Shanghai
      const before = await student.post('/api/v1/bookings', {
        resource_id: machine.id,
        start_at: tomorrow.toISOString(),
        end_at: new Date(tomorrow.getTime() + minutes * 60_000).toISOString(),
        purpose: '实训',
        purpose_category: 'training',
      })
      expect(before.status()).toBe(403)
      expect(((await before.json()) as { error: { code: string } }).error.code).toBe('qualification_required')
      await first.goto(`/catalog/resources/${machine.id}`)
      await expect(first.getByTestId(`qualification-course-${course.id}`)).toBeVisible()

      // The instructor marks the pass on the roster once the meeting has begun.
      await first.waitForTimeout(Math.max(0, startsAt - Date.now() + 1000))
      const ictx = await browser.newContext({ viewport: screen.viewport })
      await ictx.addInitScript((l) => localStorage.setItem('locale', l), screen.lang)
      const teach = await ictx.newPage()
      await signIn(teach, 'instructor@demo.local', DEMO_PASSWORD)
      await teach.goto('/training/teach')
      await teach.getByTestId(`roster-${session.id}`).first().click()
      await expect(
        teach.getByTestId(`present-${student.user.id}-${code.meeting_id}`).locator('input'),
      ).toBeChecked()
      await teach.getByTestId(`mark-${student.user.id}`).click()
      const dialog = teach.getByTestId('result-dialog')
      await dialog.getByTestId('result-passed').click()
      if (course.pass_score != null) await dialog.getByTestId('result-score').locator('input').fill('95')
      await dialog.getByTestId('result-save').click()
      await expect(teach.getByTestId(`roster-row-${student.user.id}`)).toBeVisible()
      await expect(teach.getByTestId('roster')).toContainText(screen.lang === 'en' ? 'Passed' : '已结业')

      // Now the machine opens its free time to the first student and takes their booking.
      const slot = await freeSlot(student, machine)
      const after = await student.post('/api/v1/bookings', {
        ...slot,
        purpose: '实训',
        purpose_category: 'training',
      })
      expect(after.status(), await after.text()).toBe(201)

      // Where the course gives a certificate, anyone can check it by its code, the holder's
      // name masked.
      const certs = await json<{ items: { code: string }[] }>(await student.get('/api/v1/me/certificates'))
      if (certs.items[0]) {
        const anon = await browser.newPage({ viewport: screen.viewport })
        await anon.goto(`/verify/${certs.items[0].code}`)
        await expect(anon.getByTestId('verify-valid')).toBeVisible()
        await expect(anon.getByTestId('verify-holder')).toHaveText(/^学\*/)
        await anon.close()
      }

      for (const p of pages) await p.context().close()
      await ictx.close()
      await Promise.all([admin.close(), instructor.close(), student.close()])
    })
  })
}

/** freeSlot is the first free interval of the machine long enough for its shortest booking. */
async function freeSlot(user: Awaited<ReturnType<typeof api>>, r: Resource) {
  const minutes = Math.max(r.rules.min_minutes, r.rules.slot_minutes, 60)
  const from = new Date().toISOString()
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString()
  const a = await json<{ items: Free[] }>(
    await user.get(
      `/api/v1/resources/${r.id}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    ),
  )
  // The first start on the machine's slot grid (from local midnight; Shanghai's offset is whole
  // hours) from which the booking fits in a free interval.
  const step = r.rules.slot_minutes * 60_000
  for (const f of a.items) {
    const begin = Math.ceil(Date.parse(f.start_at) / step) * step
    if (begin + minutes * 60_000 <= Date.parse(f.end_at)) {
      return {
        resource_id: r.id,
        start_at: new Date(begin).toISOString(),
        end_at: new Date(begin + minutes * 60_000).toISOString(),
      }
    }
  }
  throw new Error('the machine has no free time in two weeks')
}
