import AxeBuilder from '@axe-core/playwright'
import { expect, type Page, test } from '@playwright/test'
import { DEMO_PASSWORD, signIn } from './helpers'

// axe-core over every page each demo role reaches, in both languages, light and dark, on a desk
// and a phone: no serious or critical violation (colour contrast, names, labels, table headers…).
// The three two-valued choices are covered pairwise (every pair of values appears in some run),
// which is four runs per page instead of eight.

type Role = 'student' | 'teacher' | 'instructor' | 'sme' | 'manager' | 'admin'

const catalog = [
  '/home',
  '/catalog/facilities',
  '/catalog/facilities/1',
  '/catalog/resources',
  '/catalog/resources/1',
]
const own = ['/booking/mine', '/booking/notifications', '/scan/1', '/rankings/table']
const managing = [
  '/booking/approvals',
  '/booking/facility-bookings',
  '/catalog/blackouts',
  '/reports/dashboard',
  '/annual-report',
]
const admin = [
  '/admin/jobs',
  '/admin/users',
  '/admin/audit',
  '/admin/privacy',
  '/admin/consortia',
  '/rankings/weights',
]
const training = [
  '/training/courses',
  '/training/courses/1',
  '/training/mine',
  '/training/record',
  '/training/signin',
]

// Each role visits the pages it reaches; a page every role sees alike (the catalog, one's own
// bookings) is visited by one of them, and the others visit what only they are shown.
const services = [
  '/services/catalogue',
  '/services/offerings/1',
  '/services/requests/new',
  '/services/requests',
]
const servicing = ['/services/queue', '/services/manage/offerings', '/billing/statements']

const pages: Record<Role | 'public', string[]> = {
  public: ['/login', '/register', '/no-such-page', '/verify/0000-0000-0000', '/league'],
  student: [...catalog, ...own, ...training],
  teacher: ['/catalog/resources/1', '/booking/mine'],
  instructor: ['/training/courses/1', '/training/teach'],
  sme: ['/catalog/resources/1', ...services, '/billing/statements'],
  manager: [...catalog, ...managing, ...servicing],
  admin: ['/catalog/resources/1', '/reports/dashboard', ...admin],
}

const looks = [
  { locale: 'zh-CN', theme: 'light', phone: false },
  { locale: 'zh-CN', theme: 'dark', phone: true },
  { locale: 'en', theme: 'light', phone: true },
  { locale: 'en', theme: 'dark', phone: false },
] as const

const phone = { width: 390, height: 844 }

/** violations runs axe on what the page shows and returns the serious and critical findings. */
async function violations(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'])
    .analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}) ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim()}`)
          .join('\n'),
    )
}

/** signInByAPI signs a demo account in with the page's cookies, without the login page (the side
 * menu that signIn waits for is a closed drawer on a phone). */
async function signInByAPI(page: Page, role: string) {
  const res = await page.request.post('/api/v1/auth/login', {
    data: { email: `${role}@demo.local`, password: DEMO_PASSWORD },
  })
  expect(res.ok()).toBe(true)
}

/** settle waits until the page has drawn what it loads: no request running, no skeleton. */
async function settle(page: Page) {
  await page.waitForLoadState('networkidle')
  await expect(page.locator('.el-skeleton, .el-loading-mask')).toHaveCount(0)
}

for (const [role, paths] of Object.entries(pages)) {
  for (const look of looks) {
    const name = `${role}: ${look.locale}, ${look.theme}, ${look.phone ? 'phone' : 'desk'}`
    test(`no serious accessibility violation on the pages of ${name}`, async ({ page }) => {
      test.setTimeout(paths.length * 20_000)
      if (look.phone) await page.setViewportSize(phone)
      await page.addInitScript((l) => {
        localStorage.setItem('locale', l.locale)
        localStorage.setItem('theme', l.theme)
      }, look)
      if (role !== 'public') await signInByAPI(page, role)
      const found: string[] = []
      for (const path of paths) {
        await page.goto(path)
        await settle(page)
        await expect(page.locator('html')).toHaveAttribute('lang', look.locale)
        await expect(page.locator('html')).toHaveClass(look.theme === 'dark' ? /dark/ : /^(?!.*dark)/)
        found.push(...(await violations(page, path)))
        if (look.phone && role !== 'public' && path === paths[0]) {
          // The phone's menu is a drawer and the user menu a dropdown: both are checked open.
          await page.getByTestId('menu-toggle').click()
          await expect(page.getByTestId('side-menu')).toBeVisible()
          found.push(...(await violations(page, `${path} (menu open)`)))
          await page.keyboard.press('Escape')
          await expect(page.getByTestId('side-menu')).toBeHidden()
          await page.getByTestId('user-menu-button').click()
          await expect(page.getByTestId('logout')).toBeVisible()
          found.push(...(await violations(page, `${path} (user menu open)`)))
          await page.keyboard.press('Escape')
        }
      }
      expect(found.length, found.join('\n')).toBe(0)
    })
  }
}

test('the side menu is reached with Tab and opens a page with Enter', async ({ page }) => {
  await signIn(page, 'manager@demo.local')
  await page.goto('/catalog/resources')
  await settle(page)
  const target = page.getByTestId('menu-approvals')
  for (let i = 0; i < 30 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(target).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/booking\/approvals$/)
})

for (const look of looks) {
  test(`the skip link is the first stop of Tab and moves focus to the page (${look.locale}, ${look.phone ? 'phone' : 'desk'})`, async ({
    page,
  }) => {
    if (look.phone) await page.setViewportSize(phone)
    await page.addInitScript((l) => localStorage.setItem('locale', l), look.locale)
    await signInByAPI(page, 'student')
    await page.goto('/booking/mine')
    await settle(page)
    await page.locator('body').focus()
    await page.keyboard.press('Tab')
    const skip = page.getByTestId('skip-to-content')
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport({ ratio: 1 })
    await expect(skip).toHaveText(look.locale === 'zh-CN' ? '跳到正文' : 'Skip to content')
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('main-content')).toBeFocused()
  })
}

test('a slow first load shows the shell before the scripts arrive, then the page in its place', async ({
  page,
}) => {
  await signIn(page, 'student@demo.local')
  // Hold every script and style until the shell has been seen.
  let release = () => {}
  const held = new Promise<void>((r) => (release = r))
  await page.route('**/assets/**', async (route) => {
    await held
    await route.continue()
  })
  await page.goto('/catalog/resources', { waitUntil: 'commit' })
  const shell = page.getByTestId('boot-shell')
  await expect(shell).toBeVisible()
  const header = await shell.boundingBox()
  expect(header?.y).toBe(0)
  release()
  await expect(page.getByTestId('side-menu')).toBeVisible()
  await expect(shell).toHaveCount(0)
})

test('the language switch sets the lang attribute of the page', async ({ page }) => {
  await page.goto('/login')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN')
  await page.getByTestId('lang-switch-button').click()
  await page.getByTestId('lang-option-en').click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})
