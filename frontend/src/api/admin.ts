import { get, patch, post } from './http'
import type {
  AdminUser,
  AdminUserInput,
  AdminUserPatch,
  AdminUserQuery,
  Filter,
  Job,
  JobRun,
  List,
} from '@/types'

/** listJobs lists the scheduled jobs with their next tick and latest runs. */
export const listJobs = () => get<List<Job>>('/api/v1/admin/jobs')

/** runJob runs a job now and answers with the finished run; a 409 job_running while it runs
 * elsewhere is shown by the client. */
export const runJob = (name: string) => post<JobRun>(`/api/v1/admin/jobs/${encodeURIComponent(name)}/run`)

/** UserFilter is the search bar of the user list. */
export type UserFilter = Filter<Omit<AdminUserQuery, 'page' | 'page_size'>>

/** listUsers lists accounts matching the filter. */
export const listUsers = (q: UserFilter) => get<List<AdminUser>>('/api/v1/admin/users', q)

/** createUser creates an account; field errors are left to the form. */
export const createUser = (body: AdminUserInput) =>
  post<AdminUser>('/api/v1/admin/users', body, { quiet: true })

/** updateUser changes an account's role, activity, organization or managed facilities. */
export const updateUser = (id: number, body: AdminUserPatch, opts: { quiet?: boolean } = {}) =>
  patch<AdminUser>(`/api/v1/admin/users/${id}`, body, opts)
