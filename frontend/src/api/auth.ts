// Signing in and out, registering, the signed-in user, the public settings.
import type { ChangePasswordBody, LoginBody, RegisterBody } from '@/types'
import { http } from './http'

/** login signs in; errors are left to the form. */
export const login = (body: LoginBody) => http.POST('/api/v1/auth/login', { body, quiet: true })

/** register creates an account and signs in; errors are left to the form. */
export const register = (body: RegisterBody) => http.POST('/api/v1/auth/register', { body, quiet: true })

/** logout ends this session. */
export const logout = () => http.POST('/api/v1/auth/logout', { quiet: true })

/** fetchMe returns the signed-in user, or throws a quiet 401 when there is none. */
export const fetchMe = () => http.GET('/api/v1/me', { quiet: true })

/** changePassword changes the signed-in user's password. */
export const changePassword = (body: ChangePasswordBody) =>
  http.POST('/api/v1/me/password', { body, quiet: true })

/** fetchSettings returns the public settings the sign-in page needs (demo data, registration). */
export const fetchSettings = () => http.GET('/api/v1/settings', { quiet: true })
