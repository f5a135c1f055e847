import { del, get, post } from './http'
import type { DeviceToken, List, QueryOf, Usage } from '@/types'

/** listDeviceTokens lists a resource's device tokens, newest first, without their secrets. */
export const listDeviceTokens = (resourceID: number) =>
  get<List<DeviceToken>>(`/api/v1/resources/${resourceID}/device-tokens`)

/** issueDeviceToken issues a token for an instrument agent; its secret is in this answer only. */
export const issueDeviceToken = (resourceID: number, name: string) =>
  post<DeviceToken & { token: string }>(
    `/api/v1/resources/${resourceID}/device-tokens`,
    { name },
    { quiet: true },
  )

/** revokeDeviceToken stops a token from reporting usage. */
export const revokeDeviceToken = (id: number) => del(`/api/v1/device-tokens/${id}`)

/** listUsage lists the usage sessions the resource's devices reported. */
export const listUsage = (resourceID: number, q: QueryOf<'/api/v1/resources/{id}/usage', 'get'>) =>
  get<List<Usage>>(`/api/v1/resources/${resourceID}/usage`, q)
