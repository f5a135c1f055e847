// Billing: monthly statements of facilities and organizations, their lines and exports, the
// running month's charges, and the adjustments managers make.
import type { AdjustmentInput, ChargeQuery, Filter, StatementDetail, StatementQuery } from '@/types'
import { compact, http } from './http'

export const listStatements = (q: Filter<StatementQuery>) =>
  http.GET('/api/v1/billing/statements', { params: { query: compact(q) } })
/** getStatement is a statement with its lines (the JSON answer; the files are downloads). */
export const getStatement = (id: number) =>
  http.GET('/api/v1/billing/statements/{id}', {
    params: { path: { id }, query: { format: 'json' } },
  }) as Promise<StatementDetail>
/** statementURL is the address of a statement's file, headed in the UI's language, for a download link. */
export const statementURL = (id: number, format: 'csv' | 'xlsx', lang: string) =>
  `/api/v1/billing/statements/${id}?format=${format}&lang=${encodeURIComponent(lang)}`
export const listCharges = (q: Filter<ChargeQuery>) =>
  http.GET('/api/v1/billing/charges', { params: { query: compact(q) } })
/** createAdjustment leaves its refusal to the dialog. */
export const createAdjustment = (body: AdjustmentInput) =>
  http.POST('/api/v1/billing/adjustments', { body, quiet: true })
