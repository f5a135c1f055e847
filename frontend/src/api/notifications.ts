import { get, post } from './http'
import type { Filter, List, Notification, QueryOf } from '@/types'

export const listNotifications = (q: Filter<QueryOf<'/api/v1/me/notifications', 'get'>>) =>
  get<List<Notification>>('/api/v1/me/notifications', q)
export const markRead = (id: number) => post<void>(`/api/v1/notifications/${id}/read`)
export const markAllRead = () => post<{ marked: number }>('/api/v1/notifications/read-all')
