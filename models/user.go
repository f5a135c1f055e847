package models

import (
	"context"
	"time"
)

// Roles a user can have.
const (
	RoleStudent    = "student"
	RoleTeacher    = "teacher"
	RoleSME        = "sme"
	RoleInstructor = "instructor"
	RoleManager    = "manager"
	// RoleConsortiumAdmin administers one consortium (联合体管理员): its members, its facilities
	// and their managers, its reports.
	RoleConsortiumAdmin = "consortium_admin"
	// RoleAdmin is the city administrator, who sees and manages everything.
	RoleAdmin = "admin"
)

// Roles lists every role.
var Roles = []string{RoleStudent, RoleTeacher, RoleSME, RoleInstructor, RoleManager, RoleConsortiumAdmin, RoleAdmin}

// User is an account.
type User struct {
	ID             int64
	Email          string
	PasswordHash   string
	Name           string
	Role           string
	OrganizationID *int64
	// StudentNumber is a student's number (学号) at their organization, unique there: roster
	// imports and campus sign-on find the account by it.
	StudentNumber *string
	// AdminConsortiumID is the consortium a consortium administrator administers (only theirs).
	AdminConsortiumID *int64
	Active            bool
	// Pending marks a self-registered account that waits for an administrator's approval (a
	// teacher, an SME user, a new member of an existing organization); it is inactive until then.
	Pending bool
	// BookingSuspendedUntil is set when late cancellations and no-shows pass the credit
	// threshold (信用): the user cannot book until then.
	BookingSuspendedUntil *time.Time
	// Language is the one the user reads e-mails in (zh-CN or en).
	Language string `gorm:"default:zh-CN"`
	// AnonymizedAt is set when the account was anonymised on its owner's request (AnonymizeUser).
	AnonymizedAt *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Session is a login; only the SHA-256 of its token is stored.
type Session struct {
	ID         int64
	UserID     int64
	TokenHash  string
	CSRFToken  string `gorm:"column:csrf_token"`
	IP         string `gorm:"column:ip"`
	UserAgent  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
}

// CreateUser inserts a user.
func (d *DB) CreateUser(ctx context.Context, u *User) error {
	return d.W(ctx).Create(u).Error
}

// UserByID loads a user.
func (d *DB) UserByID(ctx context.Context, id int64) (User, error) {
	return first[User](d.R(ctx), id)
}

// UserByEmail loads a user by e-mail address, in its canonical form (core.NormalizeEmail), which
// the column compares byte for byte.
func (d *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	return first[User](d.R(ctx).Where("email = ?", email))
}

// UpdatePasswordHash sets a user's password hash.
func (d *DB) UpdatePasswordHash(ctx context.Context, userID int64, hash string) error {
	return d.W(ctx).Model(&User{}).Where("id = ?", userID).
		Updates(map[string]any{"password_hash": hash, "updated_at": time.Now().UTC()}).Error
}

// CreateSession inserts a session.
func (d *DB) CreateSession(ctx context.Context, s *Session) error {
	return d.W(ctx).Create(s).Error
}

// SessionByTokenHash loads an unexpired session with its user.
func (d *DB) SessionByTokenHash(ctx context.Context, hash string, now time.Time) (Session, User, error) {
	var s Session
	if err := d.R(ctx).Where("token_hash = ? AND expires_at > ?", hash, now).First(&s).Error; err != nil {
		return s, User{}, err
	}
	u, err := d.UserByID(ctx, s.UserID)
	return s, u, err
}

// TouchSession extends a session's expiry after use.
func (d *DB) TouchSession(ctx context.Context, id int64, now, expires time.Time) error {
	return d.W(ctx).Model(&Session{}).Where("id = ?", id).
		Updates(map[string]any{"last_seen_at": now, "expires_at": expires}).Error
}

// DeleteSession removes one session (logout).
func (d *DB) DeleteSession(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Session{}, id).Error
}

// DeleteUserSessionsExcept removes a user's other sessions (after a password change).
func (d *DB) DeleteUserSessionsExcept(ctx context.Context, userID, keepID int64) error {
	return d.W(ctx).Where("user_id = ? AND id <> ?", userID, keepID).Delete(&Session{}).Error
}

// DeleteExpiredSessions removes sessions past their expiry and returns how many.
func (d *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res := d.W(ctx).Where("expires_at <= ?", now).Delete(&Session{})
	return res.RowsAffected, res.Error
}

// ConsortiumFacilityIDs lists the facilities of a consortium.
func (d *DB) ConsortiumFacilityIDs(ctx context.Context, consortiumID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&Facility{}).Where("consortium_id = ?", consortiumID).Order("id").Pluck("id", &ids).Error
	return ids, err
}

// ManagedFacilityIDs lists the facilities a user manages.
func (d *DB) ManagedFacilityIDs(ctx context.Context, userID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&FacilityManager{}).Where("user_id = ?", userID).Order("facility_id").Pluck("facility_id", &ids).Error
	return ids, err
}

// AddFacilityManager makes a user a manager of a facility.
func (d *DB) AddFacilityManager(ctx context.Context, facilityID, userID int64) error {
	return d.W(ctx).Create(&FacilityManager{FacilityID: facilityID, UserID: userID}).Error
}

// GuardUserBookings writes the user's row so that concurrent bookings by the same user (whose
// weekly quota depends on each other) conflict and run one after the other on every engine.
func (d *DB) GuardUserBookings(ctx context.Context, userID int64, now time.Time) error {
	return d.W(ctx).Model(&User{}).Where("id = ?", userID).UpdateColumn("updated_at", now.UTC()).Error
}
