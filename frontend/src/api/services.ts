// Technical services: the catalogue of offerings, requests and their workflow, the thread between
// the SME and the platform, and the files on both sides.
import type {
  Filter,
  ServiceAttachment,
  ServiceOfferingBody,
  ServiceOfferingPatch,
  ServiceOfferingQuery,
  ServiceQuoteBody,
  ServiceRequestBody,
  ServiceRequestDetail,
  ServiceRequestQuery,
} from '@/types'
import { compact, http } from './http'

const byID = (id: number) => ({ params: { path: { id } } })

export const listOfferings = (q: Filter<ServiceOfferingQuery>) =>
  http.GET('/api/v1/service-offerings', { params: { query: compact(q) } })
export const getOffering = (id: number) => http.GET('/api/v1/service-offerings/{id}', byID(id))
/** createOffering and updateOffering leave their refusals to the form. */
export const createOffering = (body: ServiceOfferingBody) =>
  http.POST('/api/v1/service-offerings', { body, quiet: true })
export const updateOffering = (id: number, body: ServiceOfferingPatch) =>
  http.PATCH('/api/v1/service-offerings/{id}', { ...byID(id), body, quiet: true })

export const listRequests = (q: Filter<ServiceRequestQuery>) =>
  http.GET('/api/v1/service-requests', { params: { query: compact(q) } })
export const getRequest = (id: number) => http.GET('/api/v1/service-requests/{id}', byID(id))
/** createRequest leaves its refusal (422 with the fields) to the form. */
export const createRequest = (body: ServiceRequestBody) =>
  http.POST('/api/v1/service-requests', { body, quiet: true })
/** quoteRequest sends a quote (or a revised one); the dialog shows a refusal. */
export const quoteRequest = (id: number, body: ServiceQuoteBody) =>
  http.POST('/api/v1/service-requests/{id}/quotes', { ...byID(id), body, quiet: true })

/** NoteStep is a transition of the workflow taken by a POST with an optional note. */
export type NoteStep =
  'accept' | 'decline' | 'reject' | 'cancel' | 'start' | 'deliver' | 'request_revision' | 'confirm'

/** takeStep takes a transition; the URL spells request_revision with a hyphen. The caller shows
 * the refusal (in a dialog, beside the note). */
export function takeStep(id: number, step: NoteStep, note = ''): Promise<ServiceRequestDetail> {
  const opts = { ...byID(id), body: note ? { note } : {}, quiet: true }
  switch (step) {
    case 'accept':
      return http.POST('/api/v1/service-requests/{id}/accept', opts)
    case 'decline':
      return http.POST('/api/v1/service-requests/{id}/decline', opts)
    case 'reject':
      return http.POST('/api/v1/service-requests/{id}/reject', opts)
    case 'cancel':
      return http.POST('/api/v1/service-requests/{id}/cancel', opts)
    case 'start':
      return http.POST('/api/v1/service-requests/{id}/start', opts)
    case 'deliver':
      return http.POST('/api/v1/service-requests/{id}/deliver', opts)
    case 'request_revision':
      return http.POST('/api/v1/service-requests/{id}/request-revision', opts)
    case 'confirm':
      return http.POST('/api/v1/service-requests/{id}/confirm', opts)
  }
}

/** reserve books equipment time for the request; the booking engine's refusal goes to the dialog. */
export const reserve = (id: number, body: { resource_id: number; start_at: string; end_at: string }) =>
  http.POST('/api/v1/service-requests/{id}/bookings', { ...byID(id), body, quiet: true })
export const rate = (id: number, score: number, comment: string) =>
  http.POST('/api/v1/service-requests/{id}/rating', {
    ...byID(id),
    body: comment ? { score, comment } : { score },
    quiet: true,
  })
export const replyRating = (id: number, reply: string) =>
  http.POST('/api/v1/service-requests/{id}/rating/reply', { ...byID(id), body: { reply }, quiet: true })

/** listMessages reads the thread, oldest first; reading it marks it read. */
export const listMessages = (id: number) => http.GET('/api/v1/service-requests/{id}/messages', byID(id))
export const myUnread = () => http.GET('/api/v1/me/service-unread', { quiet: true })

// multipart builds the form a file upload sends; openapi-fetch sends a FormData as it is, with
// the browser's boundary.
function multipart(fields: Record<string, string>, files: readonly File[]): FormData {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const f of files) form.append('files', f, f.name)
  return form
}

/** postMessage posts to the thread with files; a refused file (too big, its type) goes to the composer. */
export const postMessage = (id: number, body: string, files: readonly File[]) =>
  http.POST('/api/v1/service-requests/{id}/messages', {
    ...byID(id),
    body: multipart({ body }, files) as never,
    quiet: true,
  })

/** uploadAttachments adds the SME's files to a request (kind request) or the platform's
 * delivery files (kind delivery). */
export const uploadAttachments = (
  id: number,
  kind: 'request' | 'delivery',
  files: readonly File[],
): Promise<{ items: ServiceAttachment[] }> =>
  http.POST('/api/v1/service-requests/{id}/attachments', {
    ...byID(id),
    body: multipart({ kind }, files) as never,
    quiet: true,
  })
