// The whole route table, put together from one file per area. A new area (training, services,
// reports) is a file here beside its views/<area>/ folder, added to `areas`.
import type { RouteRecordRaw } from 'vue-router'
import { admin } from './admin'
import { auth } from './auth'
import { booking } from './booking'
import { catalog } from './catalog'
import { error } from './error'
import { home } from './home'
import { governance } from './governance'
import { imports } from './imports'
import { league } from './league'
import { services } from './services'
import { training } from './training'
import { billing } from './billing'
import { annual } from './annual'
import { reports } from './reports'
import type { Area } from './types'

export type { Area } from './types'

/** areas in the order of the side menu. */
const areas: readonly Area[] = [
  home,
  catalog,
  booking,
  training,
  services,
  billing,
  reports,
  annual,
  league,
  governance,
  imports,
  admin,
  auth,
  error,
]

/** layoutRoutes are the pages inside the shell, a group per area; the side menu is built from them. */
export const layoutRoutes: RouteRecordRaw[] = areas.flatMap((a) => (a.shell ? [a.shell] : []))

// Addresses that pages had before they moved to their area, so bookmarks keep working.
const moved: RouteRecordRaw[] = [
  { path: '/manage/approvals', redirect: { name: 'approvals' } },
  { path: '/manage/bookings', redirect: { name: 'facility-bookings' } },
  { path: '/manage/blackouts', redirect: { name: 'blackouts' } },
]

/** routes is the whole route table; every page is loaded when first opened. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('@/components/layout/AppLayout.vue'),
    redirect: '/home',
    children: layoutRoutes,
  },
  ...areas.flatMap((a) => a.standalone ?? []),
  ...moved,
]
