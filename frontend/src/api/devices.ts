// The devices of a resource: the tokens its instrument agents report with, and what they reported.
import type { QueryOf } from '@/types'
import { http } from './http'

/** listDeviceTokens lists a resource's device tokens, newest first, without their secrets. */
export const listDeviceTokens = (resourceID: number) =>
  http.GET('/api/v1/resources/{id}/device-tokens', { params: { path: { id: resourceID } } })

/** issueDeviceToken issues a token for an instrument agent; its secret is in this answer only. */
export const issueDeviceToken = (resourceID: number, name: string) =>
  http.POST('/api/v1/resources/{id}/device-tokens', {
    params: { path: { id: resourceID } },
    body: { name },
    quiet: true,
  })

/** revokeDeviceToken stops a token from reporting usage. */
export const revokeDeviceToken = (id: number) =>
  http.DELETE('/api/v1/device-tokens/{id}', { params: { path: { id } } })

/** listUsage lists the usage sessions the resource's devices reported. */
export const listUsage = (resourceID: number, query: QueryOf<'/api/v1/resources/{id}/usage', 'get'>) =>
  http.GET('/api/v1/resources/{id}/usage', { params: { path: { id: resourceID }, query } })
