import { get, post } from './http'
import type { Booking, BookingBody, BookingStatus, List, RecurringBody, RecurringResult } from '@/types'

/** BookingQuery filters bookings: one's own, or a manager's facilities'. */
export interface BookingQuery {
  scope?: 'mine' | 'managed'
  when?: 'upcoming' | 'past' | ''
  status?: BookingStatus | ''
  facility_id?: number | ''
  resource_id?: number | ''
  user?: string
  from?: string
  to?: string
  page?: number
  page_size?: number
}

export const listBookings = (q: BookingQuery) => get<List<Booking>>('/api/v1/bookings', q)
export const getBooking = (id: number) => get<Booking>(`/api/v1/bookings/${id}`)

/** createBooking books; errors (409, 422, 403) are shown in the dialog. */
export const createBooking = (b: BookingBody) => post<Booking>('/api/v1/bookings', b, { quiet: true })
export const createRecurring = (b: RecurringBody) =>
  post<RecurringResult>('/api/v1/bookings/recurring', b, { quiet: true })

export const cancelBooking = (id: number, reason = '') =>
  post<Booking>(`/api/v1/bookings/${id}/cancel`, { reason })
export const checkIn = (id: number) => post<Booking>(`/api/v1/bookings/${id}/check-in`)
export const checkOut = (id: number) => post<Booking>(`/api/v1/bookings/${id}/check-out`)
export const approveBooking = (id: number, note = '') =>
  post<Booking>(`/api/v1/bookings/${id}/approve`, { note })
export const rejectBooking = (id: number, reason: string) =>
  post<Booking>(`/api/v1/bookings/${id}/reject`, { reason }, { quiet: true })

/** icalURL is the address of one booking's calendar file. */
export const icalURL = (id: number) => `/api/v1/bookings/${id}/ical`

/** watchSlot joins the waitlist of a busy interval. */
export const watchSlot = (b: BookingBody) => post<{ id: number }>('/api/v1/watches', b, { quiet: true })
