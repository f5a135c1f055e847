package app

import (
	"context"
	"slices"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"cqshare/models"
)

// NewUser is an account created by an administrator (or the demo seed).
type NewUser struct {
	Email          string
	Password       string
	Name           string
	Role           string
	OrganizationID *int64
	// ManagedFacilityIDs are the facilities a manager manages.
	ManagedFacilityIDs []int64
}

// CreateUser creates an account of any role; only admins (and System) may.
func (a *App) CreateUser(ctx context.Context, ac Actor, in NewUser) (models.User, error) {
	if !ac.IsAdmin() {
		return models.User{}, ErrForbidden
	}
	return a.createUser(ctx, in)
}

func (a *App) createUser(ctx context.Context, in NewUser) (models.User, error) {
	if !slices.Contains(models.Roles, in.Role) {
		return models.User{}, ValidationError(map[string]string{"role": "unknown role"})
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(in.Password), a.cfg.PasswordCost)
	if err != nil {
		return models.User{}, err
	}
	u := models.User{Email: normalizeEmail(in.Email), PasswordHash: string(hash), Name: strings.TrimSpace(in.Name),
		Role: in.Role, OrganizationID: in.OrganizationID, Active: true}
	err = a.tx(ctx, func(ctx context.Context) error {
		if err := a.db.CreateUser(ctx, &u); err != nil {
			if models.IsDuplicate(err) {
				return ErrEmailTaken
			}
			return err
		}
		for _, fid := range in.ManagedFacilityIDs {
			if err := a.db.AddFacilityManager(ctx, fid, u.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return u, err
}
