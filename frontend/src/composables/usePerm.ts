import { useAuthStore } from '@/stores/auth'
import { hasRole, type Permission, type Role } from '@/types'

/** usePerm answers what the signed-in user's role and permission codes allow the UI to show. */
export function usePerm() {
  const auth = useAuthStore()
  return {
    /** has reports whether the user holds the permission code (module:resource:action). */
    has: (code: Permission) => auth.permissions.has(code),
    /** is reports whether the user has one of the roles (see hasRole). */
    is: (...roles: Role[]) => !!auth.user && hasRole(auth.user.role, roles),
    /** manages reports whether the user may manage the facility: the city administrator all,
     * managers and consortium administrators theirs. */
    manages: (facilityID: number) =>
      !!auth.user &&
      (auth.user.role === 'admin' ||
        (hasRole(auth.user.role, ['manager']) && auth.user.managed_facility_ids.includes(facilityID))),
  }
}
