package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
)

// UserFilter selects user accounts.
type UserFilter struct {
	Query          string // in the e-mail address or name
	Role           string
	OrganizationID int64
	Active         *bool
	Pending        *bool // waiting for approval
	InConsortium   int64 // keeps the people of the consortium (see inConsortium)
}

// UserRow is a user account with its organization's name.
type UserRow struct {
	User
	OrganizationName *string
}

func (d *DB) userQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("users u").Select("u.*, o.name AS organization_name").
		Joins("LEFT JOIN organizations o ON o.id = u.organization_id")
}

// ListUsers lists one page of the accounts that match, by id, and how many match.
func (d *DB) ListUsers(ctx context.Context, f UserFilter, limit, offset int) ([]UserRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.Role != "" {
			q = q.Where("u.role = ?", f.Role)
		}
		if f.OrganizationID != 0 {
			q = q.Where("u.organization_id = ?", f.OrganizationID)
		}
		if f.Active != nil {
			q = q.Where("u.active = ?", *f.Active)
		}
		if f.Pending != nil {
			q = q.Where("u.pending = ?", *f.Pending)
		}
		q = inConsortium(q, f.InConsortium)
		// E-mail addresses are stored in lower case and compared byte for byte on MySQL.
		return whereContains(q, strings.ToLower(f.Query), "u.email", "u.name")
	}
	return page[UserRow](filter(d.R(ctx).Table("users u")), filter(d.userQuery(ctx)).Order("u.id"), limit, offset)
}

// inConsortium keeps the people of a consortium (all when it is 0): those of its member
// organizations, the managers of its facilities and its administrators.
func inConsortium(q *gorm.DB, consortiumID int64) *gorm.DB {
	if consortiumID == 0 {
		return q
	}
	return q.Where(`(u.admin_consortium_id = ? OR u.organization_id IN (SELECT organization_id FROM consortium_members WHERE consortium_id = ?)
		OR u.id IN (SELECT fm.user_id FROM facility_managers fm JOIN facilities f ON f.id = fm.facility_id WHERE f.consortium_id = ?))`,
		consortiumID, consortiumID, consortiumID)
}

// UserRowByID loads an account with its organization's name, if it is one of the people of
// the consortium (any account when it is 0).
func (d *DB) UserRowByID(ctx context.Context, id, consortiumID int64) (UserRow, error) {
	var out []UserRow
	if err := inConsortium(d.userQuery(ctx), consortiumID).Where("u.id = ?", id).Scan(&out).Error; err != nil {
		return UserRow{}, err
	}
	if len(out) == 0 {
		return UserRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// UsersByIDs loads the accounts with the ids, in one query.
func (d *DB) UsersByIDs(ctx context.Context, ids []int64) ([]User, error) {
	var out []User
	if len(ids) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("id IN ?", ids).Order("id").Find(&out).Error
	return out, err
}

// ManagedFacilityIDsOf lists the facilities each of the users manages, in one query.
func (d *DB) ManagedFacilityIDsOf(ctx context.Context, userIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []FacilityManager
	if err := d.R(ctx).Where("user_id IN ?", userIDs).Order("user_id, facility_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.UserID] = append(out[r.UserID], r.FacilityID)
	}
	return out, nil
}

// SetManagedFacilities replaces the facilities a user manages (ErrRetry when a concurrent
// replacement inserted first).
func (d *DB) SetManagedFacilities(ctx context.Context, userID int64, facilityIDs []int64) error {
	if err := d.W(ctx).Where("user_id = ?", userID).Delete(&FacilityManager{}).Error; err != nil {
		return err
	}
	for _, fid := range facilityIDs {
		if err := d.AddFacilityManager(ctx, fid, userID); err != nil {
			return raced(err)
		}
	}
	return nil
}

// ApproveUser activates an account that waits for approval; it reports false when the account
// is not (or no longer) waiting.
func (d *DB) ApproveUser(ctx context.Context, id int64, now time.Time) (bool, error) {
	res := d.W(ctx).Model(&User{}).Where("id = ? AND pending = ?", id, true).
		Updates(map[string]any{"pending": false, "active": true, "updated_at": now.UTC()})
	return res.RowsAffected == 1, res.Error
}

// DeletePendingUser removes an account that waits for approval (a rejected registration); what
// may hang on it before it ever signed in (managed facilities, qualifications) goes with it. It
// reports false when the account is not (or no longer) waiting.
func (d *DB) DeletePendingUser(ctx context.Context, id int64) (bool, error) {
	res := d.W(ctx).Where("id = ? AND pending = ?", id, true).Delete(&User{})
	return res.RowsAffected == 1, res.Error
}

// DeleteUserSessions ends every session of a user (a deactivated account).
func (d *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return d.W(ctx).Where("user_id = ?", userID).Delete(&Session{}).Error
}

// CountUsers counts every account.
func (d *DB) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := d.R(ctx).Model(&User{}).Count(&n).Error
	return n, err
}
