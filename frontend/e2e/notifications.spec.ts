import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

// The account menu's notification settings: the language of my e-mails and a switch per kind,
// saved on the server and shown again when the dialog reopens.

test('notification settings: e-mails in English, approvals not by e-mail', async ({ page }) => {
  await signIn(page, 'teacher@demo.local')
  await page.getByTestId('user-menu-button').click()
  await page.getByTestId('notification-settings-open').click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('notification-email-booking_approved')).toBeVisible()
  await expect(dialog.getByTestId('notification-email-hold_offered')).toBeVisible()

  await dialog.getByTestId('notification-email-booking_approved').click()
  await dialog.getByTestId('notification-language-en').click()
  await dialog.getByTestId('notification-settings-submit').click()
  await expect(dialog).toBeHidden()

  await page.getByTestId('user-menu-button').click()
  await page.getByTestId('notification-settings-open').click()
  await expect(dialog.getByTestId('notification-email-booking_approved').locator('input')).not.toBeChecked()
  await expect(dialog.getByTestId('notification-email-hold_offered').locator('input')).toBeChecked()
  await expect(dialog.getByTestId('notification-language-en').locator('input')).toBeChecked()
})
