import type { components } from '@/types/api'
import { http } from './http'

export type ImportReport = components['schemas']['ImportReport']
export type ImportKind = ImportReport['kind']

function form(fields: Record<string, string>, file: File): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) if (v !== '') f.append(k, v)
  f.append('files', file, file.name)
  return f
}

/** checkImport uploads a file and reports its bad rows; nothing is written. */
export const checkImport = (
  fields: { kind: ImportKind; facility_id?: string; organization_id?: string },
  file: File,
) => http.POST('/api/v1/imports/check', { body: form(fields, file) as never, quiet: true })

/** applyImport writes a checked file once: all of it, or its good rows only. */
export const applyImport = (id: number, file: File, goodOnly: boolean) =>
  http.POST('/api/v1/imports/{id}/apply', {
    params: { path: { id } },
    body: form({ good_only: String(goodOnly) }, file) as never,
    quiet: true,
  })

/** templateURL is the address of a kind's template. */
export const templateURL = (kind: 'resources' | 'users', format: 'xlsx' | 'csv', lang: string) =>
  `/api/v1/imports/templates/${kind}?format=${format}&lang=${encodeURIComponent(lang)}`
