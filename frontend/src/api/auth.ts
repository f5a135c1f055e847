// Signing in and out, registering, the signed-in user, the public settings.
import type { ChangePasswordBody, Login, LoginBody, RegisterBody, SSOProviderButton } from '@/types'
import { http } from './http'

/**
 * RegistrationPending is what register throws when the account waits for an administrator's
 * approval (a teacher, an SME user): it is made, but there is no session to start.
 */
export class RegistrationPending extends Error {
  constructor() {
    super('pending_approval')
    this.name = 'RegistrationPending'
  }
}

/** login signs in; errors are left to the form. */
export const login = (body: LoginBody) => http.POST('/api/v1/auth/login', { body, quiet: true })

/** register creates an account and signs in, or throws RegistrationPending when the account
 * waits for approval; errors are left to the form. */
export async function register(body: RegisterBody): Promise<Login> {
  const res = await http.POST('/api/v1/auth/register', { body, quiet: true })
  if ('status' in res) throw new RegistrationPending()
  return res
}

/** logout ends this session. */
export const logout = () => http.POST('/api/v1/auth/logout', { quiet: true })

/** fetchMe returns the signed-in user, or throws a quiet 401 when there is none. */
export const fetchMe = () => http.GET('/api/v1/me', { quiet: true })

/** changePassword changes the signed-in user's password. */
export const changePassword = (body: ChangePasswordBody) =>
  http.POST('/api/v1/me/password', { body, quiet: true })

/** fetchSettings returns the public settings the sign-in page needs (demo data, registration). */
export const fetchSettings = () => http.GET('/api/v1/settings', { quiet: true })

/** fetchSSOButtons lists the enabled campus sign-on providers, for the login page's buttons. */
export async function fetchSSOButtons(): Promise<SSOProviderButton[]> {
  const page = await http.GET('/api/v1/auth/sso/providers', { quiet: true })
  return page.items
}

/** ssoStartURL is where a sign-on button goes: the server sends the browser on to the college. */
export function ssoStartURL(id: number, next: string): string {
  const safe = next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/'
  return `/api/v1/auth/sso/${id}/start?next=${encodeURIComponent(safe)}`
}
