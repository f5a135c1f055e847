import { describe, expect, it } from 'vitest'
import en from './en'
import { type MessageKey, translate } from './index'
import zhCN from './zh-CN'

/** keys lists the dotted paths of every message (arrays count as one message). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  )
}

describe('locales', () => {
  it('en has exactly the keys of zh-CN', () => {
    const zh = keys(zhCN).sort()
    const e = keys(en).sort()
    expect(e.filter((k) => !zh.includes(k))).toEqual([])
    expect(zh.filter((k) => !e.includes(k))).toEqual([])
  })

  it('has no empty message', () => {
    for (const [name, tree] of [
      ['zh-CN', zhCN],
      ['en', en],
    ] as const) {
      const empty = keys(tree).filter((k) => {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], tree)
        return typeof v === 'string' && v.trim() === ''
      })
      expect(empty, name).toEqual([])
    }
  })

  it('keeps the same placeholders in both languages', () => {
    const at = (tree: object, k: string) =>
      k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], tree)
    const holes = (s: unknown) =>
      typeof s === 'string' ? [...new Set(s.match(/\{\w+\}/g) ?? [])].sort() : []
    for (const k of keys(zhCN)) {
      expect(holes(at(en, k)), k).toEqual(holes(at(zhCN, k)))
    }
  })
})

describe('message keys', () => {
  it('are typed from zh-CN, so a misspelt key fails the type check (vue-tsc runs over tests)', () => {
    const key: MessageKey = 'common.home'
    // @ts-expect-error no such message
    const misspelt: MessageKey = 'common.hom'
    expect(translate(key)).toBe(zhCN.common.home)
    expect(misspelt).toBe('common.hom')
  })
})
