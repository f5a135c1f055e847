import type { FormInstance } from 'element-plus'
import { computed, type Ref, ref, watch } from 'vue'
import type { ApiError } from '@/api/http'
import { useFormErrors } from './useFormErrors'

/**
 * useSubmit is the send step of a dialog's form: check the form's own rules, hold the busy flag
 * while the request runs, and show the server's refusal in place (useFormErrors). The dialog says
 * what to send and what follows success (a message, closing, telling its page).
 *
 * Nothing is sent twice by accident: `locked` is up while a request runs and after it succeeded,
 * until the form's `model` (when given) changes or `clearErrors` runs (as a dialog does when it
 * opens again); a submit button binds `:disabled="locked"`, and `submit` refuses meanwhile.
 */
export function useSubmit(
  form: Ref<FormInstance | undefined> | null,
  fields: readonly string[],
  model?: object,
) {
  const busy = ref(false)
  const sent = ref(false)
  const locked = computed(() => busy.value || sent.value)
  const errors = useFormErrors(fields)
  if (model)
    watch(
      () => model,
      () => (sent.value = false),
      { deep: true },
    )

  /** clearErrors clears the form's errors and lets it be sent again. */
  function clearErrors() {
    errors.clearErrors()
    sent.value = false
  }

  /**
   * submit sends once the form is valid: `done` gets the answer; an API error goes to the form
   * and then to `failed`, for what a dialog shows beyond it. It reports whether it was done;
   * while one is running, or after one succeeded (see `locked`), another does nothing.
   */
  async function submit<T>(
    send: () => Promise<T>,
    done: (answer: T) => void,
    failed?: (err: ApiError) => void,
  ): Promise<boolean> {
    if (locked.value) return false
    if (form && !(await form.value?.validate().catch(() => false))) return false
    busy.value = true
    errors.clearErrors()
    try {
      const answer = await send()
      sent.value = true
      done(answer)
      return true
    } catch (err) {
      errors.capture(err)
      failed?.(err as ApiError)
      return false
    } finally {
      busy.value = false
    }
  }

  return { ...errors, busy, locked, submit, clearErrors }
}
