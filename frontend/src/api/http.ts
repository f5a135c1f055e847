// The one HTTP client of the UI. The API's truth is the HTTP status plus, on errors, the body
// {"error": {"code", "message", "rule", "fields", "details"}} (DESIGN.md section 5); there is no
// envelope around successful answers.

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

/** QueryValue is what a query parameter may hold; empty values are left out of the URL. */
export type QueryValue = string | number | boolean | null | undefined

/** RequestOptions tune one request. */
export interface RequestOptions {
  query?: Record<string, QueryValue> | object
  body?: unknown
  signal?: AbortSignal
  /** quiet leaves showing the error to the caller, for forms that show it in place. */
  quiet?: boolean
}

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

/** buildURL appends the query parameters that have a value. */
export function buildURL(path: string, query?: RequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query) as [string, QueryValue][]) {
    if (v === undefined || v === null || v === '') continue
    params.append(k, String(v))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

/** readCookie returns the value of a cookie readable by scripts (the CSRF token), or ''. */
export function readCookie(name: string): string {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return decodeURIComponent(v.join('='))
  }
  return ''
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown
  try {
    body = await res.json()
  } catch {
    body = undefined
  }
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

/** request sends one API request and returns the decoded answer, or throws an ApiError. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': hooks.locale() }
  const token = hooks.token()
  if (token) {
    headers.Authorization = `Bearer ${token}`
  } else if (!safeMethods.has(method)) {
    const csrf = readCookie('csrf_token')
    if (csrf) headers['X-CSRF-Token'] = csrf
  }
  let body: string | undefined
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(buildURL(path, opts.query), {
      method,
      headers,
      body,
      signal: opts.signal,
      credentials: 'same-origin',
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw report(new ApiError(0, 'network_error', String(cause)), opts)
  }
  if (res.ok) {
    if (res.status === 204 || res.headers.get('Content-Length') === '0') return undefined as T
    return (await res.json()) as T
  }
  throw report(await toApiError(res), opts)
}

// A 401 always goes to the unauthorized hook, which prompts to sign in again only when someone
// was signed in (a failed login or the start-up check prompts nothing). Other errors are shown
// unless the caller shows them itself.
function report(err: ApiError, opts: RequestOptions): ApiError {
  if (err.status === 401) {
    hooks.unauthorized(err)
  } else if (!opts.quiet) {
    hooks.notify(err)
    err.shown = true
  }
  return err
}

/** get fetches a resource. */
export const get = <T>(path: string, query?: RequestOptions['query'], opts: RequestOptions = {}) =>
  request<T>('GET', path, { ...opts, query })
/** post sends a command or creates a resource. */
export const post = <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
  request<T>('POST', path, { ...opts, body })
/** put replaces a resource. */
export const put = <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
  request<T>('PUT', path, { ...opts, body })
/** patch changes part of a resource. */
export const patch = <T>(path: string, body?: unknown, opts: RequestOptions = {}) =>
  request<T>('PATCH', path, { ...opts, body })
/** del deletes a resource. */
export const del = <T = void>(path: string, opts: RequestOptions = {}) => request<T>('DELETE', path, opts)
