import { del, get, patch, post } from './http'
import type {
  Availability,
  Blackout,
  BlackoutInput,
  Cluster,
  Consortium,
  ConsortiumDetail,
  Facility,
  FacilityPatch,
  FacilitySchedule,
  Filter,
  List,
  QueryOf,
  Resource,
  ResourcePatch,
} from '@/types'

/** FacilityQuery filters the facility list. */
export type FacilityQuery = Filter<QueryOf<'/api/v1/facilities', 'get'>>
/** ResourceQuery filters the resource list. */
export type ResourceQuery = Filter<QueryOf<'/api/v1/resources', 'get'>>
/** BlackoutQuery picks a window of a facility's blackouts. */
export type BlackoutQuery = Filter<QueryOf<'/api/v1/facilities/{id}/blackouts', 'get'>> & {
  facility_id: number | ''
}

export const listFacilities = (q: FacilityQuery) => get<List<Facility>>('/api/v1/facilities', q)
export const getFacility = (id: number) => get<Facility>(`/api/v1/facilities/${id}`)

/** facilitySchedule lists every resource's busy and free time in a window (at most 14 days). */
export const facilitySchedule = (id: number, from: string, to: string) =>
  get<FacilitySchedule>(`/api/v1/facilities/${id}/schedule`, { from, to })
export const listConsortia = () => get<List<Consortium>>('/api/v1/consortia', { page_size: 100 })
/** ConsortiumQuery filters the consortium list. */
export type ConsortiumQuery = Filter<QueryOf<'/api/v1/consortia', 'get'>>
export const searchConsortia = (q: ConsortiumQuery) => get<List<Consortium>>('/api/v1/consortia', q)
export const getConsortium = (id: number) => get<ConsortiumDetail>(`/api/v1/consortia/${id}`)
export const listClusters = () => get<List<Cluster>>('/api/v1/clusters', { page_size: 100 })
export const listCategories = () =>
  get<List<{ category: string; count: number }>>('/api/v1/resource-categories')
export const listResources = (q: ResourceQuery) => get<List<Resource>>('/api/v1/resources', q)
export const getResource = (id: number) => get<Resource>(`/api/v1/resources/${id}`)

/** availability lists the free intervals of a resource in a window (at most 62 days). */
export const availability = (id: number, from: string, to: string) =>
  get<Availability>(`/api/v1/resources/${id}/availability`, { from, to })

/** updateResource changes some fields of a resource (its rules among them); errors go to the form. */
export const updateResource = (id: number, p: ResourcePatch) =>
  patch<Resource>(`/api/v1/resources/${id}`, p, { quiet: true })

/** updateFacility changes some fields of a facility (its opening hours among them). */
export const updateFacility = (id: number, p: FacilityPatch) =>
  patch<Facility>(`/api/v1/facilities/${id}`, p, { quiet: true })

/** listBlackouts lists a facility's blackouts, facility-wide and per resource. */
export const listBlackouts = ({ facility_id, ...q }: BlackoutQuery) =>
  facility_id
    ? get<List<Blackout>>(`/api/v1/facilities/${facility_id}/blackouts`, q)
    : Promise.resolve<List<Blackout>>({ items: [], total: 0 })

export const createBlackout = (facilityID: number, b: BlackoutInput) =>
  post<Blackout>(`/api/v1/facilities/${facilityID}/blackouts`, b, { quiet: true })
export const deleteBlackout = (id: number) => del(`/api/v1/blackouts/${id}`)
