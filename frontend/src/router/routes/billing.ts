import type { Area } from './types'

/** billing is the monthly statements of facilities (for their managers) and of organizations
 * (for their SME accounts), with their lines, exports and the running month's charges. */
export const billing: Area = {
  shell: {
    path: 'billing',
    meta: { titleKey: 'menu.billing', icon: 'Tickets', roles: ['sme', 'manager', 'admin'] },
    children: [
      {
        path: 'statements',
        name: 'statements',
        component: () => import('@/views/billing/statements/index.vue'),
        meta: { titleKey: 'menu.statements', icon: 'List', roles: ['sme', 'manager', 'admin'] },
      },
      {
        path: 'statements/:id(\\d+)',
        name: 'statement',
        props: true,
        component: () => import('@/views/billing/statement-detail/index.vue'),
        meta: { titleKey: 'menu.statementDetail', hideInMenu: true, roles: ['sme', 'manager', 'admin'] },
      },
    ],
  },
}
