import type { Area } from './types'

/** governance is how a consortium is run: its bodies, charter and goals, for its insiders. */
export const governance: Area = {
  shell: {
    path: 'consortium',
    meta: { titleKey: 'governance.menu.group', icon: 'OfficeBuilding' },
    children: [
      {
        path: 'governance',
        name: 'governance',
        component: () => import('@/views/governance/index.vue'),
        meta: { titleKey: 'governance.menu.governance', icon: 'Stamp' },
      },
    ],
  },
}
