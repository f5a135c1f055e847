package models

import (
	"context"
	"time"
)

// Sources of a user's qualification.
const (
	QualificationSourceManual = "manual" // granted by hand by a manager or admin
	QualificationSourceCourse = "course" // earned by passing a course
	QualificationSourceSeed   = "seed"   // demo data
)

// ListQualifications lists every qualification by code.
func (d *DB) ListQualifications(ctx context.Context, limit, offset int) ([]Qualification, int64, error) {
	return page[Qualification](d.R(ctx).Model(&Qualification{}), d.R(ctx).Order("code"), limit, offset)
}

// QualificationByID loads a qualification.
func (d *DB) QualificationByID(ctx context.Context, id int64) (Qualification, error) {
	return first[Qualification](d.R(ctx), id)
}

// QualificationsByIDs loads qualifications by id, in one query.
func (d *DB) QualificationsByIDs(ctx context.Context, ids []int64) (map[int64]Qualification, error) {
	out := map[int64]Qualification{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Qualification
	if err := d.R(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, q := range rows {
		out[q.ID] = q
	}
	return out, nil
}

// UserQualificationRow is a qualification a user holds, with the qualification itself.
type UserQualificationRow struct {
	UserQualification
	Code   string
	Name   string
	NameEn string
}

// UserQualifications lists the qualifications a user holds, expired ones included.
func (d *DB) UserQualifications(ctx context.Context, userID int64) ([]UserQualificationRow, error) {
	var out []UserQualificationRow
	err := d.R(ctx).Table("user_qualifications uq").
		Select("uq.*, q.code, q.name, q.name_en").
		Joins("JOIN qualifications q ON q.id = uq.qualification_id").
		Where("uq.user_id = ?", userID).Order("q.code").Scan(&out).Error
	return out, err
}

// UserQualificationFor loads the grant of one qualification to a user.
func (d *DB) UserQualificationFor(ctx context.Context, userID, qualificationID int64) (UserQualification, error) {
	return first[UserQualification](d.R(ctx).Where("user_id = ? AND qualification_id = ?", userID, qualificationID))
}

// SaveUserQualification grants a qualification to a user, or renews the grant they hold: the
// row of (user, qualification) is unique, and losing a race to insert it is ErrRetry.
func (d *DB) SaveUserQualification(ctx context.Context, uq *UserQualification) error {
	old, err := d.UserQualificationFor(ctx, uq.UserID, uq.QualificationID)
	if IsNotFound(err) {
		return raced(d.W(ctx).Create(uq).Error)
	}
	if err != nil {
		return err
	}
	uq.ID = old.ID
	// A renewal is a new grant: it names its own enrolment, and its expiry is warned of afresh.
	return d.W(ctx).Model(&UserQualification{}).Where("id = ?", old.ID).Updates(map[string]any{
		"granted_at": uq.GrantedAt, "expires_at": uq.ExpiresAt, "granted_by": uq.GrantedBy, "source": uq.Source,
		"enrollment_id": uq.EnrollmentID, "warned_month_at": nil, "warned_week_at": nil,
	}).Error
}

// DeleteUserQualification revokes a qualification and reports whether the user held it.
func (d *DB) DeleteUserQualification(ctx context.Context, userID, qualificationID int64) (bool, error) {
	res := d.W(ctx).Where("user_id = ? AND qualification_id = ?", userID, qualificationID).Delete(&UserQualification{})
	return res.RowsAffected > 0, res.Error
}

// UserHoldsQualificationIssuedBy reports whether a user holds a qualification, expired or
// not, that one of the facilities issues.
func (d *DB) UserHoldsQualificationIssuedBy(ctx context.Context, userID int64, facilityIDs []int64) (bool, error) {
	if len(facilityIDs) == 0 {
		return false, nil
	}
	var n int64
	err := d.R(ctx).Model(&UserQualification{}).
		Joins("JOIN qualifications ON qualifications.id = user_qualifications.qualification_id").
		Where("user_qualifications.user_id = ? AND qualifications.owner_facility_id IN ?", userID, facilityIDs).
		Limit(1).Count(&n).Error
	return n > 0, err
}

// HasQualification reports whether a user holds a qualification that has not expired at now.
func (d *DB) HasQualification(ctx context.Context, userID, qualificationID int64, now time.Time) (bool, error) {
	var n int64
	err := d.R(ctx).Model(&UserQualification{}).
		Where("user_id = ? AND qualification_id = ? AND (expires_at IS NULL OR expires_at > ?)", userID, qualificationID, now.UTC()).
		Count(&n).Error
	return n > 0, err
}
