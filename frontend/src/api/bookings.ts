// Bookings: one's own, those of the facilities one manages, series, the waitlist, scans, credit.
import type { BookingBody, Filter, JSONBody, QueryOf, RecurringBody, WatchBody } from '@/types'
import { compact, http } from './http'

/** BookingQuery filters bookings: one's own (scope mine), or those of the facilities one manages. */
export type BookingQuery = Filter<QueryOf<'/api/v1/bookings', 'get'>>

const byID = (id: number) => ({ params: { path: { id } } })

export const listBookings = (q: BookingQuery) =>
  http.GET('/api/v1/bookings', { params: { query: compact(q) } })

/** createBooking books; errors (409, 422, 403) are shown in the dialog. */
export const createBooking = (body: BookingBody) => http.POST('/api/v1/bookings', { body, quiet: true })

/** createRecurring books a weekly series; a refused one's dates come in the error's details. */
export const createRecurring = (body: RecurringBody) =>
  http.POST('/api/v1/bookings/recurring', { body, quiet: true })

/** quoteBooking is what a booking would cost and take of the weekly quota, and the booker's
 * other bookings at that time, before it is made; quiet, since the dialog shows the refusal. */
export const quoteBooking = (resourceID: number, query: QueryOf<'/api/v1/resources/{id}/quote', 'get'>) =>
  http.GET('/api/v1/resources/{id}/quote', { params: { path: { id: resourceID }, query }, quiet: true })

export const cancelBooking = (id: number, reason?: string) =>
  http.POST('/api/v1/bookings/{id}/cancel', { ...byID(id), body: reason ? { reason } : {} })
export const checkIn = (id: number) => http.POST('/api/v1/bookings/{id}/check-in', byID(id))
export const checkOut = (id: number) => http.POST('/api/v1/bookings/{id}/check-out', byID(id))
export const approveBooking = (id: number) =>
  http.POST('/api/v1/bookings/{id}/approve', { ...byID(id), body: {} })
export const rejectBooking = (id: number, reason: string) =>
  http.POST('/api/v1/bookings/{id}/reject', { ...byID(id), body: { reason }, quiet: true })

/** icalURL is the address of one booking's calendar file, for a download link. */
export const icalURL = (id: number) => `/api/v1/bookings/${id}/ical`

/** rotateCalendarFeed makes a new secret address of the user's calendar feed. */
export const rotateCalendarFeed = () => http.POST('/api/v1/me/calendar-token')

/** watchSlot joins the waitlist of a busy interval of a resource. */
export const watchSlot = (resourceID: number, body: WatchBody) =>
  http.POST('/api/v1/resources/{id}/watches', { ...byID(resourceID), body, quiet: true })

/** scanState is what the QR page of a resource shows the user. */
export const scanState = (resourceID: number) =>
  http.GET('/api/v1/resources/{id}/my-current-booking', byID(resourceID))

/** scan checks in or out of the user's current booking of a resource. */
export const scan = (resourceID: number, action: 'check_in' | 'check_out') =>
  http.POST('/api/v1/resources/{id}/scan', { ...byID(resourceID), body: { action } })

/** confirmHold takes a slot held for the user after a watch (→ confirmed, or pending). */
export const confirmHold = (id: number, body: JSONBody<'/api/v1/bookings/{id}/confirm-hold', 'post'>) =>
  http.POST('/api/v1/bookings/{id}/confirm-hold', { ...byID(id), body })

/** cancelSeries cancels the occurrences of a recurring booking from an instant on. */
export const cancelSeries = (recurrenceID: number, from: string, reason?: string) =>
  http.POST('/api/v1/recurrences/{id}/cancel', {
    ...byID(recurrenceID),
    body: reason ? { from, reason } : { from },
  })

/** myCredit is the user's booking credit (信用): points, threshold and any suspension. */
export const myCredit = () => http.GET('/api/v1/me/credit')
export const userCredit = (userID: number) => http.GET('/api/v1/users/{id}/credit', byID(userID))
/** clearCredit clears a user's credit events with a note; a refusal is shown in the dialog. */
export const clearCredit = (userID: number, note: string) =>
  http.POST('/api/v1/users/{id}/credit/clear', { ...byID(userID), body: { note }, quiet: true })
