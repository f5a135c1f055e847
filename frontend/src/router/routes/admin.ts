import type { Area } from './types'

/** admin is the administrators' pages: scheduled jobs, accounts, the audit log, personal data, consortia. */
export const admin: Area = {
  shell: {
    path: 'admin',
    meta: { titleKey: 'menu.admin', icon: 'Tools', roles: ['admin', 'consortium_admin'] },
    children: [
      {
        path: 'jobs',
        name: 'admin-jobs',
        component: () => import('@/views/admin/jobs/index.vue'),
        meta: { titleKey: 'menu.jobs', perm: 'admin:job:run', roles: ['admin'], icon: 'Timer' },
      },
      {
        path: 'users',
        name: 'admin-users',
        component: () => import('@/views/admin/users/index.vue'),
        meta: {
          titleKey: 'menu.users',
          perm: 'admin:user:edit',
          roles: ['admin', 'consortium_admin'],
          icon: 'User',
        },
      },
      {
        path: 'audit',
        name: 'admin-audit',
        component: () => import('@/views/admin/audit/index.vue'),
        meta: { titleKey: 'menu.audit', perm: 'admin:user:edit', roles: ['admin'], icon: 'Document' },
      },
      {
        path: 'privacy',
        name: 'admin-privacy',
        component: () => import('@/views/admin/privacy/index.vue'),
        meta: { titleKey: 'menu.privacy', perm: 'admin:user:edit', roles: ['admin'], icon: 'Lock' },
      },
      {
        path: 'consortia',
        name: 'admin-consortia',
        component: () => import('@/views/admin/consortia/index.vue'),
        meta: {
          titleKey: 'menu.consortia',
          perm: 'catalog:consortium:edit',
          roles: ['admin', 'consortium_admin'],
          icon: 'Connection',
        },
      },
      {
        path: 'sso',
        name: 'admin-sso',
        component: () => import('@/views/admin/sso/index.vue'),
        meta: { titleKey: 'menu.sso', perm: 'admin:user:edit', roles: ['admin'], icon: 'Key' },
      },
    ],
  },
}
