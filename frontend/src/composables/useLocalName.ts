import { locale } from '@/locales'

/** Localized is anything with a Chinese name and, maybe, an English one. */
export interface Localized {
  name: string
  name_en?: string | null
}

/** localName is the name to show in the current language: the English one in English when there is one. */
export function localName(o: Localized | null | undefined): string {
  if (!o) return ''
  return locale.value === 'en' && o.name_en ? o.name_en : o.name
}
