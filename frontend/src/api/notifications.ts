import { get, post } from './http'
import type { List, Notification } from '@/types'

export const listNotifications = (q: { unread?: boolean; page?: number; page_size?: number }) =>
  get<List<Notification>>('/api/v1/notifications', q)
export const markRead = (id: number) => post<void>(`/api/v1/notifications/${id}/read`)
export const markAllRead = () => post<void>('/api/v1/notifications/read-all')
