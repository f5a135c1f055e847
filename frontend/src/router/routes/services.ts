import type { Area } from './types'

/** services is the technical services of the tech platforms (共性技术服务平台): the catalogue of
 * offerings across the city and an offering's page, an SME's requests and the platforms' queue,
 * a request with its quote, work, delivery, thread and rating, and the platforms' offerings. */
export const services: Area = {
  shell: {
    path: 'services',
    meta: { titleKey: 'menu.services', icon: 'Service', roles: ['sme', 'manager', 'admin'] },
    children: [
      {
        path: 'catalogue',
        name: 'service-catalogue',
        component: () => import('@/views/services/catalogue/index.vue'),
        meta: { titleKey: 'menu.serviceCatalogue', icon: 'Shop', roles: ['sme', 'admin'] },
      },
      {
        path: 'offerings/:id(\\d+)',
        name: 'service-offering',
        props: true,
        component: () => import('@/views/services/offering/index.vue'),
        meta: { titleKey: 'menu.offering', hideInMenu: true, roles: ['sme', 'manager', 'admin'] },
      },
      {
        path: 'requests/new',
        name: 'service-request-new',
        component: () => import('@/views/services/request-new/index.vue'),
        meta: { titleKey: 'menu.newRequest', hideInMenu: true, roles: ['sme'] },
      },
      {
        path: 'requests',
        name: 'my-service-requests',
        component: () => import('@/views/services/requests/index.vue'),
        props: { queue: false },
        meta: { titleKey: 'menu.myRequests', icon: 'Document', roles: ['sme', 'admin'] },
      },
      {
        path: 'queue',
        name: 'service-queue',
        component: () => import('@/views/services/requests/index.vue'),
        props: { queue: true },
        meta: { titleKey: 'menu.serviceQueue', icon: 'Finished', roles: ['manager', 'admin'] },
      },
      {
        path: 'requests/:id(\\d+)',
        name: 'service-request',
        props: true,
        component: () => import('@/views/services/request-detail/index.vue'),
        meta: { titleKey: 'menu.requestDetail', hideInMenu: true, roles: ['sme', 'manager', 'admin'] },
      },
      {
        path: 'manage/offerings',
        name: 'service-offerings',
        component: () => import('@/views/services/offerings/index.vue'),
        meta: { titleKey: 'menu.offerings', icon: 'Box', roles: ['manager', 'admin'] },
      },
    ],
  },
}
