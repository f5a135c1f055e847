import type { Area } from './types'

/** annual is the annual open-sharing report (开放共享年报) of a facility or consortium, printable. */
export const annual: Area = {
  shell: {
    path: 'annual-report',
    meta: { titleKey: 'annual.title', icon: 'Document', roles: ['manager', 'admin'] },
    children: [
      {
        path: '',
        name: 'annual-report',
        component: () => import('@/views/annual/index.vue'),
        meta: { titleKey: 'annual.title', icon: 'Document', roles: ['manager', 'admin'] },
      },
    ],
  },
}
