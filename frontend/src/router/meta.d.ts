import 'vue-router'
import type { MessageKey } from '@/locales'
import type { Permission, Role } from '@/types'

declare module 'vue-router' {
  interface RouteMeta {
    /** titleKey is the i18n key of the page title and menu entry. */
    titleKey?: MessageKey
    /** perm is the permission code (module:resource:action) the page needs. */
    perm?: Permission
    /** roles limits the page to these roles. */
    roles?: Role[]
    /** icon names an Element Plus icon for the menu. */
    icon?: string
    /** public pages need no sign-in (login, registration). */
    public?: boolean
    /** hideInMenu keeps a page (a detail page) out of the menu. */
    hideInMenu?: boolean
  }
}
