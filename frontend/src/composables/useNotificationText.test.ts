import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import { locale, type Translate } from '@/locales'
import en from '@/locales/en'
import zhCN from '@/locales/zh-CN'
import type { Notification } from '@/types'
import { notificationText } from './useNotificationText'

const i18n = createI18n({ legacy: false, locale: 'en', messages: { en, 'zh-CN': zhCN } })
const t: Translate = (key, named = {}) => i18n.global.t(key, named)

function note(kind: string, body: string, data: Record<string, unknown> = {}): Notification {
  return {
    id: 1,
    kind,
    title: 'stored title',
    body,
    data: data as Notification['data'],
    created_at: '2026-03-02T01:00:00Z',
    read_at: null,
  }
}

describe('notificationText', () => {
  beforeAll(() => {
    locale.value = 'en'
  })
  afterAll(() => {
    locale.value = 'zh-CN'
  })
  const cases = [
    {
      name: 'hold offered words the deadline in the default zone',
      n: note('hold_offered', 'stored', { hold_expires_at: '2026-03-02T01:15:00Z' }),
      want: {
        title: 'A watched slot is held for you',
        body: 'Confirm the booking before 2026-03-02 09:15, or it passes to the next person waiting.',
      },
    },
    {
      name: 'hold offered without its deadline keeps the stored body',
      n: note('hold_offered', 'stored'),
      want: { title: 'A watched slot is held for you', body: 'stored' },
    },
    {
      name: 'a rejection shows the interval and the reason',
      n: note('booking_rejected', '', {
        start_at: '2026-03-02T01:00:00Z',
        end_at: '2026-03-02T03:00:00Z',
        note: '设备维护',
      }),
      want: { title: 'Booking rejected', body: '2026-03-02 09:00 – 11:00: 设备维护' },
    },
    {
      name: 'an approval without a note shows the interval',
      n: note('booking_approved', '', {
        start_at: '2026-03-02T01:00:00Z',
        end_at: '2026-03-02T03:00:00Z',
        note: '',
      }),
      want: { title: 'Booking approved', body: '2026-03-02 09:00 – 11:00' },
    },
    {
      name: 'a decision without its interval keeps the stored body',
      n: note('booking_cancelled', 'free text'),
      want: { title: 'Booking cancelled by the facility', body: 'free text' },
    },
    {
      name: 'a no-show is worded',
      n: note('booking_no_show', 'stored'),
      want: {
        title: 'Booking marked as a no-show',
        body: 'You did not check in in time; it counts against your booking credit.',
      },
    },
    {
      name: 'a promotion from the waitlist names the course and its start in the default zone',
      n: note('enrollment_promoted', 'stored', {
        session_id: 3,
        course_id: 2,
        course_title: '激光切割安全操作',
        start_at: '2026-03-02T01:00:00Z',
      }),
      want: {
        title: 'A seat is yours',
        body: '"激光切割安全操作" starting 2026-03-02 09:00: you moved from the waitlist to enrolled.',
      },
    },
    {
      name: 'a result is worded in the reader’s language, with the course’s English title',
      n: note('course_result', 'stored', {
        course_title: '数控车床操作',
        course_title_en: 'CNC lathe operation',
        result: 'passed',
      }),
      want: { title: 'Course result', body: '"CNC lathe operation": Passed' },
    },
    {
      name: 'an expiry warning names the qualification and the day',
      n: note('qualification_expiring', 'stored', {
        qualification_name: '激光切割安全操作证',
        expires_at: '2026-04-01T15:59:00Z',
      }),
      want: {
        title: 'Qualification expiring',
        body: 'Your qualification "激光切割安全操作证" expires on 2026-04-01; take its course again to renew it.',
      },
    },
    {
      name: 'a training notification without its course keeps the stored body',
      n: note('session_cancelled', 'stored body'),
      want: { title: 'Session cancelled', body: 'stored body' },
    },
    {
      name: 'a service notification is titled by its kind and names the request',
      n: note('service_quoted', 'stored body', { request_title: '盐雾试验' }),
      want: { title: 'The platform sent a quote', body: 'Request: 盐雾试验' },
    },
    {
      name: 'a service notification without its request keeps the stored body',
      n: note('service_message', 'stored body'),
      want: { title: 'New message on a service request', body: 'stored body' },
    },
    {
      name: 'the monthly report names its scope in the reading language and its month',
      n: note('report_monthly', 'stored body', {
        name: { name: '实训中心', name_en: 'Training center' },
        month: '2026-11',
      }),
      want: {
        title: 'Monthly utilization report',
        body: 'The report of Training center for 2026-11 is ready; the e-mail carries its workbook.',
      },
    },
    {
      name: 'an enterprise’s decision names the opening applied for',
      n: note('talent_shortlisted', '', { title: '设备运维工程师', status: 'shortlisted' }),
      want: { title: 'Your application is shortlisted', body: 'Opening: 设备运维工程师' },
    },
    {
      name: 'an unknown kind shows the stored text',
      n: note('something_new', 'stored body'),
      want: { title: 'stored title', body: 'stored body' },
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(notificationText(c.n, t)).toEqual(c.want)
    })
  }

  it('speaks Chinese when the locale is zh-CN', () => {
    i18n.global.locale.value = 'zh-CN'
    try {
      expect(notificationText(note('hold_expired', 'stored'), t).title).toBe('候补保留已过期')
    } finally {
      i18n.global.locale.value = 'en'
    }
  })
})
