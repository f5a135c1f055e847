package app

import (
	"context"
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
	// ManagedFacilityIDs are the facilities a manager manages.
	ManagedFacilityIDs []int64
}

// System is the actor of the server itself: the demo seed, command-line tools and jobs. It has
// the admin role and no user row, so audit records show no person.
var System = Actor{Role: models.RoleAdmin, Name: "system"}

// IsAdmin reports whether the actor is a consortium/city administrator.
func (ac Actor) IsAdmin() bool { return ac.Role == models.RoleAdmin }

// ManagesFacility reports whether the actor may manage the facility: admins everywhere,
// managers only where assigned.
func (ac Actor) ManagesFacility(facilityID int64) bool {
	return ac.IsAdmin() || (ac.Role == models.RoleManager && slices.Contains(ac.ManagedFacilityIDs, facilityID))
}

// Permissions lists the permission codes (module:resource:action) the role grants; the UI shows
// what they allow, the server checks every request itself.
func (ac Actor) Permissions() []string {
	base := []string{"catalog:resource:view", "booking:booking:create", "booking:booking:view-own"}
	switch ac.Role {
	case models.RoleTeacher:
		return append(base, "booking:recurring:create")
	case models.RoleManager:
		return append(base, "catalog:resource:edit", "catalog:blackout:edit", "booking:booking:approve",
			"booking:booking:view-facility", "credit:user:clear", "device:token:manage")
	case models.RoleAdmin:
		return append(base, "catalog:resource:edit", "catalog:blackout:edit", "booking:booking:approve",
			"booking:booking:view-facility", "credit:user:clear", "device:token:manage",
			"catalog:consortium:edit", "catalog:organization:edit", "catalog:facility:edit",
			"admin:user:edit", "admin:job:run", "booking:recurring:create")
	}
	return base
}

// requireRole fails with ErrForbidden unless the actor has one of the roles.
func requireRole(ac Actor, roles ...string) error {
	if slices.Contains(roles, ac.Role) {
		return nil
	}
	return ErrForbidden
}

// requireFacilityManager fails with ErrForbidden unless the actor manages the facility.
func requireFacilityManager(ac Actor, facilityID int64) error {
	if ac.ManagesFacility(facilityID) {
		return nil
	}
	return ErrForbidden
}

// actorFor loads the actor for a user: role and managed facilities.
func (a *App) actorFor(ctx context.Context, u models.User) (Actor, error) {
	ac := Actor{UserID: u.ID, Role: u.Role, Name: u.Name, Email: u.Email, OrganizationID: u.OrganizationID}
	if u.Role == models.RoleManager {
		ids, err := a.db.ManagedFacilityIDs(ctx, u.ID)
		if err != nil {
			return ac, err
		}
		ac.ManagedFacilityIDs = ids
	}
	return ac, nil
}
