import type { Area } from './types'

/** auth is signing in and registering, the pages anyone may open. */
export const auth: Area = {
  standalone: [
    {
      path: '/login',
      name: 'login',
      component: () => import('@/views/auth/login/index.vue'),
      meta: { titleKey: 'menu.login', public: true },
    },
    {
      path: '/register',
      name: 'register',
      component: () => import('@/views/auth/register/index.vue'),
      meta: { titleKey: 'menu.register', public: true },
    },
  ],
}
