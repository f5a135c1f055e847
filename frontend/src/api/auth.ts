import { get, post } from './http'
import type { ChangePasswordBody, Login, LoginBody, RegisterBody, Settings, User } from '@/types'

/** login signs in; errors are left to the form. */
export const login = (body: LoginBody) => post<Login>('/api/v1/auth/login', body, { quiet: true })

/** register creates an account and signs in; errors are left to the form. */
export const register = (body: RegisterBody) => post<Login>('/api/v1/auth/register', body, { quiet: true })

/** logout ends this session. */
export const logout = () => post<void>('/api/v1/auth/logout', undefined, { quiet: true })

/** fetchMe returns the signed-in user, or throws a quiet 401 when there is none. */
export const fetchMe = () => get<User>('/api/v1/me', undefined, { quiet: true })

/** changePassword changes the signed-in user's password. */
export const changePassword = (body: ChangePasswordBody) =>
  post<void>('/api/v1/me/password', body, { quiet: true })

/** fetchSettings returns the public settings the sign-in page needs (demo data, registration). */
export const fetchSettings = () => get<Settings>('/api/v1/settings', undefined, { quiet: true })
