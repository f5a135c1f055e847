import type { Translate, TranslateOr } from '@/locales'
import type { Weekday } from '@/locales/time'
import { parseSchedule } from './schedule'

/**
 * jobText words a scheduled job for people: its name, what it does and its schedule, from the
 * name and the spec the API sends. A job or a spec the UI has no words for shows as the server
 * writes it.
 */
export function jobText(t: Translate, tOr: TranslateOr) {
  function schedule(spec: string): string {
    const s = parseSchedule(spec)
    switch (s?.kind) {
      case 'everyMinutes':
        return s.n === 1 ? t('admin.jobs.every.minute') : t('admin.jobs.every.minutes', { n: s.n })
      case 'everyHours':
        return s.n === 1 ? t('admin.jobs.every.hour') : t('admin.jobs.every.hours', { n: s.n })
      case 'hourlyAt':
        return t('admin.jobs.every.hourAt', { minute: s.minute })
      case 'daily':
        return t('admin.jobs.every.day', { time: s.time })
      case 'weekly':
        return t('admin.jobs.every.week', {
          weekday: t(`common.weekdays.${s.weekday as Weekday}`),
          time: s.time,
        })
      case 'monthly':
        return t('admin.jobs.every.month', { day: s.day, time: s.time })
      default:
        return spec
    }
  }
  return {
    schedule,
    name: (job: string) => tOr(`admin.jobs.names.${job}`, job),
    description: (job: string) => tOr(`admin.jobs.descriptions.${job}`, ''),
  }
}
