// Reports: the utilization figures of a scope per period, its resources (top and idle) and its
// hour × weekday map, all read from the nightly rollups.
import type { QueryOf, ReportResources, Utilization } from '@/types'
import { http, queryString } from './http'

export type UtilizationQuery = QueryOf<'/api/v1/reports/utilization', 'get'>
export type ResourcesQuery = QueryOf<'/api/v1/reports/resources', 'get'>
export type IdleQuery = QueryOf<'/api/v1/reports/idle', 'get'>
export type HeatMapQuery = QueryOf<'/api/v1/reports/heatmap', 'get'>

/** getUtilization is the JSON answer (the files are downloads, utilizationURL). */
export const getUtilization = (query: UtilizationQuery) =>
  http.GET('/api/v1/reports/utilization', {
    params: { query: { ...query, format: 'json' } },
  }) as Promise<Utilization>
/** getReportResources is the JSON answer (the files are downloads, resourcesURL). */
export const getReportResources = (query: ResourcesQuery) =>
  http.GET('/api/v1/reports/resources', {
    params: { query: { ...query, format: 'json' } },
  }) as Promise<ReportResources>
export const getIdleResources = (query: IdleQuery) => http.GET('/api/v1/reports/idle', { params: { query } })
export const getHeatMap = (query: HeatMapQuery) => http.GET('/api/v1/reports/heatmap', { params: { query } })

/** utilizationURL is the address of a utilization report's file, headed in lang, for a download link. */
export const utilizationURL = (query: UtilizationQuery, format: 'csv' | 'xlsx', lang: string) =>
  `/api/v1/reports/utilization?${queryString({ ...query, format, lang })}`
/** resourcesURL is the address of a list of resources as a file. */
export const resourcesURL = (query: ResourcesQuery, format: 'csv' | 'xlsx', lang: string) =>
  `/api/v1/reports/resources?${queryString({ ...query, format, lang })}`
