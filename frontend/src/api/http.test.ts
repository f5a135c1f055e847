import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, buildURL, configureHttp, get, post, request } from './http'

interface Sent {
  url: string
  init: RequestInit
}

function answer(status: number, body?: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  })
}

let sent: Sent[]
let reply: () => Response
const notify = vi.fn()
const unauthorized = vi.fn()

beforeEach(() => {
  sent = []
  reply = () => answer(200, { ok: true })
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return Promise.resolve(reply())
  })
  notify.mockReset()
  unauthorized.mockReset()
  configureHttp({ token: () => null, locale: () => 'en', notify, unauthorized })
  document.cookie = 'csrf_token=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})

afterEach(() => vi.unstubAllGlobals())

const header = (i: number, name: string) => (sent[i]?.init.headers as Record<string, string>)[name]

describe('request headers', () => {
  it('sends the Bearer token when the tab has one, and no CSRF header', async () => {
    configureHttp({ token: () => 'tok' })
    document.cookie = 'csrf_token=abc; path=/'
    await post('/api/v1/bookings', { a: 1 })
    expect(header(0, 'Authorization')).toBe('Bearer tok')
    expect(header(0, 'X-CSRF-Token')).toBeUndefined()
    expect(sent[0]?.init.body).toBe('{"a":1}')
    expect(header(0, 'Content-Type')).toBe('application/json')
  })

  it('echoes the CSRF cookie on unsafe cookie requests only', async () => {
    document.cookie = 'csrf_token=abc%3D; path=/'
    await post('/api/v1/x')
    await get('/api/v1/x')
    expect(header(0, 'X-CSRF-Token')).toBe('abc=')
    expect(header(0, 'Authorization')).toBeUndefined()
    expect(header(1, 'X-CSRF-Token')).toBeUndefined()
  })

  it('asks for answers in the current language', async () => {
    configureHttp({ locale: () => 'zh-CN' })
    await get('/api/v1/me')
    expect(header(0, 'Accept-Language')).toBe('zh-CN')
  })
})

describe('answers', () => {
  it('decodes JSON and gives undefined for 204', async () => {
    expect(await get('/x')).toEqual({ ok: true })
    reply = () => answer(204)
    expect(await post('/x')).toBeUndefined()
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
    const err = await post('/api/v1/bookings').catch((e: unknown) => e)
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
    const err = (await request('POST', '/x', { quiet: true }).catch((e: unknown) => e)) as ApiError
    expect([err.code, err.details, err.shown]).toEqual(['booking_conflict', { start_at: 'x' }, false])
    expect(notify).not.toHaveBeenCalled()
  })

  it('sends a 401 to the re-login prompt, even from a quiet request, and shows nothing else', async () => {
    reply = () => answer(401, { error: { code: 'unauthenticated', message: 'sign in first' } })
    await get('/x', undefined, { quiet: true }).catch(() => undefined)
    await get('/y').catch(() => undefined)
    expect(unauthorized).toHaveBeenCalledTimes(2)
    expect(notify).not.toHaveBeenCalled()
  })

  it('names an error without a JSON body by its status', async () => {
    reply = () => new Response('bad gateway', { status: 502, statusText: 'Bad Gateway' })
    const err = (await get('/x').catch((e: unknown) => e)) as ApiError
    expect([err.status, err.code, err.message]).toEqual([502, 'http_502', 'Bad Gateway'])
  })

  it('reports a network failure as status 0', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const err = (await get('/x').catch((e: unknown) => e)) as ApiError
    expect([err.status, err.code]).toEqual([0, 'network_error'])
    expect(notify).toHaveBeenCalledTimes(1)
  })
})

describe('buildURL', () => {
  it('keeps only parameters with a value', () => {
    expect(
      buildURL('/r', { q: 'laser cutter', page: 2, kind: '', cluster: undefined, x: null, on: false }),
    ).toBe('/r?q=laser+cutter&page=2&on=false')
    expect(buildURL('/r', {})).toBe('/r')
  })
})
