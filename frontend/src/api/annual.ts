// The annual open-sharing report (开放共享年报) of a facility or consortium: its JSON answer, and
// the address of its workbook for a download link.
import type { components } from '@/types/api'
import { http } from './http'

export type AnnualReport = components['schemas']['AnnualReport']
export type AnnualResource = components['schemas']['AnnualResource']
export type AnnualScope = AnnualReport['scope']

export const getAnnualReport = (scope: AnnualScope, id: number, year: number) =>
  http.GET('/api/v1/reports/annual', {
    params: { query: { scope, id, year, format: 'json' } },
  }) as Promise<AnnualReport>

/** annualURL is the address of the report's workbook, headed in the UI's language. */
export const annualURL = (scope: AnnualScope, id: number, year: number, lang: string) =>
  `/api/v1/reports/annual?scope=${scope}&id=${id}&year=${year}&format=xlsx&lang=${encodeURIComponent(lang)}`
