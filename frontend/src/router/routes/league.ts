import type { Area } from './types'

/** league is the consortia's league table (赛马比拼): open to anyone without signing in at /league,
 * in the shell for those signed in, and the weights editor for administrators. */
export const league: Area = {
  shell: {
    path: 'rankings',
    meta: { titleKey: 'league.menu.group', icon: 'Medal' },
    children: [
      {
        path: 'table',
        name: 'league-table',
        component: () => import('@/views/league/table/index.vue'),
        meta: { titleKey: 'league.menu.table', icon: 'List' },
      },
      {
        path: 'weights',
        name: 'league-weights',
        component: () => import('@/views/league/weights/index.vue'),
        meta: { titleKey: 'league.menu.weights', icon: 'Tools', roles: ['admin'] },
      },
    ],
  },
  standalone: [
    {
      path: '/league',
      name: 'league',
      component: () => import('@/views/league/public/index.vue'),
      meta: { titleKey: 'league.title', public: true },
    },
  ],
}
