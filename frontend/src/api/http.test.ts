import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, compact, configureHttp, http, queryString } from './http'

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  })
}

let sent: Request[]
let reply: () => Response
const notify = vi.fn()
const unauthorized = vi.fn()

beforeEach(() => {
  sent = []
  reply = () => answer(200, { ok: true })
  vi.stubGlobal('fetch', (req: Request) => {
    sent.push(req)
    return Promise.resolve(reply())
  })
  notify.mockReset()
  unauthorized.mockReset()
  configureHttp({ token: () => null, locale: () => 'en', notify, unauthorized })
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

afterEach(() => vi.unstubAllGlobals())

const header = (i: number, name: string) => sent[i]?.headers.get(name) ?? undefined
const body = {
  resource_id: 1,
  start_at: 'a',
  end_at: 'b',
  purpose: 'p',
  purpose_category: 'teaching',
} as const

describe('requests', () => {
  it('sends the Bearer token when the tab has one, and no CSRF header', async () => {
    configureHttp({ token: () => 'tok' })
    document.cookie = 'csrf_token=abc; path=/'
    await http.POST('/api/v1/bookings', { body })
    expect(header(0, 'Authorization')).toBe('Bearer tok')
    expect(header(0, 'X-CSRF-Token')).toBeUndefined()
    expect(await sent[0]?.json()).toEqual(body)
    expect(header(0, 'Content-Type')).toBe('application/json')
  })

  it('echoes the CSRF cookie on unsafe cookie requests only', async () => {
    document.cookie = 'csrf_token=abc%3D; path=/'
    await http.POST('/api/v1/notifications/read-all')
    await http.GET('/api/v1/me')
    expect(header(0, 'X-CSRF-Token')).toBe('abc=')
    expect(header(0, 'Authorization')).toBeUndefined()
    expect(header(1, 'X-CSRF-Token')).toBeUndefined()
  })

  it('asks for answers in the current language', async () => {
    configureHttp({ locale: () => 'zh-CN' })
    await http.GET('/api/v1/me')
    expect(header(0, 'Accept-Language')).toBe('zh-CN')
    expect(header(0, 'Accept')).toBe('application/json')
  })

  it('fills the path from the parameters and leaves out the filters at "any"', async () => {
    await http.POST('/api/v1/bookings/{id}/check-in', { params: { path: { id: 42 } } })
    await http.GET('/api/v1/bookings', {
      params: { query: compact({ scope: 'mine', status: '', resource_id: 7, from: undefined }) },
    })
    expect(sent.map((r) => [r.method, new URL(r.url).pathname + new URL(r.url).search])).toEqual([
      ['POST', '/api/v1/bookings/42/check-in'],
      ['GET', '/api/v1/bookings?scope=mine&resource_id=7'],
    ])
  })
})

describe('answers', () => {
  it('decodes JSON and gives undefined for 204', async () => {
    expect(await http.GET('/api/v1/me')).toEqual({ ok: true })
    reply = () => answer(204)
    expect(
      await http.POST('/api/v1/notifications/{id}/read', { params: { path: { id: 1 } } }),
    ).toBeUndefined()
  })

  it('turns the error body into an ApiError and shows it once', async () => {
    reply = () =>
      answer(422, {
        error: {
          code: 'rule_violation',
          message: 'too long',
          rule: 'max_minutes',
          fields: { end_at: 'too long' },
        },
      })
    const err = await http.POST('/api/v1/bookings', { body }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const e = err as ApiError
    expect([e.status, e.code, e.rule, e.fields]).toEqual([
      422,
      'rule_violation',
      'max_minutes',
      { end_at: 'too long' },
    ])
    expect(e.shown).toBe(true)
    expect(notify).toHaveBeenCalledTimes(1)
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('leaves quiet errors to the caller', async () => {
    reply = () =>
      answer(409, { error: { code: 'booking_conflict', message: 'taken', details: { start_at: 'x' } } })
    const err = (await http
      .POST('/api/v1/bookings', { body, quiet: true })
      .catch((e: unknown) => e)) as ApiError
    expect([err.code, err.details, err.shown]).toEqual(['booking_conflict', { start_at: 'x' }, false])
    expect(notify).not.toHaveBeenCalled()
  })

  it('sends a 401 to the re-login prompt, even from a quiet request, and shows nothing else', async () => {
    reply = () => answer(401, { error: { code: 'unauthenticated', message: 'sign in first' } })
    await http.GET('/api/v1/me', { quiet: true }).catch(() => undefined)
    await http.GET('/api/v1/me/credit').catch(() => undefined)
    expect(unauthorized).toHaveBeenCalledTimes(2)
    expect(notify).not.toHaveBeenCalled()
  })

  it('names an error without a JSON body by its status', async () => {
    reply = () => new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' })
    const err = (await http.GET('/api/v1/me').catch((e: unknown) => e)) as ApiError
    expect([err.status, err.code, err.message]).toEqual([502, 'http_502', 'Bad Gateway'])
  })

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const err = (await http.GET('/api/v1/me').catch((e: unknown) => e)) as ApiError
    expect([err.status, err.code]).toEqual([0, 'network_error'])
    expect(notify).toHaveBeenCalledTimes(1)
  })
})

describe('queryString', () => {
  it('keeps only parameters with a value', () => {
    expect(
      queryString({ q: 'laser cutter', page: 2, kind: '', cluster: undefined, x: null, on: false }),
    ).toBe('q=laser+cutter&page=2&on=false')
    expect(queryString({})).toBe('')
  })
})
