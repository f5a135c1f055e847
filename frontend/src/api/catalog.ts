import { del, get, patch, post } from './http'
import type {
  Blackout,
  Cluster,
  Consortium,
  Facility,
  FacilityKind,
  FreeInterval,
  List,
  OpeningInterval,
  Resource,
  Rules,
} from '@/types'

/** FacilityQuery filters the facility list. */
export interface FacilityQuery {
  kind?: FacilityKind | ''
  consortium_id?: number | ''
  q?: string
  page?: number
  page_size?: number
}

/** ResourceQuery filters the resource list. */
export interface ResourceQuery {
  facility_id?: number | ''
  kind?: FacilityKind | ''
  cluster?: string
  category?: string
  q?: string
  page?: number
  page_size?: number
}

export const listFacilities = (q: FacilityQuery) => get<List<Facility>>('/api/v1/facilities', q)
export const getFacility = (id: number) => get<Facility>(`/api/v1/facilities/${id}`)
export const listConsortia = () => get<List<Consortium>>('/api/v1/consortia', { page_size: 100 })
export const listClusters = () => get<List<Cluster>>('/api/v1/clusters', { page_size: 100 })
export const listCategories = () =>
  get<{ items: { category: string; count: number }[] }>('/api/v1/resource-categories')
export const listResources = (q: ResourceQuery) => get<List<Resource>>('/api/v1/resources', q)
export const getResource = (id: number) => get<Resource>(`/api/v1/resources/${id}`)

/** availability lists the free intervals of a resource in a window. */
export const availability = (id: number, from: string, to: string) =>
  get<List<FreeInterval> | { items: FreeInterval[] }>(`/api/v1/resources/${id}/availability`, { from, to })

/** RulesPatch changes some booking rules; qualification_id 0 removes the requirement. */
export type RulesPatch = Partial<Omit<Rules, 'qualification'>> & { qualification_id?: number }

/** updateRules changes a resource's booking rules; errors are shown on the form. */
export const updateRules = (id: number, rules: RulesPatch) =>
  patch<Resource>(`/api/v1/resources/${id}`, { rules }, { quiet: true })

/** updateOpeningHours replaces a facility's weekly opening hours. */
export const updateOpeningHours = (id: number, hours: OpeningInterval[]) =>
  patch<Facility>(`/api/v1/facilities/${id}`, { opening_hours: hours }, { quiet: true })

export interface BlackoutQuery {
  facility_id?: number | ''
  resource_id?: number | ''
  from?: string
  to?: string
  page?: number
  page_size?: number
}

export const listBlackouts = (q: BlackoutQuery) => get<List<Blackout>>('/api/v1/blackouts', q)
export const createBlackout = (b: Omit<Blackout, 'id'>) =>
  post<Blackout>('/api/v1/blackouts', b, { quiet: true })
export const deleteBlackout = (id: number) => del(`/api/v1/blackouts/${id}`)
