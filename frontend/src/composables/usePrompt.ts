import { ElMessageBox } from 'element-plus'
import { useI18n } from '@/locales'

/** usePrompt asks for one line of text that may not be blank (a reason, a purpose); null when the
 * user backs out. */
export function usePrompt() {
  const { t } = useI18n()
  return async (message: string, title: string): Promise<string | null> => {
    try {
      const { value } = (await ElMessageBox.prompt(message, title, {
        confirmButtonText: t('common.confirm'),
        cancelButtonText: t('common.cancel'),
        inputValidator: (v) => !!v?.trim() || t('common.required'),
      })) as { value: string | null }
      return (value ?? '').trim()
    } catch {
      return null
    }
  }
}
