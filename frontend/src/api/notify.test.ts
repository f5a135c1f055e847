import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Router } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { http } from './http'
import { installHttp } from './notify'

const alert = vi.fn()
const message = vi.fn()
vi.mock('element-plus', () => ({
  ElMessage: (o: unknown) => message(o),
  ElMessageBox: { alert: (...a: unknown[]) => alert(...a) },
}))

function answer(status: number, code: string): Response {
  return new Response(JSON.stringify({ error: { code, message: `server says ${code}` } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

let push: ReturnType<typeof vi.fn>

beforeEach(() => {
  setActivePinia(createPinia())
  alert.mockReset()
  message.mockReset()
  push = vi.fn()
  const router = { push, currentRoute: { value: { fullPath: '/booking/mine' } } } as unknown as Router
  installHttp(router)
})

afterEach(() => vi.unstubAllGlobals())

describe('installHttp', () => {
  it('prompts once to sign in again however many requests get a 401, then goes to the login page', async () => {
    const auth = useAuthStore()
    auth.user = {
      id: 1,
      email: 's@demo.local',
      name: 's',
      role: 'student',
      organization_id: null,
      managed_facility_ids: [],
      consortium_id: null,
      permissions: [],
    }
    let close: () => void = () => undefined
    alert.mockReturnValue(new Promise<void>((r) => (close = r)))
    vi.stubGlobal('fetch', () => Promise.resolve(answer(401, 'unauthenticated')))

    await Promise.all([
      http.GET('/api/v1/me').catch(() => undefined),
      http.GET('/api/v1/me/credit').catch(() => undefined),
    ])
    expect(alert).toHaveBeenCalledTimes(1)
    expect(message).not.toHaveBeenCalled()

    close()
    await new Promise((r) => setTimeout(r, 0))
    expect(auth.user).toBeNull()
    expect(push).toHaveBeenCalledWith({ name: 'login', query: { redirect: '/booking/mine' } })
  })

  it('does not prompt when no one was signed in (a wrong password, the start-up check)', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(answer(401, 'invalid_credentials')))
    await http.GET('/api/v1/me').catch(() => undefined)
    expect(alert).not.toHaveBeenCalled()
  })

  it('shows other errors once, as the server words them; words itself only what the server did not', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(answer(409, 'booking_conflict')))
    await http.GET('/api/v1/me').catch(() => undefined)
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>Bad Gateway</html>', { status: 502 })))
    await http.GET('/api/v1/me/credit').catch(() => undefined)
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    await http.GET('/api/v1/me/credit').catch(() => undefined)
    expect(message.mock.calls.map((c) => (c[0] as { message: string }).message)).toEqual([
      'server says booking_conflict',
      '服务器没有正常响应（HTTP 502），请稍后重试',
      '无法连接服务器，请检查网络后重试',
    ])
  })
})
