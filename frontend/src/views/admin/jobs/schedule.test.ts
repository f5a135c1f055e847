import { describe, expect, it } from 'vitest'
import { setLocale, translate, translateOr } from '@/locales'
import jobTable from '../../../../../jobs/jobs.go?raw'
import { parseSchedule } from './schedule'
import { jobText } from './jobText'

// The rows of the job table as the server registers them: {"name", "spec", body}.
const jobs = [...jobTable.matchAll(/\{"([a-z_]+)", "([^"]+)", /g)].map(([, name, spec]) => ({
  name: name!,
  spec: spec!,
}))

describe('job schedules in words', () => {
  it('reads the job table', () => {
    expect(jobs.length).toBeGreaterThan(3)
  })

  it('understands the forms a table may use', () => {
    expect(parseSchedule('@every 1m')).toEqual({ kind: 'everyMinutes', n: 1 })
    expect(parseSchedule('@every 5m')).toEqual({ kind: 'everyMinutes', n: 5 })
    expect(parseSchedule('@every 1h')).toEqual({ kind: 'everyHours', n: 1 })
    expect(parseSchedule('@every 1h30m')).toEqual({ kind: 'everyMinutes', n: 90 })
    expect(parseSchedule('*/10 * * * *')).toEqual({ kind: 'everyMinutes', n: 10 })
    expect(parseSchedule('40 3 * * *')).toEqual({ kind: 'daily', time: '03:40' })
    expect(parseSchedule('@daily')).toEqual({ kind: 'daily', time: '00:00' })
    expect(parseSchedule('15 * * * *')).toEqual({ kind: 'hourlyAt', minute: 15 })
    expect(parseSchedule('0 8 * * 1')).toEqual({ kind: 'weekly', weekday: 1, time: '08:00' })
    expect(parseSchedule('30 2 1 * *')).toEqual({ kind: 'monthly', day: 1, time: '02:30' })
    expect(parseSchedule('0 8 * 1 *')).toBeNull()
    expect(parseSchedule('@every 30s')).toBeNull()
  })

  it('words every job of the table in both languages, with its name and what it does', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      await setLocale(locale)
      const words = jobText(translate, translateOr)
      for (const job of jobs) {
        const schedule = words.schedule(job.spec)
        expect(schedule, `${job.spec} in ${locale}`).not.toBe(job.spec)
        expect(words.name(job.name), `${job.name} in ${locale}`).not.toBe(job.name)
        expect(words.description(job.name), `${job.name} in ${locale}`).not.toBe('')
        if (locale === 'zh-CN') expect(schedule + words.name(job.name)).not.toMatch(/[A-Za-z]/)
      }
    }
    await setLocale('zh-CN')
    const zh = jobText(translate, translateOr)
    expect(zh.schedule('40 3 * * *')).toBe('每天 03:40')
    expect(zh.schedule('@every 5m')).toBe('每 5 分钟')
    expect(zh.schedule('@every 1m')).toBe('每分钟')
    await setLocale('en')
    const en = jobText(translate, translateOr)
    expect(en.schedule('40 3 * * *')).toBe('daily at 03:40')
    expect(en.schedule('@every 5m')).toBe('every 5 minutes')
    expect(en.schedule('@every 1h')).toBe('every hour')
    await setLocale('zh-CN')
  })
})
