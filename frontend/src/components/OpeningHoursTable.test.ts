import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/locales'
import OpeningHoursTable from './OpeningHoursTable.vue'

describe('OpeningHoursTable', () => {
  it('lists the week from Monday, each day its periods in order, closed days as closed', () => {
    const w = mount(OpeningHoursTable, {
      props: {
        hours: [
          { weekday: 1, start: '13:30', end: '17:30' },
          { weekday: 1, start: '08:30', end: '12:00' },
          { weekday: 6, start: '09:00', end: '17:00' },
        ],
      },
      global: { plugins: [i18n] },
    })
    const rows = w.findAll('tr').map((r) => r.text())
    expect(rows).toEqual([
      '周一08:30–12:00，13:30–17:30',
      '周二休息',
      '周三休息',
      '周四休息',
      '周五休息',
      '周六09:00–17:00',
      '周日休息',
    ])
  })
})
