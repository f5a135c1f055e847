import type { Area } from './types'

/** imports is the wizard that brings resources, users and rosters, and holidays in from files. */
export const imports: Area = {
  shell: {
    path: 'imports',
    meta: { titleKey: 'imports.title', icon: 'Finished', roles: ['manager', 'consortium_admin', 'admin'] },
    children: [
      {
        path: '',
        name: 'imports',
        component: () => import('@/views/imports/index.vue'),
        meta: {
          titleKey: 'imports.title',
          icon: 'Finished',
          roles: ['manager', 'consortium_admin', 'admin'],
        },
      },
    ],
  },
}
