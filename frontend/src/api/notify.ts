// Connects the HTTP client to the app: the token, the language, and how errors reach the user.
import { ElMessage, ElMessageBox } from 'element-plus'
import type { Router } from 'vue-router'
import { locale, translate as t } from '@/locales'
import { useAuthStore } from '@/stores/auth'
import { type ApiError, configureHttp } from './http'

/** errorText is the error in the user's language: the server words its answers by
 * Accept-Language, which is the UI's language; the UI words only what the server did not answer
 * (no connection, or an answer without the API's error body, such as a proxy's 502). */
export function errorText(err: ApiError): string {
  if (err.code === 'network_error') return t('errors.network_error')
  if (err.code === `http_${err.status}`) return t('errors.http', { status: err.status })
  return err.message
}

/** installHttp wires the client into the app once at start-up. */
export function installHttp(router: Router): void {
  const auth = useAuthStore()
  let prompting = false
  configureHttp({
    token: () => auth.token,
    locale: () => locale.value,
    notify: (err) => {
      ElMessage({ type: 'error', message: errorText(err), grouping: true })
    },
    // One prompt however many requests fail at once; then the login page, back here afterwards.
    unauthorized: () => {
      if (prompting || !auth.user) return
      prompting = true
      ElMessageBox.alert(t('auth.sessionExpired'), t('common.prompt'), {
        confirmButtonText: t('auth.relogin'),
        type: 'warning',
        showClose: false,
      })
        .catch(() => undefined)
        .finally(() => {
          prompting = false
          auth.clear()
          void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } })
        })
    },
  })
}
