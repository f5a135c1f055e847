package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// BlackoutKinds lists every blackout kind.
var BlackoutKinds = []string{BlackoutClosure, BlackoutMakeup}

// BlackoutFilter selects blackouts of a facility, or those that apply to one of its resources
// (its own and the facility-wide ones), overlapping [From, To) where set.
type BlackoutFilter struct {
	FacilityID int64
	ResourceID int64
	From, To   *time.Time
}

// BlackoutRow is a blackout with the name of its resource, if it has one.
type BlackoutRow struct {
	Blackout
	ResourceName *string
}

// ListBlackouts lists one page of the blackouts that match, by start, and how many match.
func (d *DB) ListBlackouts(ctx context.Context, f BlackoutFilter, limit, offset int) ([]BlackoutRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		q = q.Where("b.facility_id = ?", f.FacilityID)
		if f.ResourceID != 0 {
			q = q.Where("(b.resource_id IS NULL OR b.resource_id = ?)", f.ResourceID)
		}
		if f.From != nil {
			q = q.Where("b.end_at > ?", f.From.UTC())
		}
		if f.To != nil {
			q = q.Where("b.start_at < ?", f.To.UTC())
		}
		return q
	}
	var total int64
	if err := filter(d.R(ctx).Table("blackouts b")).Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var out []BlackoutRow
	err := filter(d.R(ctx).Table("blackouts b").Select("b.*, r.name AS resource_name").
		Joins("LEFT JOIN resources r ON r.id = b.resource_id")).
		Order("b.start_at, b.id").Limit(limit).Offset(offset).Scan(&out).Error
	return out, total, err
}

// BlackoutByID loads a blackout.
func (d *DB) BlackoutByID(ctx context.Context, id int64) (Blackout, error) {
	var b Blackout
	err := d.R(ctx).First(&b, id).Error
	return b, err
}

// DeleteBlackout deletes a blackout.
func (d *DB) DeleteBlackout(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Blackout{}, id).Error
}
