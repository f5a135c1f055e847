// Administration: scheduled jobs, accounts, the audit log and personal data.
import type { AdminUserInput, AdminUserPatch, AuditFilter, Filter, QueryOf, SSOProviderInput } from '@/types'
import { type CallOptions, compact, http } from './http'

/** listJobs lists the scheduled jobs with their next tick and latest runs. */
export const listJobs = () => http.GET('/api/v1/admin/jobs')

/** runJob runs a job now and answers with the finished run; a 409 job_running while it runs
 * elsewhere is shown by the client. */
export const runJob = (name: string) =>
  http.POST('/api/v1/admin/jobs/{name}/run', { params: { path: { name } } })

/** UserFilter is the search bar of the user list. */
export type UserFilter = Filter<Omit<QueryOf<'/api/v1/admin/users', 'get'>, 'page' | 'page_size'>>

/** listUsers lists accounts matching the filter. */
export const listUsers = (q: UserFilter & { page?: number; page_size?: number }) =>
  http.GET('/api/v1/admin/users', { params: { query: compact(q) } })

/** createUser creates an account; field errors are left to the form. */
export const createUser = (body: AdminUserInput) => http.POST('/api/v1/admin/users', { body, quiet: true })

/** updateUser changes an account's role, activity, organization or managed facilities. */
export const updateUser = (id: number, body: AdminUserPatch, opts: CallOptions = {}) =>
  http.PATCH('/api/v1/admin/users/{id}', { params: { path: { id } }, body, ...opts })

/** approveUser activates an account that waits for approval; it may sign in from now. */
export const approveUser = (id: number) =>
  http.POST('/api/v1/admin/users/{id}/approve', { params: { path: { id } } })

/** rejectUser removes an account that waits for approval, so its address may register again. */
export const rejectUser = (id: number) =>
  http.POST('/api/v1/admin/users/{id}/reject', { params: { path: { id } } })

/** listAuditLogs lists the audit records matching the filter, newest first. */
export const listAuditLogs = (q: Filter<AuditFilter> & { page?: number; page_size?: number }) =>
  http.GET('/api/v1/admin/audit-logs', { params: { query: compact(q) } })

/** listRetention lists how long each kind of record that names people is kept. */
export const listRetention = () => http.GET('/api/v1/admin/retention')

/** anonymizeUser removes what identifies a person from their account, on their request. */
export const anonymizeUser = (id: number) =>
  http.POST('/api/v1/admin/users/{id}/anonymize', { params: { path: { id } } })

/** PersonalDataFormat is the form of a person's data export. */
export type PersonalDataFormat = 'json' | 'xlsx'

/** personalDataURL is the address of a person's data export (the caller's own without id), its
 * workbook's sheets named in lang, for a download link. */
export const personalDataURL = (id: number | null, format: PersonalDataFormat, lang: string) =>
  `${id === null ? '/api/v1/me/personal-data' : `/api/v1/admin/users/${id}/personal-data`}?format=${format}&lang=${encodeURIComponent(lang)}`

/** listSSOProviders lists the campus sign-on providers of every organization. */
export const listSSOProviders = () => http.GET('/api/v1/admin/sso-providers')

/** createSSOProvider adds a campus sign-on provider; field errors are left to the form. */
export const createSSOProvider = (body: SSOProviderInput) =>
  http.POST('/api/v1/admin/sso-providers', { body, quiet: true })

/** updateSSOProvider replaces a provider's settings; an empty client_secret keeps the stored one. */
export const updateSSOProvider = (id: number, body: SSOProviderInput) =>
  http.PUT('/api/v1/admin/sso-providers/{id}', { params: { path: { id } }, body, quiet: true })

/** deleteSSOProvider removes a provider and the sign-ons under way through it. */
export const deleteSSOProvider = (id: number) =>
  http.DELETE('/api/v1/admin/sso-providers/{id}', { params: { path: { id } } })
