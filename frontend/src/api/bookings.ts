import { get, post } from './http'
import type {
  Booking,
  BookingBody,
  BookingQuery as Query,
  Credit,
  Filter,
  JSONBody,
  List,
  RecurringBody,
  RecurringBooking,
  ScanState,
  Watch,
  WatchBody,
} from '@/types'

/** BookingQuery filters bookings: one's own (scope mine), or those of the facilities one manages. */
export type BookingQuery = Filter<Query>

export const listBookings = (q: BookingQuery) => get<List<Booking>>('/api/v1/bookings', q)

/** createBooking books; errors (409, 422, 403) are shown in the dialog. */
export const createBooking = (b: BookingBody) => post<Booking>('/api/v1/bookings', b, { quiet: true })

/** createRecurring books a weekly series; a refused one's dates come in the error's details. */
export const createRecurring = (b: RecurringBody) =>
  post<RecurringBooking>('/api/v1/bookings/recurring', b, { quiet: true })

export const cancelBooking = (id: number, reason?: string) =>
  post<Booking>(`/api/v1/bookings/${id}/cancel`, reason ? { reason } : {})
export const checkIn = (id: number) => post<Booking>(`/api/v1/bookings/${id}/check-in`)
export const checkOut = (id: number) => post<Booking>(`/api/v1/bookings/${id}/check-out`)
export const approveBooking = (id: number) => post<Booking>(`/api/v1/bookings/${id}/approve`, {})
export const rejectBooking = (id: number, reason: string) =>
  post<Booking>(`/api/v1/bookings/${id}/reject`, { reason }, { quiet: true })

/** icalURL is the address of one booking's calendar file. */
export const icalURL = (id: number) => `/api/v1/bookings/${id}/ical`

/** rotateCalendarFeed makes a new secret address of the user's calendar feed. */
export const rotateCalendarFeed = () => post<{ url: string }>('/api/v1/me/calendar-token')

/** watchSlot joins the waitlist of a busy interval of a resource. */
export const watchSlot = (resourceID: number, b: WatchBody) =>
  post<Watch>(`/api/v1/resources/${resourceID}/watches`, b, { quiet: true })

/** scanState is what the QR page of a resource shows the user. */
export const scanState = (resourceID: number) =>
  get<ScanState>(`/api/v1/resources/${resourceID}/my-current-booking`)

/** scan checks in or out of the user's current booking of a resource. */
export const scan = (resourceID: number, action: 'check_in' | 'check_out') =>
  post<Booking>(`/api/v1/resources/${resourceID}/scan`, { action })

/** confirmHold takes a slot held for the user after a watch (→ confirmed, or pending). */
export const confirmHold = (id: number, b: JSONBody<'/api/v1/bookings/{id}/confirm-hold', 'post'>) =>
  post<Booking>(`/api/v1/bookings/${id}/confirm-hold`, b)

/** cancelSeries cancels the occurrences of a recurring booking from an instant on. */
export const cancelSeries = (recurrenceID: number, from: string, reason?: string) =>
  post<List<Booking>>(`/api/v1/recurrences/${recurrenceID}/cancel`, reason ? { from, reason } : { from })

/** myCredit is the user's booking credit (信用): points, threshold and any suspension. */
export const myCredit = () => get<Credit>('/api/v1/me/credit')
export const userCredit = (userID: number) => get<Credit>(`/api/v1/users/${userID}/credit`)
export const clearCredit = (userID: number, note: string) =>
  post<Credit>(`/api/v1/users/${userID}/credit/clear`, { note })
