// The signed-in user's notifications.
import type { Filter, QueryOf } from '@/types'
import { compact, http } from './http'

export const listNotifications = (q: Filter<QueryOf<'/api/v1/me/notifications', 'get'>>) =>
  http.GET('/api/v1/me/notifications', { params: { query: compact(q) } })
export const markRead = (id: number) =>
  http.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })
export const markAllRead = () => http.POST('/api/v1/notifications/read-all')
