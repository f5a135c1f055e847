// vue-i18n with zh-CN bundled (the default) and English loaded when first chosen. setLocale is
// the one switch: messages, Element Plus, dayjs and, through `locale`, FullCalendar follow it.
import type { Language } from 'element-plus/es/locale'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { ref, shallowRef } from 'vue'
import { createI18n, type NamedValue, useI18n as useVueI18n } from 'vue-i18n'
import { dayjs } from './time'
import zhCN, { type MessageSchema } from './zh-CN'

/** Locale is a language the UI speaks. */
export type Locale = 'zh-CN' | 'en'

/** LOCALES lists the UI's languages, the default first. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']

const storageKey = 'locale'

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN } as Record<Locale, MessageSchema>,
  missingWarn: false,
  fallbackWarn: false,
})

/** MessageKey is the dotted path of every message of the schema (zh-CN's tree): `booking.cancel`. */
export type MessageKey = KeyPaths<MessageSchema>
type KeyPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : KeyPaths<T[K], `${Prefix}${K}.`>
}[keyof T & string]

/** Translate is vue-i18n's `t` that takes only the keys the schema has, so a missing or misspelt
 * key fails the type check. A key made of an enum, `booking.statuses.${BookingStatus}`, is checked
 * for every member. */
export type Translate = (key: MessageKey, named?: NamedValue, plural?: number) => string

/** HasMessage tells whether a key made at run time (from what the server sent) has a message,
 * and lets it be translated when it does. */
export type HasMessage = (key: string) => key is MessageKey

/** useI18n is vue-i18n's, with the keys of `t` checked against the schema; components take it
 * from here (ESLint refuses vue-i18n's own). */
export function useI18n(): { t: Translate; te: HasMessage; tOr: TranslateOr } {
  const { t, te } = useVueI18n()
  const checked: Translate = (key, named = {}, plural) =>
    plural === undefined ? t(key, named) : t(key, named, plural)
  const has: HasMessage = (key): key is MessageKey => te(key)
  return { t: checked, te: has, tOr: (key, fallback) => (has(key) ? checked(key) : fallback) }
}

/** TranslateOr translates a key made at run time from what the server sent (a status, a
 * category code), or gives the fallback, the server's own word, for one the UI has no message for. */
export type TranslateOr = (key: string, fallback: string) => string

/** translate is the checked `t` for code outside components (the HTTP client's prompts). */
export const translate: Translate = (key, named = {}, plural) =>
  plural === undefined ? i18n.global.t(key, named) : i18n.global.t(key, named, plural)

/** translateOr is TranslateOr for code outside components. */
export const translateOr: TranslateOr = (key, fallback) =>
  i18n.global.te(key) ? i18n.global.t(key) : fallback

/** locale is the current language, for code outside components (FullCalendar, the client). */
export const locale = ref<Locale>('zh-CN')

/** elementLocale is Element Plus's language pack for the current language. */
export const elementLocale = shallowRef<Language>(zhCn)

function isLocale(v: unknown): v is Locale {
  return LOCALES.includes(v as Locale)
}

/** savedLocale is the language chosen before on this browser, or the default. */
export function savedLocale(): Locale {
  const v = localStorage.getItem(storageKey)
  return isLocale(v) ? v : 'zh-CN'
}

/** setLocale switches every part of the UI to the language and remembers the choice. */
export async function setLocale(l: Locale): Promise<void> {
  if (l === 'en') {
    const [messages, el] = await Promise.all([import('./en'), import('element-plus/es/locale/lang/en')])
    i18n.global.setLocaleMessage('en', messages.default)
    elementLocale.value = el.default
  } else {
    elementLocale.value = zhCn
  }
  i18n.global.locale.value = l
  locale.value = l
  dayjs.locale(l === 'zh-CN' ? 'zh-cn' : 'en')
  document.documentElement.lang = l
  localStorage.setItem(storageKey, l)
}
