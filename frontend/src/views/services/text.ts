// The wording of services' data in the UI's language: prices, names, durations.
import { yuan } from '@/components/training/training'
import { localName } from '@/composables/useLocalName'
import type { Translate } from '@/locales'
import type { ServiceOffering, ServiceRequest } from '@/types'
import { splitMinutes } from './service'

/** priceText is an offering's price as a person reads it: "¥1,200.00 / 样品", or "按需报价". */
export function priceText(o: Pick<ServiceOffering, 'price_basis' | 'price_fen'>, t: Translate): string {
  if (o.price_basis === 'by_quote' || o.price_fen == null) return t('services.price.by_quote')
  return t(`services.price.${o.price_basis}`, { amount: yuan(o.price_fen) })
}

/** offeringName is an offering's name in the UI's language. */
export const offeringName = (o: Pick<ServiceOffering, 'name' | 'name_en'>) => localName(o)

/** platformName is the platform's name of an offering or a request. */
export const platformName = (o: { facility_name: string; facility_name_en?: string | null }) =>
  localName({ name: o.facility_name, name_en: o.facility_name_en })

/** requestOffering is the name of a request's offering, or "free-form" for one sent to a platform. */
export function requestOffering(r: ServiceRequest, t: Translate): string {
  if (!r.offering_id) return t('services.detail.freeForm')
  return localName({ name: r.offering_name, name_en: r.offering_name_en })
}

/** workingTime words working minutes: "2 小时 5 分（工作时间）". */
export function workingTime(minutes: number, t: Translate): string {
  return t('services.detail.workingTime', splitMinutes(minutes))
}
