// Takes screenshots of the main pages in both languages, at desk and phone width, for a look by
// eye: `E2E_BASE_URL=http://127.0.0.1:8080 npm run screenshots` (a server with the demo data).
// The pictures go to screenshots/ (not committed).
import { mkdirSync } from 'node:fs'
import { chromium } from '@playwright/test'

const base = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080'
const out = process.env.SCREENSHOT_DIR ?? 'screenshots'
const only = process.env.PAGES?.split(',')
mkdirSync(out, { recursive: true })

/** @type {{ name: string, path: string, role: string | null, click?: string }[]} */
const pages = [
  { name: 'login', path: '/login', role: null },
  { name: 'register', path: '/register', role: null },
  { name: 'resources', path: '/catalog/resources', role: 'student' },
  { name: 'facilities', path: '/catalog/facilities', role: 'student' },
  { name: 'facility', path: '/catalog/facilities/1', role: 'student' },
  { name: 'resource', path: '/catalog/resources/1', role: 'student' },
  { name: 'my-bookings', path: '/booking/mine', role: 'student' },
  { name: 'notifications', path: '/booking/notifications', role: 'student' },
  { name: 'scan', path: '/scan/1', role: 'student' },
  { name: 'approvals', path: '/booking/approvals', role: 'manager' },
  { name: 'facility-bookings', path: '/booking/facility-bookings', role: 'manager' },
  { name: 'blackouts', path: '/catalog/blackouts', role: 'manager' },
  { name: 'resource-manager', path: '/catalog/resources/1', role: 'manager' },
  { name: 'booking-dialog', path: '/catalog/resources/10', role: 'teacher', click: 'new-booking' },
  { name: 'recurring-dialog', path: '/catalog/resources/10', role: 'teacher', click: 'new-recurring' },
  { name: 'rules-editor', path: '/catalog/resources/1', role: 'manager', click: 'edit-rules' },
  { name: 'hours-editor', path: '/catalog/facilities/1', role: 'manager', click: 'edit-hours' },
  { name: 'service-catalogue', path: '/services/catalogue', role: 'sme' },
  { name: 'service-offering', path: '/services/offerings/4', role: 'sme' },
  { name: 'service-request-new', path: '/services/requests/new?offering=4', role: 'sme' },
  { name: 'service-requests', path: '/services/requests', role: 'sme' },
  { name: 'service-request-quoted', path: '/services/requests/23', role: 'sme' },
  { name: 'service-request-delivered', path: '/services/requests/16', role: 'sme' },
  { name: 'service-queue', path: '/services/queue', role: 'manager' },
  { name: 'service-request-manager', path: '/services/requests/17', role: 'manager' },
  { name: 'service-offerings-editor', path: '/services/manage/offerings', role: 'manager' },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
for (const locale of ['zh-CN', 'en']) {
  for (const { w, h, tag } of [
    { w: 1440, h: 900, tag: 'desk' },
    { w: 390, h: 844, tag: 'phone' },
  ]) {
    for (const dark of [false, true]) {
      if (dark && (tag === 'phone' || locale === 'en')) continue
      const ctx = await browser.newContext({
        viewport: { width: w, height: h },
        locale,
        timezoneId: 'Asia/Shanghai',
      })
      await ctx.addInitScript(
        ({ l, d }) => {
          localStorage.setItem('locale', l)
          localStorage.setItem('theme', d ? 'dark' : 'light')
        },
        { l: locale, d: dark },
      )
      const page = await ctx.newPage()
      /** @type {string | null} */
      let who = null
      for (const { name, path, role, click } of pages) {
        if (only && !only.includes(name)) continue
        if (role && role !== who) {
          await ctx.clearCookies()
          await page.goto(`${base}/login`)
          await page.getByTestId('login-email').fill(`${role}@demo.local`)
          await page.getByTestId('login-password').fill('demo-pass-2026')
          await page.getByTestId('login-submit').click()
          await page.waitForURL((u) => !u.pathname.startsWith('/login'))
          who = role
        }
        await page.goto(`${base}${path}`)
        await page.waitForLoadState('networkidle')
        if (click) await page.getByTestId(click).click()
        await page.waitForTimeout(600)
        const file = `${out}/${name}-${locale}-${tag}${dark ? '-dark' : ''}.png`
        await page.screenshot({ path: file, fullPage: true })
        console.log(file)
      }
      await ctx.close()
    }
  }
}
await browser.close()
