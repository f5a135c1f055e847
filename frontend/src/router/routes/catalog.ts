import type { Area } from './types'

/** catalog is what can be booked: facilities and their resources, and their blackouts. */
export const catalog: Area = {
  shell: {
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
      {
        path: 'blackouts',
        name: 'blackouts',
        component: () => import('@/views/catalog/blackouts/index.vue'),
        meta: { titleKey: 'menu.blackouts', perm: 'catalog:blackout:edit', icon: 'CircleClose' },
      },
    ],
  },
}
