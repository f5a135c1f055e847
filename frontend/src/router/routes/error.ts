import type { Area } from './types'

/** error is what a page that cannot be shown shows instead: forbidden, or not found. */
export const error: Area = {
  standalone: [
    {
      path: '/forbidden',
      name: 'forbidden',
      component: () => import('@/views/error/not-found/index.vue'),
      props: { forbidden: true },
      meta: { titleKey: 'menu.notFound', public: true },
    },
    {
      path: '/:pathMatch(.*)*',
      name: 'not-found',
      component: () => import('@/views/error/not-found/index.vue'),
      meta: { titleKey: 'menu.notFound', public: true },
    },
  ],
}
