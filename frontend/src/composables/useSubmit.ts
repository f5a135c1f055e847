import type { FormInstance } from 'element-plus'
import { type Ref, ref } from 'vue'
import type { ApiError } from '@/api/http'
import { useFormErrors } from './useFormErrors'

/**
 * useSubmit is the send step of a dialog's form: check the form's own rules, hold the busy flag
 * while the request runs, and show the server's refusal in place (useFormErrors). The dialog says
 * what to send and what follows success (a message, closing, telling its page).
 */
export function useSubmit(form: Ref<FormInstance | undefined> | null, fields: readonly string[]) {
  const busy = ref(false)
  const errors = useFormErrors(fields)

  /**
   * submit sends once the form is valid: `done` gets the answer; an API error goes to the form
   * and then to `failed`, for what a dialog shows beyond it. It reports whether it was done;
   * while one is running another does nothing.
   */
  async function submit<T>(
    send: () => Promise<T>,
    done: (answer: T) => void,
    failed?: (err: ApiError) => void,
  ): Promise<boolean> {
    if (busy.value) return false
    if (form && !(await form.value?.validate().catch(() => false))) return false
    busy.value = true
    errors.clearErrors()
    try {
      done(await send())
      return true
    } catch (err) {
      errors.capture(err)
      failed?.(err as ApiError)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, submit, ...errors }
}
