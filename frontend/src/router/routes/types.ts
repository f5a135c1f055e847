import type { RouteRecordRaw } from 'vue-router'

/**
 * Area is the pages of one bounded context (catalog, booking, admin, …): `shell` is its group
 * inside the app's shell, which becomes one group of the side menu; `standalone` are its pages
 * without the shell (sign-in, the phone's scan page).
 */
export interface Area {
  shell?: RouteRecordRaw
  standalone?: RouteRecordRaw[]
}
