import { useI18n } from '@/locales'
import type { ResourceStatus } from '@/types'

/** useResourceText words a resource's category, capacity and status the same on every page. */
export function useResourceText() {
  const { t, tOr } = useI18n()

  /** category translates a category code where the UI knows it; categories are data, and new
   * ones may appear before their translation, so otherwise the code itself is shown. */
  const category = (code: string) => tOr(`catalog.categories.${code}`, code)

  /** capacity says whether a resource is exclusive or a pool of seats. */
  const capacity = (n: number) =>
    n > 1 ? t('catalog.resource.pooled', { n }) : t('catalog.resource.exclusive')

  return { category, capacity }
}

/** statusTagType colours a resource status tag. */
export const statusTagType: Record<ResourceStatus, 'success' | 'warning' | 'info'> = {
  available: 'success',
  maintenance: 'warning',
  retired: 'info',
}
