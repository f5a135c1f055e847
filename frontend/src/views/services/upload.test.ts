import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/http'
import type { ServiceAttachment } from '@/types'
import { uploadEach } from './upload'

const file = (name: string) => new File(['x'], name, { type: 'application/pdf' })
const attachment = (id: number, name: string): ServiceAttachment => ({
  id,
  kind: 'request',
  file_name: name,
  content_type: 'application/pdf',
  size_bytes: 1,
  created_at: '2026-12-02T08:00:00Z',
  uploader_name: '王工',
  url: `/api/v1/service-attachments/${id}`,
})

describe('uploadEach', () => {
  it('sends each file on its own, names the refused one and goes on', async () => {
    let id = 0
    const send = vi.fn(async (_req: number, _kind: 'request' | 'delivery', files: readonly File[]) => {
      const f = files[0]!
      if (f.name === 'big.zip')
        throw new ApiError(413, 'file_too_large', '文件过大', { fields: { files: '文件超过 20 MB' } })
      if (f.name === 'evil.exe') throw new ApiError(415, 'file_type_refused', '不接受该类型的文件')
      return { items: [attachment(++id, f.name)] }
    })
    const seen: number[] = []
    const got = await uploadEach(
      7,
      'request',
      [file('a.pdf'), file('big.zip'), file('evil.exe'), file('b.pdf')],
      (n) => seen.push(n),
      send,
    )
    expect(send).toHaveBeenCalledTimes(4)
    expect(
      send.mock.calls.every(([req, kind, files]) => req === 7 && kind === 'request' && files.length === 1),
    ).toBe(true)
    expect(got.sent.map((a) => a.file_name)).toEqual(['a.pdf', 'b.pdf'])
    expect(got.failed).toEqual([
      { file: 'big.zip', reason: '文件超过 20 MB' },
      { file: 'evil.exe', reason: '不接受该类型的文件' },
    ])
    expect(seen).toEqual([1, 2, 3, 4])
  })

  it('sends nothing without files', async () => {
    const send = vi.fn()
    expect(await uploadEach(1, 'delivery', [], undefined, send)).toEqual({ sent: [], failed: [] })
    expect(send).not.toHaveBeenCalled()
  })

  it("lets an error that is not the API's through", async () => {
    const send = vi.fn(async () => {
      throw new TypeError('boom')
    })
    await expect(uploadEach(1, 'request', [file('a.pdf')], undefined, send)).rejects.toThrow('boom')
  })
})
