import type { Area } from './types'

/** training is the training bases: the course catalogue and a course's sessions, one's courses
 * and learning record, the instructor's sessions and rosters; the certificate sheet, the
 * sign-in pages and the projector's sign-in screen stand alone, and the public certificate check
 * needs no sign-in. */
export const training: Area = {
  shell: {
    path: 'training',
    meta: { titleKey: 'menu.training', icon: 'Reading' },
    children: [
      {
        path: 'courses',
        name: 'courses',
        component: () => import('@/views/training/courses/index.vue'),
        meta: { titleKey: 'menu.courses', icon: 'Collection' },
      },
      {
        path: 'courses/:id(\\d+)',
        name: 'course',
        props: true,
        component: () => import('@/views/training/course-detail/index.vue'),
        meta: { titleKey: 'menu.courseDetail', hideInMenu: true },
      },
      {
        path: 'mine',
        name: 'my-courses',
        component: () => import('@/views/training/mine/index.vue'),
        meta: { titleKey: 'menu.myCourses', icon: 'Notebook' },
      },
      {
        path: 'record',
        name: 'learning-record',
        component: () => import('@/views/training/record/index.vue'),
        meta: { titleKey: 'menu.learningRecord', icon: 'Medal' },
      },
      {
        path: 'teach',
        name: 'teach',
        component: () => import('@/views/training/teach/index.vue'),
        meta: { titleKey: 'menu.teach', roles: ['instructor', 'manager', 'admin'], icon: 'Management' },
      },
      {
        path: 'sessions/:id(\\d+)/roster',
        name: 'roster',
        props: true,
        component: () => import('@/views/training/roster/index.vue'),
        meta: { titleKey: 'menu.roster', roles: ['instructor', 'manager', 'admin'], hideInMenu: true },
      },
    ],
  },
  standalone: [
    {
      path: '/training/certificates/:id(\\d+)',
      name: 'certificate',
      props: true,
      component: () => import('@/views/training/certificate/index.vue'),
      meta: { titleKey: 'menu.certificate' },
    },
    {
      path: '/training/signin',
      name: 'signin',
      component: () => import('@/views/training/signin/index.vue'),
      meta: { titleKey: 'menu.signin' },
    },
    {
      path: '/training/sessions/:id(\\d+)/signin-screen',
      name: 'signin-screen',
      props: true,
      component: () => import('@/views/training/signin-screen/index.vue'),
      meta: { titleKey: 'menu.signinScreen', roles: ['instructor', 'manager', 'admin'] },
    },
    {
      path: '/verify/:code',
      name: 'verify',
      props: true,
      component: () => import('@/views/training/verify/index.vue'),
      meta: { titleKey: 'menu.verify', public: true },
    },
  ],
}
