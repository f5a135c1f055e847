// The signed-in user's notifications.
import type { Filter, NotificationSettingsBody, QueryOf } from '@/types'
import { compact, http } from './http'

export const listNotifications = (q: Filter<QueryOf<'/api/v1/me/notifications', 'get'>>) =>
  http.GET('/api/v1/me/notifications', { params: { query: compact(q) } })
export const markRead = (id: number) =>
  http.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })
export const markAllRead = () => http.POST('/api/v1/notifications/read-all')

/** getNotificationSettings returns the language of my e-mails and every kind's e-mail switch. */
export const getNotificationSettings = () => http.GET('/api/v1/me/notification-settings')
/** setNotificationSettings saves them; errors are left to the form. */
export const setNotificationSettings = (body: NotificationSettingsBody) =>
  http.PUT('/api/v1/me/notification-settings', { body, quiet: true })
