import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authAPI from '@/api/auth'
import { ApiError } from '@/api/http'
import type { LoginBody, RegisterBody, User } from '@/types'

/**
 * useAuthStore holds who is signed in. The token is kept in memory only: after a reload the
 * HttpOnly session cookie (with the CSRF cookie) carries the session, so no secret sits in storage.
 */
export const useAuthStore = defineStore('auth', () => {
  const token = ref<string | null>(null)
  const user = ref<User | null>(null)
  const loaded = ref(false)

  const permissions = computed(() => new Set(user.value?.permissions ?? []))

  /** load asks the server who is signed in, once; a 401 means no one. */
  async function load(): Promise<User | null> {
    if (loaded.value) return user.value
    try {
      user.value = await authAPI.fetchMe()
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err
      user.value = null
    }
    loaded.value = true
    return user.value
  }

  function accept(res: { token: string; user: User }) {
    token.value = res.token
    user.value = res.user
    loaded.value = true
  }

  async function signIn(body: LoginBody) {
    accept(await authAPI.login(body))
  }

  async function signUp(body: RegisterBody) {
    accept(await authAPI.register(body))
  }

  /** clear forgets the session on this side (after a logout or a 401). */
  function clear() {
    token.value = null
    user.value = null
    loaded.value = true
  }

  async function signOut() {
    try {
      await authAPI.logout()
    } finally {
      clear()
    }
  }

  return { token, user, loaded, permissions, load, signIn, signUp, signOut, clear }
})
