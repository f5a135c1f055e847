import type { Area } from './types'

/** booking is the bookings: one's own and one's notifications, and the queues of the facilities
 * one manages; the scan page stands alone, for a phone at the resource. */
export const booking: Area = {
  shell: {
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
      {
        path: 'approvals',
        name: 'approvals',
        component: () => import('@/views/booking/approvals/index.vue'),
        meta: { titleKey: 'menu.approvals', perm: 'booking:booking:approve', icon: 'Stamp' },
      },
      {
        path: 'facility-bookings',
        name: 'facility-bookings',
        component: () => import('@/views/booking/facility-bookings/index.vue'),
        meta: { titleKey: 'menu.facilityBookings', perm: 'booking:booking:view-facility', icon: 'List' },
      },
    ],
  },
  standalone: [
    {
      path: '/scan/:resourceId(\\d+)',
      name: 'scan',
      props: true,
      component: () => import('@/views/booking/scan/index.vue'),
      meta: { titleKey: 'menu.scan', perm: 'booking:booking:view-own' },
    },
  ],
}
