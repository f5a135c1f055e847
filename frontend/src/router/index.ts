import { createRouter, createWebHistory } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { allowed } from './menu'
import { routes } from './routes'

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: () => ({ top: 0 }),
})

// Pages need a signed-in user unless public, and the role or permission their meta names.
router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const auth = useAuthStore()
  const user = await auth.load()
  if (!user) return { name: 'login', query: { redirect: to.fullPath } }
  if (!to.matched.every((r) => allowed(r.meta, user))) return { name: 'forbidden' }
  return true
})
