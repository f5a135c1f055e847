import type { Area } from './types'

/** home is the home page (工作台) every signed-in user lands on: what their role has to do next. */
export const home: Area = {
  shell: {
    path: 'home',
    name: 'home',
    component: () => import('@/views/home/index.vue'),
    meta: { titleKey: 'menu.home', icon: 'House' },
  },
}
