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
	return page[BlackoutRow](filter(d.R(ctx).Table("blackouts b")), filter(d.R(ctx).Table("blackouts b").Select("b.*, r.name AS resource_name").
		Joins("LEFT JOIN resources r ON r.id = b.resource_id")).
		Order("b.start_at, b.id"), limit, offset)
}

// BlackoutByID loads a blackout.
func (d *DB) BlackoutByID(ctx context.Context, id int64) (Blackout, error) {
	return first[Blackout](d.R(ctx), id)
}

// DeleteBlackout deletes a blackout.
func (d *DB) DeleteBlackout(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Blackout{}, id).Error
}

// BlackoutsOverlapping lists the blackouts of a facility (its own and its resources') that
// overlap [from, to).
func (d *DB) BlackoutsOverlapping(ctx context.Context, facilityID int64, from, to time.Time) ([]Blackout, error) {
	var out []Blackout
	err := d.R(ctx).Where("facility_id = ? AND start_at < ? AND end_at > ?", facilityID, to.UTC(), from.UTC()).
		Order("start_at").Find(&out).Error
	return out, err
}
