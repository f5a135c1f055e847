import { describe, expect, it } from 'vitest'
import type { RouteRecordRaw } from 'vue-router'
import type { Permission, User } from '@/types'
import { allowed, buildMenu } from './menu'
import { layoutRoutes } from './routes'

function user(role: User['role'], permissions: Permission[]): User {
  return {
    id: 1,
    email: `${role}@demo.local`,
    name: role,
    role,
    organization_id: null,
    managed_facility_ids: [],
    consortium_id: null,
    permissions,
  }
}

const student = user('student', [
  'catalog:resource:view',
  'booking:booking:create',
  'booking:booking:view-own',
])
const manager = user('manager', [
  ...student.permissions,
  'booking:booking:approve',
  'booking:booking:view-facility',
  'catalog:blackout:edit',
])
const admin = user('admin', [
  ...manager.permissions,
  'admin:job:run',
  'admin:user:edit',
  'catalog:consortium:edit',
])

const names = (items: ReturnType<typeof buildMenu>): string[] =>
  items.flatMap((i) => [i.name, ...names(i.children)])

describe('allowed', () => {
  it.each([
    ['public page, nobody signed in', { public: true }, null, true],
    ['private page, nobody signed in', {}, null, false],
    ['permission held', { perm: 'catalog:resource:view' }, student, true],
    ['permission missing', { perm: 'booking:booking:approve' }, student, false],
    ['role listed', { roles: ['teacher', 'student'] }, student, true],
    ['role not listed', { roles: ['teacher'] }, student, false],
    ['role listed, permission missing', { roles: ['student'], perm: 'admin:job:run' }, student, false],
  ] as const)('%s', (_name, meta, u, want) => {
    expect(allowed({ ...meta, roles: 'roles' in meta ? [...meta.roles] : undefined }, u)).toBe(want)
  })
})

describe('buildMenu', () => {
  it('shows a student the catalog and their bookings, no management', () => {
    const got = names(buildMenu(layoutRoutes, student))
    expect(got).toEqual(expect.arrayContaining(['/catalog', 'resources', '/booking', 'my-bookings']))
    for (const page of ['approvals', 'facility-bookings', 'blackouts', '/admin']) {
      expect(got).not.toContain(page)
    }
  })

  it("shows a manager the facilities' queues in the booking area and the blackouts in the catalog", () => {
    const menu = buildMenu(layoutRoutes, manager)
    const group = (path: string) => names(menu.find((m) => m.path === path)?.children ?? [])
    expect(group('/booking')).toEqual(['my-bookings', 'notifications', 'approvals', 'facility-bookings'])
    expect(group('/catalog')).toEqual(['facilities', 'resources', 'blackouts'])
    expect(names(menu)).not.toContain('/admin')
  })

  it("shows a consortium administrator a manager's pages and their consortium's people, not the city's tools", () => {
    const got = names(
      buildMenu(
        layoutRoutes,
        user('consortium_admin', [...manager.permissions, 'admin:user:edit', 'catalog:consortium:edit']),
      ),
    )
    expect(got).toEqual(
      expect.arrayContaining([
        'approvals',
        'facility-bookings',
        'blackouts',
        'service-queue',
        'admin-users',
        'admin-consortia',
      ]),
    )
    for (const page of ['admin-jobs', 'admin-audit', 'admin-privacy', 'service-catalogue']) {
      expect(got).not.toContain(page)
    }
  })

  it('shows an administrator the administration group', () => {
    const got = names(buildMenu(layoutRoutes, admin))
    expect(got).toEqual(expect.arrayContaining(['/admin', 'admin-jobs', 'admin-users', 'admin-consortia']))
  })

  it('shows everyone the courses and their own record, and only those who teach or run a base the sessions to teach', () => {
    const training = (u: User) =>
      names(buildMenu(layoutRoutes, u).find((m) => m.path === '/training')?.children ?? [])
    expect(training(student)).toEqual(['courses', 'my-courses', 'learning-record'])
    expect(training(user('instructor', student.permissions))).toEqual([
      'courses',
      'my-courses',
      'learning-record',
      'teach',
    ])
    expect(training(manager)).not.toContain('teach')
  })

  it('shows an SME the service catalogue and its requests, a manager the queue and the offerings, an admin all', () => {
    const services = (u: User) =>
      names(buildMenu(layoutRoutes, u).find((m) => m.path === '/services')?.children ?? [])
    expect(services(user('sme', student.permissions))).toEqual(['service-catalogue', 'my-service-requests'])
    expect(services(manager)).toEqual(['service-queue', 'service-offerings'])
    expect(services(admin)).toEqual([
      'service-catalogue',
      'my-service-requests',
      'service-queue',
      'service-offerings',
    ])
    expect(services(student)).toEqual([])
  })

  it('leaves out detail pages and joins paths', () => {
    const routes: RouteRecordRaw[] = [
      {
        path: 'catalog',
        meta: { titleKey: 'menu.catalog' },
        children: [
          { path: 'resources', name: 'resources', component: {}, meta: { titleKey: 'menu.resources' } },
          {
            path: 'resources/:id',
            name: 'resource',
            component: {},
            meta: { titleKey: 'menu.resourceDetail', hideInMenu: true },
          },
        ],
      },
    ]
    expect(buildMenu(routes, student)).toEqual([
      {
        name: '/catalog',
        path: '/catalog',
        titleKey: 'menu.catalog',
        icon: undefined,
        children: [
          {
            name: 'resources',
            path: '/catalog/resources',
            titleKey: 'menu.resources',
            icon: undefined,
            children: [],
          },
        ],
      },
    ])
  })

  it('shows nothing to nobody', () => {
    expect(buildMenu(layoutRoutes, null)).toEqual([])
  })
})
