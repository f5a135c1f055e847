import { describe, expect, it } from 'vitest'
import { setLocale, translate, translateOr } from '@/locales'
import { auditText } from './auditText'

// Every action the server records: the second argument of each Audit call in the app's Go code.
const sources = import.meta.glob('../../../../../app/**/*.go', {
  query: '?raw',
  import: 'default',
  eager: true,
})
const actions = [
  ...new Set(
    Object.entries(sources)
      .filter(([path]) => !path.endsWith('_test.go'))
      .flatMap(([, src]) =>
        [...(src as string).matchAll(/\.Audit\(ctx, [\w.]+, "([a-z_.]+)"/g)].map((m) => m[1]!),
      ),
  ),
]

async function words(locale: 'zh-CN' | 'en') {
  await setLocale(locale)
  return auditText(translate, translateOr)
}

describe('audit records in words', () => {
  it('words an action from its object and verb in each language', async () => {
    const en = await words('en')
    expect(en.action({ action: 'booking.cancel' })).toBe('Booking cancelled')
    expect(en.action({ action: 'consortium.member.set' })).toBe('Consortium member set')
    const zh = await words('zh-CN')
    expect(zh.action({ action: 'booking.cancel' })).toBe('预约取消')
    expect(zh.action({ action: 'user.anonymize' })).toBe('用户匿名化')
  })

  it('has words for every action the server records, in both languages', async () => {
    expect(actions.length).toBeGreaterThan(40)
    for (const locale of ['zh-CN', 'en'] as const) {
      const w = await words(locale)
      for (const a of actions) expect(w.action({ action: a }), a).not.toBe(a)
    }
  })

  it('shows a code it has no words for as the server writes it', async () => {
    const en = await words('en')
    expect(en.action({ action: 'robot.dance' })).toBe('robot.dance')
    expect(en.action({ action: 'plain' })).toBe('plain')
    expect(en.object('robot')).toBe('robot')
  })

  it('has words for every object type the filter offers, in both languages', async () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const w = await words(locale)
      for (const o of w.objectTypes) expect(w.object(o)).not.toBe(o)
    }
  })
})
