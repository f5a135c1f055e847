import { expect, test } from '@playwright/test'
import { signIn } from './helpers'

// The resources file of a new lab: a header and three instruments, the second with an impossible
// capacity until it is fixed.
function sheet(capacity: string): { name: string; mimeType: string; buffer: Buffer } {
  const rows = [
    '名称*,英文名称,资产编号*,类别代码*,型号,容量',
    '数字示波器,Digital Oscilloscope,E2E-IMP-0001,electronics_lab,RIGOL DS1104,1',
    `信号发生器,Signal Generator,E2E-IMP-0002,electronics_lab,RIGOL DG1032,${capacity}`,
    '频谱分析仪,Spectrum Analyzer,E2E-IMP-0003,electronics_lab,RIGOL DSA815,1',
  ]
  return { name: '新实验室仪器.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') }
}

test('a manager imports a lab’s instruments: the bad row is named by row and column, the fixed file goes in', async ({
  page,
}) => {
  await signIn(page, 'manager@demo.local')
  await page.goto('/imports')
  await page.getByTestId('import-facility').click()
  await page.locator('.el-select-dropdown__item').first().click()
  const upload = page.locator('[data-testid=import-file] input[type=file]')

  // The first file: one row is wrong, nothing is written.
  await upload.setInputFiles(sheet('-3'))
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-summary')).toContainText('1')
  const problem = page.getByTestId('import-problems').locator('tbody tr')
  await expect(problem).toHaveCount(1)
  await expect(problem.locator('td').nth(0)).toHaveText('3') // the spreadsheet's row: the header is row 1
  await expect(problem.locator('td').nth(1)).toHaveText('容量')
  await expect(page.getByTestId('import-apply')).toHaveCount(0)
  const before = (await (await page.request.get('/api/v1/resources?q=E2E-IMP&page_size=10')).json()) as {
    total: number
  }
  expect(before.total).toBe(0)

  // The fixed file is clean and goes in whole.
  await upload.setInputFiles(sheet('2'))
  await page.getByTestId('import-check').click()
  await expect(page.getByTestId('import-problems')).toHaveCount(0)
  await page.getByTestId('import-apply').click()
  await expect(page.getByTestId('import-result')).toBeVisible()
  const after = (await (await page.request.get('/api/v1/resources?q=E2E-IMP&page_size=10')).json()) as {
    total: number
    items: { name: string; capacity: number }[]
  }
  expect(after.total).toBe(3)
  expect(after.items.find((r) => r.name === '信号发生器')?.capacity).toBe(2)

  // They are in the catalog.
  await page.goto('/catalog/resources')
  await page.getByTestId('filter-q').fill('E2E-IMP')
  await page.getByTestId('search').click()
  await expect(page.getByTestId('resource-table')).toContainText('频谱分析仪')
})
