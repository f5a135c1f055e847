// The one HTTP client of the UI: openapi-fetch over the paths of the generated API document, so
// a request's path and method decide its parameters, its body and the type of its answer. The
// API's truth is the HTTP status plus, on errors, the body
// {"error": {"code", "message", "rule", "fields", "details"}} (DESIGN.md section 5); there is no
// envelope around successful answers.
import createClient, { type FetchResponse, type MaybeOptionalInit, type Middleware } from 'openapi-fetch'
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers'
import type { Filter } from '@/types'
import type { paths } from '@/types/api'

/** ApiError is an error answer of the API: its HTTP status and the fields of the error body. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly rule: string | undefined
  readonly fields: Record<string, string>
  readonly details: Record<string, unknown>
  /** shown is true once the error has been shown to the user, so no one shows it twice. */
  shown = false

  constructor(
    status: number,
    code: string,
    message: string,
    extra: { rule?: string; fields?: Record<string, string>; details?: Record<string, unknown> } = {},
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.rule = extra.rule
    this.fields = extra.fields ?? {}
    this.details = extra.details ?? {}
  }
}

/** HttpHooks connect the client to the rest of the app; main.ts sets them, tests set fakes. */
export interface HttpHooks {
  /** token is the Bearer token of this tab, or null to use the session cookie. */
  token(): string | null
  /** locale is sent as Accept-Language so field messages come in the user's language. */
  locale(): string
  /** unauthorized is told of a 401 so it can prompt once to sign in again. */
  unauthorized(err: ApiError): void
  /** notify shows an error to the user. */
  notify(err: ApiError): void
}

const hooks: HttpHooks = {
  token: () => null,
  locale: () => 'zh-CN',
  unauthorized: () => undefined,
  notify: () => undefined,
}

/** configureHttp replaces some of the client's hooks. */
export function configureHttp(h: Partial<HttpHooks>): void {
  Object.assign(hooks, h)
}

/** readCookie returns the value of a cookie readable by scripts (the CSRF token), or ''. */
export function readCookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return ''
}

/** queryString encodes the query parameters that have a value; '' means "any" in a search form. */
export function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined || one === null || one === '') continue
      params.append(k, String(one))
    }
  }
  return params.toString()
}

/** compact turns a search form's query into the API's: the fields left at "any" are dropped. */
export function compact<Q extends object>(f: Filter<Q>): Q {
  return Object.fromEntries(Object.entries(f).filter(([, v]) => v !== '' && v != null)) as Q
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

// Who is asking and in which language: the tab's token, or the cookie with its CSRF echo.
const credentials: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept', 'application/json')
    request.headers.set('Accept-Language', hooks.locale())
    const token = hooks.token()
    if (token) {
      request.headers.set('Authorization', `Bearer ${token}`)
    } else if (!safeMethods.has(request.method)) {
      const csrf = readCookie('csrf_token')
      if (csrf) request.headers.set('X-CSRF-Token', csrf)
    }
    return request
  },
}

const client = createClient<paths>({
  credentials: 'same-origin',
  querySerializer: queryString,
  // Looked up on each request, so tests can stand in for the network.
  fetch: (req) => globalThis.fetch(req),
})
client.use(credentials)

function toApiError(res: Response, body: unknown): ApiError {
  const e = (body as { error?: Record<string, unknown> } | undefined)?.error
  if (e && typeof e.code === 'string') {
    return new ApiError(res.status, e.code, typeof e.message === 'string' ? e.message : res.statusText, {
      rule: typeof e.rule === 'string' ? e.rule : undefined,
      fields: (e.fields as Record<string, string> | undefined) ?? {},
      details: (e.details as Record<string, unknown> | undefined) ?? {},
    })
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `HTTP ${res.status}`)
}

// A 401 always goes to the unauthorized hook, which prompts to sign in again only when someone
// was signed in (a failed login or the start-up check prompts nothing). Other errors are shown
// unless the caller shows them itself.
function report(err: ApiError, quiet: boolean | undefined): ApiError {
  if (err.status === 401) {
    hooks.unauthorized(err)
  } else if (!quiet) {
    hooks.notify(err)
    err.shown = true
  }
  return err
}

/** CallOptions tune one request beyond what the API document says. */
export interface CallOptions {
  /** quiet leaves showing the error to the caller, for forms that show it in place. */
  quiet?: boolean
}

type Args<I> = RequiredKeysOf<I> extends never ? [(I & CallOptions)?] : [I & CallOptions]
type Answer<Op, I> =
  Op extends Record<string | number, unknown>
    ? NonNullable<Extract<FetchResponse<Op, I, `${string}/${string}`>, { error?: never }>['data']>
    : never
type Method<P extends keyof paths, M extends HttpMethod> = M & keyof paths[P]

/** Call is one method of the client: the path picks what `init` holds and what comes back. */
type Call<M extends HttpMethod> = <
  P extends PathsWithMethod<paths, M>,
  I extends MaybeOptionalInit<paths[P], Method<P, M>>,
>(
  path: P,
  ...init: Args<I>
) => Promise<[Answer<paths[P][Method<P, M>], I>] extends [never] ? void : Answer<paths[P][Method<P, M>], I>>

function call<M extends HttpMethod>(method: M): Call<M> {
  return (async (path: string, init: CallOptions & Record<string, unknown> = {}) => {
    const { quiet, ...rest } = init
    let res: { data?: unknown; error?: unknown; response: Response }
    try {
      res = await client.request(method, path as never, rest as never)
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
      throw report(new ApiError(0, 'network_error', String(cause)), quiet)
    }
    if (!res.response.ok) throw report(toApiError(res.response, res.error), quiet)
    return res.data
  }) as Call<M>
}

/**
 * http sends API requests: `http.GET('/api/v1/bookings/{id}', { params: { path: { id } } })`
 * resolves to the decoded answer (nothing for a 204), or rejects with an ApiError that has been
 * shown to the user unless `quiet` was asked for.
 */
export const http = {
  GET: call('get'),
  POST: call('post'),
  PUT: call('put'),
  PATCH: call('patch'),
  DELETE: call('delete'),
}
