import type { Area } from './types'

/** reports is the utilization dashboard of managers (their facilities) and admins (any scope). */
export const reports: Area = {
  shell: {
    path: 'reports',
    meta: { titleKey: 'reports.menu.reports', icon: 'Monitor', roles: ['manager', 'admin'] },
    children: [
      {
        path: 'dashboard',
        name: 'report-dashboard',
        component: () => import('@/views/reports/dashboard/index.vue'),
        meta: { titleKey: 'reports.menu.dashboard', icon: 'Document', roles: ['manager', 'admin'] },
      },
    ],
  },
}
