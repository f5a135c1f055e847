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

/** Booked is a booking's resource and facility names, in Chinese and, maybe, in English. */
interface Booked {
  resource_name: string
  resource_name_en?: string | null
  facility_name?: string
  facility_name_en?: string | null
}

/** bookedResource is the name of a booking's resource in the current language. */
export const bookedResource = (b: Booked) => localName({ name: b.resource_name, name_en: b.resource_name_en })

/** bookedFacility is the name of a booking's facility in the current language. */
export const bookedFacility = (b: Booked) =>
  localName({ name: b.facility_name ?? '', name_en: b.facility_name_en })
