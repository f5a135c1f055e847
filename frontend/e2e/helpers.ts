import { expect, type Locator, type Page } from '@playwright/test'

/** DEMO_PASSWORD is the password of every demo account. */
export const DEMO_PASSWORD = 'demo-pass-2026'

/** signIn signs in through the login page and waits for the shell. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login')
  await page.getByTestId('login-email').fill(email)
  await page.getByTestId('login-password').fill(DEMO_PASSWORD)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('side-menu')).toBeVisible()
}

/** showDay goes forward to the calendar's view that holds the day (a week on a desktop, a day on
 * a phone), as a person would with the arrow; the day is at most two weeks ahead. */
export async function showDay(cal: Locator, day: string): Promise<void> {
  for (let i = 0; i < 14 && (await cal.locator(`td[data-date="${day}"]`).count()) === 0; i++) {
    await cal.getByRole('button', { name: '›' }).click()
  }
}

/** wall is an instant as wall-clock date and time in a zone: ["2026-03-02", "09:00:00"]. */
export function wall(iso: string | number, tz: string): [string, string] {
  const s = new Intl.DateTimeFormat('sv-SE', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso))
  const [d = '', t = ''] = s.split(' ')
  return [d, t]
}

/**
 * selectOnCalendar drags over the booking calendar from the slot that starts at `start` to the
 * one that ends at `end`, as a person does with the mouse. The calendar marks its day columns
 * with data-date and its slot rows with data-time (FullCalendar's own data attributes); the
 * arrow button goes to the next week.
 */
export async function selectOnCalendar(
  page: Page,
  start: string,
  end: string,
  tz: string,
  slotMinutes: number,
) {
  const cal = page.getByTestId('booking-calendar')
  const [day, from] = wall(start, tz)
  const [, last] = wall(Date.parse(end) - slotMinutes * 60_000, tz)
  await showDay(cal, day)
  // An afternoon interval may lie below the fold: bring its last slot, then its first, into view.
  await cal.locator(`td[data-time="${last}"]`).last().scrollIntoViewIfNeeded()
  await cal.locator(`td[data-time="${from}"]`).last().scrollIntoViewIfNeeded()
  const column = await cal.locator(`td[data-date="${day}"]`).boundingBox()
  const top = await cal.locator(`td[data-time="${from}"]`).last().boundingBox()
  const bottom = await cal.locator(`td[data-time="${last}"]`).last().boundingBox()
  if (!column || !top || !bottom) throw new Error(`no calendar cell for ${day} ${from}–${last}`)
  const x = column.x + column.width / 2
  await page.mouse.move(x, top.y + top.height / 2)
  await page.mouse.down()
  await page.mouse.move(x, (top.y + bottom.y) / 2 + bottom.height / 2, { steps: 4 })
  await page.mouse.move(x, bottom.y + bottom.height / 2, { steps: 4 })
  await page.mouse.up()
}
