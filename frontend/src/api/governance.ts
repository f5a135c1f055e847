// A consortium's governance (治理): its council, secretariat and operating platform, charter and
// annual goals. Its insiders read it; its administrators write it (the forms show refusals).
import type { CharterInput, GoalsInput, SeatInput } from '@/types'
import { http } from './http'

export const listGovernedConsortia = () =>
  http.GET('/api/v1/governance', { params: { query: { page_size: 100 } } })
export const getGovernance = (id: number, year?: number) =>
  http.GET('/api/v1/consortia/{id}/governance', { params: { path: { id }, query: year ? { year } : {} } })
export const setCharter = (id: number, body: CharterInput) =>
  http.PUT('/api/v1/consortia/{id}/charter', { params: { path: { id } }, body, quiet: true })
export const addSeat = (id: number, body: SeatInput) =>
  http.POST('/api/v1/consortia/{id}/seats', { params: { path: { id } }, body, quiet: true })
export const updateSeat = (id: number, seatID: number, body: SeatInput) =>
  http.PUT('/api/v1/consortia/{id}/seats/{seat_id}', {
    params: { path: { id, seat_id: seatID } },
    body,
    quiet: true,
  })
export const removeSeat = (id: number, seatID: number) =>
  http.DELETE('/api/v1/consortia/{id}/seats/{seat_id}', { params: { path: { id, seat_id: seatID } } })
export const setGoals = (id: number, year: number, body: GoalsInput) =>
  http.PUT('/api/v1/consortia/{id}/goals/{year}', { params: { path: { id, year } }, body, quiet: true })
