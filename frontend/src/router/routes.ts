import type { RouteRecordRaw } from 'vue-router'

/** layoutRoutes are the pages inside the shell; the side menu is built from them. */
export const layoutRoutes: RouteRecordRaw[] = [
  {
    path: 'catalog',
    meta: { titleKey: 'menu.catalog', icon: 'Box' },
    children: [
      {
        path: 'facilities',
        name: 'facilities',
        component: () => import('@/views/catalog/facilities/index.vue'),
        meta: { titleKey: 'menu.facilities', perm: 'catalog:resource:view', icon: 'OfficeBuilding' },
      },
      {
        path: 'facilities/:id(\\d+)',
        name: 'facility',
        props: true,
        component: () => import('@/views/catalog/facility-detail/index.vue'),
        meta: { titleKey: 'menu.facilityDetail', perm: 'catalog:resource:view', hideInMenu: true },
      },
      {
        path: 'resources',
        name: 'resources',
        component: () => import('@/views/catalog/resources/index.vue'),
        meta: { titleKey: 'menu.resources', perm: 'catalog:resource:view', icon: 'Monitor' },
      },
      {
        path: 'resources/:id(\\d+)',
        name: 'resource',
        props: true,
        component: () => import('@/views/catalog/resource-detail/index.vue'),
        meta: { titleKey: 'menu.resourceDetail', perm: 'catalog:resource:view', hideInMenu: true },
      },
    ],
  },
  {
    path: 'booking',
    meta: { titleKey: 'menu.booking', icon: 'Calendar' },
    children: [
      {
        path: 'mine',
        name: 'my-bookings',
        component: () => import('@/views/booking/mine/index.vue'),
        meta: { titleKey: 'menu.myBookings', perm: 'booking:booking:view-own', icon: 'Tickets' },
      },
      {
        path: 'notifications',
        name: 'notifications',
        component: () => import('@/views/booking/notifications/index.vue'),
        meta: { titleKey: 'menu.notifications', icon: 'Bell' },
      },
    ],
  },
  {
    path: 'manage',
    meta: { titleKey: 'menu.manage', icon: 'Setting' },
    children: [
      {
        path: 'approvals',
        name: 'approvals',
        component: () => import('@/views/manage/approvals/index.vue'),
        meta: { titleKey: 'menu.approvals', perm: 'booking:booking:approve', icon: 'Stamp' },
      },
      {
        path: 'bookings',
        name: 'facility-bookings',
        component: () => import('@/views/manage/bookings/index.vue'),
        meta: { titleKey: 'menu.facilityBookings', perm: 'booking:booking:view-facility', icon: 'List' },
      },
      {
        path: 'blackouts',
        name: 'blackouts',
        component: () => import('@/views/manage/blackouts/index.vue'),
        meta: { titleKey: 'menu.blackouts', perm: 'catalog:blackout:edit', icon: 'CircleClose' },
      },
    ],
  },
  {
    path: 'admin',
    meta: { titleKey: 'menu.admin', icon: 'Tools', roles: ['admin'] },
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
        meta: { titleKey: 'menu.users', perm: 'admin:user:edit', roles: ['admin'], icon: 'User' },
      },
      {
        path: 'consortia',
        name: 'admin-consortia',
        component: () => import('@/views/admin/consortia/index.vue'),
        meta: {
          titleKey: 'menu.consortia',
          perm: 'catalog:consortium:edit',
          roles: ['admin'],
          icon: 'Connection',
        },
      },
    ],
  },
]

/** routes is the whole route table; every page is loaded when first opened. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { titleKey: 'menu.login', public: true },
  },
  {
    path: '/register',
    name: 'register',
    component: () => import('@/views/register/index.vue'),
    meta: { titleKey: 'menu.register', public: true },
  },
  {
    path: '/scan/:resourceId(\\d+)',
    name: 'scan',
    props: true,
    component: () => import('@/views/booking/scan/index.vue'),
    meta: { titleKey: 'menu.scan', perm: 'booking:booking:view-own' },
  },
  {
    path: '/',
    component: () => import('@/components/layout/AppLayout.vue'),
    redirect: '/catalog/resources',
    children: layoutRoutes,
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('@/views/error/NotFound.vue'),
    props: { forbidden: true },
    meta: { titleKey: 'menu.notFound', public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/NotFound.vue'),
    meta: { titleKey: 'menu.notFound', public: true },
  },
]
