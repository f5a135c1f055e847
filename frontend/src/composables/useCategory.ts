import { useI18n } from 'vue-i18n'

/** useCategory names a resource category: its translation where the UI knows the code, else the
 * code itself (categories are data, and new ones may appear before their translation). */
export function useCategory() {
  const { t, te } = useI18n()
  return (code: string) => (te(`catalog.categories.${code}`) ? t(`catalog.categories.${code}`) : code)
}
