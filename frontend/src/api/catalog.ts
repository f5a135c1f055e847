// The catalog: facilities, resources, their free time and blackouts, consortia and clusters.
import type {
  BlackoutInput,
  ConsortiumInput,
  ConsortiumPatch,
  FacilityPatch,
  Filter,
  OrganizationKind,
  QueryOf,
  ResourcePatch,
} from '@/types'
import { compact, http } from './http'

/** FacilityQuery filters the facility list. */
export type FacilityQuery = Filter<QueryOf<'/api/v1/facilities', 'get'>>
/** ResourceQuery filters the resource list. */
export type ResourceQuery = Filter<QueryOf<'/api/v1/resources', 'get'>>
/** ConsortiumQuery filters the consortium list. */
export type ConsortiumQuery = Filter<QueryOf<'/api/v1/consortia', 'get'>>
/** BlackoutQuery picks a window of a facility's blackouts. */
export type BlackoutQuery = Filter<QueryOf<'/api/v1/facilities/{id}/blackouts', 'get'>> & {
  facility_id: number | ''
}

const byID = (id: number) => ({ params: { path: { id } } })

export const listFacilities = (q: FacilityQuery) =>
  http.GET('/api/v1/facilities', { params: { query: compact(q) } })
export const getFacility = (id: number) => http.GET('/api/v1/facilities/{id}', byID(id))

/** facilitySchedule lists every resource's busy and free time in a window (at most 14 days). */
export const facilitySchedule = (id: number, from: string, to: string) =>
  http.GET('/api/v1/facilities/{id}/schedule', { params: { path: { id }, query: { from, to } } })

export const listConsortia = () => http.GET('/api/v1/consortia', { params: { query: { page_size: 100 } } })
export const searchConsortia = (q: ConsortiumQuery) =>
  http.GET('/api/v1/consortia', { params: { query: compact(q) } })
export const getConsortium = (id: number) => http.GET('/api/v1/consortia/{id}', byID(id))
export const listClusters = () => http.GET('/api/v1/clusters', { params: { query: { page_size: 100 } } })
export const listCategories = () => http.GET('/api/v1/resource-categories')
export const listResources = (q: ResourceQuery) =>
  http.GET('/api/v1/resources', { params: { query: compact(q) } })
export const getResource = (id: number) => http.GET('/api/v1/resources/{id}', byID(id))

/** availability lists the free intervals of a resource in a window (at most 62 days). */
export const availability = (id: number, from: string, to: string) =>
  http.GET('/api/v1/resources/{id}/availability', { params: { path: { id }, query: { from, to } } })

/** updateResource changes some fields of a resource (its rules among them); errors go to the form. */
export const updateResource = (id: number, body: ResourcePatch) =>
  http.PATCH('/api/v1/resources/{id}', { ...byID(id), body, quiet: true })

/** updateFacility changes some fields of a facility (its opening hours among them). */
export const updateFacility = (id: number, body: FacilityPatch) =>
  http.PATCH('/api/v1/facilities/{id}', { ...byID(id), body, quiet: true })

/** listBlackouts lists a facility's blackouts, facility-wide and per resource. */
export const listBlackouts = ({ facility_id, ...q }: BlackoutQuery) =>
  facility_id
    ? http.GET('/api/v1/facilities/{id}/blackouts', {
        params: { path: { id: facility_id }, query: compact(q) },
      })
    : Promise.resolve({ items: [], total: 0 })

export const createBlackout = (facilityID: number, body: BlackoutInput) =>
  http.POST('/api/v1/facilities/{id}/blackouts', { ...byID(facilityID), body, quiet: true })
export const deleteBlackout = (id: number) => http.DELETE('/api/v1/blackouts/{id}', byID(id))

/** listQualifications lists the qualifications (资格证), each with the facility that issues it. */
export const listQualifications = () =>
  http.GET('/api/v1/qualifications', { params: { query: { page_size: 100 } } })

/** searchOrganizations finds up to 20 organizations by name, English name or credit code. */
export const searchOrganizations = (q: string, kind?: OrganizationKind) =>
  http.GET('/api/v1/organizations', { params: { query: compact({ q, kind, page_size: 20 }) } })

/** createConsortium adds a consortium (admins); errors go to the form. */
export const createConsortium = (body: ConsortiumInput) =>
  http.POST('/api/v1/consortia', { body, quiet: true })

/** updateConsortium changes some fields of a consortium (admins); errors go to the form. */
export const updateConsortium = (id: number, body: ConsortiumPatch) =>
  http.PATCH('/api/v1/consortia/{id}', { ...byID(id), body, quiet: true })

/** setConsortiumMember adds an organization to a consortium or changes its role (admins). */
export const setConsortiumMember = (id: number, organizationID: number, role: 'lead' | 'member') =>
  http.PUT('/api/v1/consortia/{id}/members/{organization_id}', {
    params: { path: { id, organization_id: organizationID } },
    body: { role },
  })

/** removeConsortiumMember takes an organization out of a consortium (admins). */
export const removeConsortiumMember = (id: number, organizationID: number) =>
  http.DELETE('/api/v1/consortia/{id}/members/{organization_id}', {
    params: { path: { id, organization_id: organizationID } },
  })
