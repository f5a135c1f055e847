import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

test('a consortium administrator seats a deputy secretary general and sets a goal; a member’s student reads them', async ({
  browser,
}) => {
  const admin = await browser.newPage()
  await signIn(admin, 'consortium@demo.local')
  await admin.goto('/consortium/governance')
  await expect(admin.getByTestId('body-council')).toBeVisible()

  // A seat with no holder is refused in place; with a name it is added.
  await admin.getByTestId('seat-add-secretariat').click()
  const dialog = admin.getByTestId('seat-dialog')
  await dialog.getByTestId('seat-position').click()
  await admin.getByRole('option', { name: '副秘书长' }).click()
  await dialog.getByRole('combobox', { name: /任期开始/ }).fill('2026-01-01')
  await dialog.getByRole('combobox', { name: /任期开始/ }).press('Enter')
  await dialog.getByTestId('seat-save').click()
  await expect(dialog).toContainText('请填写任职人员或选择任职单位')
  await dialog.getByRole('textbox', { name: '姓名' }).fill('端到端副秘书长')
  await dialog.getByTestId('seat-save').click()
  await expect(dialog).toBeHidden()
  await expect(admin.getByTestId('body-secretariat')).toContainText('端到端副秘书长')

  // Smes served this year: 15.
  await admin.getByRole('tab', { name: '年度目标' }).click()
  await admin.getByTestId('goals-edit').click()
  const goals = admin.getByTestId('goals-dialog')
  await goals.getByRole('spinbutton', { name: /服务中小微企业数/ }).fill('15')
  await goals.getByTestId('goals-save').click()
  await expect(goals).toBeHidden()
  await expect(admin.getByTestId('goals-table')).toContainText('15')

  // The student of a member school reads the seat and cannot edit.
  const student = await browser.newPage()
  await signIn(student, 'student@demo.local')
  await student.goto('/consortium/governance')
  await expect(student.getByTestId('body-secretariat')).toContainText('端到端副秘书长')
  await expect(student.getByTestId('seat-add-secretariat')).toHaveCount(0)
})
