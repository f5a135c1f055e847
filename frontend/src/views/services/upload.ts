// Sending the files picked in a form after the request they belong to exists: one file per
// request, so a refused one (too big, a type not taken) is named and the others still go, and
// the form can show how far it got.
import { ApiError } from '@/api/http'
import { errorText } from '@/api/notify'
import { uploadAttachments } from '@/api/services'
import type { ServiceAttachment } from '@/types'

/** Upload is the outcome of sending a form's files. */
export interface Upload {
  sent: ServiceAttachment[]
  /** failed names each refused file with the server's reason, in the user's language. */
  failed: { file: string; reason: string }[]
}

/** uploadEach sends the files one by one, telling `progress` after each. */
export async function uploadEach(
  requestID: number,
  kind: 'request' | 'delivery',
  files: readonly File[],
  progress: (done: number) => void = () => undefined,
  send: typeof uploadAttachments = uploadAttachments,
): Promise<Upload> {
  const out: Upload = { sent: [], failed: [] }
  for (const [i, f] of files.entries()) {
    try {
      out.sent.push(...(await send(requestID, kind, [f])).items)
    } catch (err) {
      if (!(err instanceof ApiError)) throw err
      err.shown = true
      out.failed.push({ file: f.name, reason: err.fields.files ?? errorText(err) })
    }
    progress(i + 1)
  }
  return out
}
