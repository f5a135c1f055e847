package core

import (
	"slices"

	"cqshare/models"
)

// Actor is the signed-in user a request acts for, with the scope their role grants.
type Actor struct {
	UserID         int64
	Role           string
	Name           string
	Email          string
	OrganizationID *int64
	// ConsortiumID is the consortium a consortium administrator administers.
	ConsortiumID *int64
	// ManagedFacilityIDs are the facilities a manager manages, or all of a consortium
	// administrator's consortium.
	ManagedFacilityIDs []int64
}

// System is the actor of the server itself: the demo seed, command-line tools and jobs. It has
// the admin role and no user row, so audit records show no person.
var System = Actor{Role: models.RoleAdmin, Name: "system"}

// IsAdmin reports whether the actor is the city administrator, who sees everything.
func (ac Actor) IsAdmin() bool { return ac.Role == models.RoleAdmin }

// AdministersConsortium reports whether the actor administers the consortium: the city
// administrator every one, a consortium administrator only theirs.
func (ac Actor) AdministersConsortium(consortiumID int64) bool {
	return ac.IsAdmin() || ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil && *ac.ConsortiumID == consortiumID
}

// ScopedToFacilities reports whether the actor manages the facilities listed in
// ManagedFacilityIDs and no others: a manager or a consortium administrator.
func (ac Actor) ScopedToFacilities() bool {
	return ac.Role == models.RoleManager || ac.Role == models.RoleConsortiumAdmin
}

// IsStaff reports whether the actor manages facilities: the city administrator, a manager or a
// consortium administrator.
func (ac Actor) IsStaff() bool { return ac.IsAdmin() || ac.ScopedToFacilities() }

// ManagesFacility reports whether the actor may manage the facility: the city administrator
// everywhere, a manager where assigned, a consortium administrator in their consortium.
func (ac Actor) ManagesFacility(facilityID int64) bool {
	return ac.IsAdmin() || ac.ScopedToFacilities() && slices.Contains(ac.ManagedFacilityIDs, facilityID)
}

// Permission is a permission code (module:resource:action): the UI shows what it allows, the
// server checks every request itself.
type Permission string

// The permission codes; the API document lists the same as the enum Permission.
const (
	PermResourceView        Permission = "catalog:resource:view"
	PermResourceEdit        Permission = "catalog:resource:edit"
	PermBlackoutEdit        Permission = "catalog:blackout:edit"
	PermConsortiumEdit      Permission = "catalog:consortium:edit"
	PermOrganizationEdit    Permission = "catalog:organization:edit"
	PermFacilityEdit        Permission = "catalog:facility:edit"
	PermBookingCreate       Permission = "booking:booking:create"
	PermBookingViewOwn      Permission = "booking:booking:view-own"
	PermBookingViewFacility Permission = "booking:booking:view-facility"
	PermBookingApprove      Permission = "booking:booking:approve"
	PermRecurringCreate     Permission = "booking:recurring:create"
	PermCreditClear         Permission = "credit:user:clear"
	PermDeviceTokenManage   Permission = "device:token:manage"
	PermUserEdit            Permission = "admin:user:edit"
	PermJobRun              Permission = "admin:job:run"
)

// AllPermissions lists every permission code once.
var AllPermissions = []Permission{PermResourceView, PermResourceEdit, PermBlackoutEdit, PermConsortiumEdit,
	PermOrganizationEdit, PermFacilityEdit, PermBookingCreate, PermBookingViewOwn, PermBookingViewFacility,
	PermBookingApprove, PermRecurringCreate, PermCreditClear, PermDeviceTokenManage, PermUserEdit, PermJobRun}

// rolePermissions are the codes each role grants beyond those of everyone.
var rolePermissions = map[string][]Permission{
	models.RoleTeacher: {PermRecurringCreate},
	models.RoleManager: {PermResourceEdit, PermBlackoutEdit, PermBookingApprove, PermBookingViewFacility,
		PermCreditClear, PermDeviceTokenManage},
	models.RoleConsortiumAdmin: {PermResourceEdit, PermBlackoutEdit, PermBookingApprove, PermBookingViewFacility,
		PermCreditClear, PermDeviceTokenManage, PermConsortiumEdit, PermFacilityEdit, PermUserEdit, PermRecurringCreate},
	models.RoleAdmin: {PermResourceEdit, PermBlackoutEdit, PermBookingApprove, PermBookingViewFacility,
		PermCreditClear, PermDeviceTokenManage, PermConsortiumEdit, PermOrganizationEdit, PermFacilityEdit,
		PermUserEdit, PermJobRun, PermRecurringCreate},
}

// Permissions lists the permission codes the role grants.
func (ac Actor) Permissions() []Permission {
	return append([]Permission{PermResourceView, PermBookingCreate, PermBookingViewOwn}, rolePermissions[ac.Role]...)
}

// RequireRole fails with ErrForbidden unless the actor has one of the roles.
func RequireRole(ac Actor, roles ...string) error {
	if slices.Contains(roles, ac.Role) {
		return nil
	}
	return ErrForbidden
}

// RequireConsortiumAdmin fails with ErrForbidden unless the actor administers the consortium.
func RequireConsortiumAdmin(ac Actor, consortiumID int64) error {
	if ac.AdministersConsortium(consortiumID) {
		return nil
	}
	return ErrForbidden
}

// RequireFacilityManager fails with ErrForbidden unless the actor manages the facility.
func RequireFacilityManager(ac Actor, facilityID int64) error {
	if ac.ManagesFacility(facilityID) {
		return nil
	}
	return ErrForbidden
}
