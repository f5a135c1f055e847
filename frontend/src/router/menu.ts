import type { RouteMeta, RouteRecordRaw } from 'vue-router'
import type { MessageKey } from '@/locales'
import { hasRole, type User } from '@/types'

/** MenuItem is one entry of the side menu, built from the route table. */
export interface MenuItem {
  /** name is the route's name, or its path for a group; tests find entries by it. */
  name: string
  path: string
  titleKey: MessageKey
  icon?: string
  children: MenuItem[]
}

/** allowed reports whether a user may open a route with this meta: the role and the permission
 * code must both fit when the route names them. The server checks every request again. */
export function allowed(meta: RouteMeta | undefined, user: User | null): boolean {
  if (!meta || meta.public) return true
  if (!user) return false
  if (meta.roles && !hasRole(user.role, meta.roles)) return false
  if (meta.perm && !user.permissions.includes(meta.perm)) return false
  return true
}

function join(base: string, path: string): string {
  if (path.startsWith('/')) return path
  return `${base.replace(/\/$/, '')}/${path}`
}

/** buildMenu turns the route table into the menu the user may see: routes with a title that are
 * not hidden and are allowed, groups only when something in them is left. */
export function buildMenu(routes: readonly RouteRecordRaw[], user: User | null, base = '/'): MenuItem[] {
  const items: MenuItem[] = []
  for (const r of routes) {
    const meta = r.meta
    if (!meta?.titleKey || meta.hideInMenu || !allowed(meta, user)) continue
    const path = join(base, r.path)
    const children = r.children ? buildMenu(r.children, user, path) : []
    if (r.children && children.length === 0) continue
    items.push({
      name: typeof r.name === 'string' ? r.name : path,
      path,
      titleKey: meta.titleKey,
      icon: meta.icon,
      children,
    })
  }
  return items
}
