import { ref } from 'vue'
import { ApiError } from '@/api/http'
import { errorText } from '@/api/notify'

/**
 * useFormErrors shows an API error in place on a form: each field's message beside its input
 * (`:error="fieldError('email')"`), and a banner for the rest — the refusal as the server words
 * it in the user's language, and the messages about fields the form does not show.
 */
export function useFormErrors(formFields: readonly string[]) {
  const fields = ref<Record<string, string>>({})
  const formError = ref('')

  function clearErrors() {
    fields.value = {}
    formError.value = ''
  }

  /** capture takes an error thrown by the API client; anything else is rethrown. */
  function capture(err: unknown) {
    if (!(err instanceof ApiError)) throw err
    fields.value = { ...err.fields }
    const elsewhere = Object.entries(err.fields)
      .filter(([k]) => !formFields.includes(k))
      .map(([, v]) => v)
    const onlyFields = err.code === 'validation_failed' && Object.keys(err.fields).length > 0
    // A rule's refusal says the same beside its field and in the message: say it once.
    formError.value = [...new Set([onlyFields && !elsewhere.length ? '' : errorText(err), ...elsewhere])]
      .filter(Boolean)
      .join(' ')
    err.shown = true
  }

  const fieldError = (name: string) => fields.value[name] ?? ''

  return { fields, formError, fieldError, capture, clearErrors }
}
