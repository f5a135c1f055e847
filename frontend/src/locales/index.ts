// vue-i18n with zh-CN bundled (the default) and English loaded when first chosen. setLocale is
// the one switch: messages, Element Plus, dayjs and, through `locale`, FullCalendar follow it.
import type { Language } from 'element-plus/es/locale'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import { ref, shallowRef } from 'vue'
import { createI18n } from 'vue-i18n'
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
