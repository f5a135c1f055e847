// Administration: scheduled jobs and accounts.
import type { AdminUserInput, AdminUserPatch, Filter, QueryOf } from '@/types'
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
