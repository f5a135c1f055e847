package models

import (
	"context"
	"time"
)

// Credit event kinds.
const (
	CreditNoShow     = "no_show"
	CreditLateCancel = "late_cancel"
	CreditCleared    = "cleared"
)

// CreditEvent is one entry of a user's booking credit record (信用).
type CreditEvent struct {
	ID        int64
	UserID    int64
	Kind      string
	BookingID *int64
	Points    int
	Note      string
	CreatedBy *int64
	CreatedAt time.Time
}

// InsertCreditEvent records one entry of a user's credit record.
func (d *DB) InsertCreditEvent(ctx context.Context, e *CreditEvent) error {
	return d.W(ctx).Create(e).Error
}

// CreditEventsSince lists a user's credit events at or after since, oldest first.
func (d *DB) CreditEventsSince(ctx context.Context, userID int64, since time.Time) ([]CreditEvent, error) {
	var out []CreditEvent
	err := d.R(ctx).Where("user_id = ? AND created_at >= ?", userID, since.UTC()).Order("created_at, id").Find(&out).Error
	return out, err
}

// RecentCreditEvents lists a user's latest credit events, newest first.
func (d *DB) RecentCreditEvents(ctx context.Context, userID int64, limit int) ([]CreditEvent, error) {
	var out []CreditEvent
	err := d.R(ctx).Where("user_id = ?", userID).Order("created_at DESC, id DESC").Limit(limit).Find(&out).Error
	return out, err
}

// SetBookingSuspension sets (or, with nil, lifts) a user's booking suspension.
func (d *DB) SetBookingSuspension(ctx context.Context, userID int64, until *time.Time) error {
	var v any
	if until != nil {
		v = until.UTC()
	}
	return d.W(ctx).Model(&User{}).Where("id = ?", userID).UpdateColumn("booking_suspended_until", v).Error
}

// UserBookedInFacilities reports whether a user has any booking of a resource in one of the
// facilities.
func (d *DB) UserBookedInFacilities(ctx context.Context, userID int64, facilityIDs []int64) (bool, error) {
	if len(facilityIDs) == 0 {
		return false, nil
	}
	var n int64
	err := d.R(ctx).Model(&Booking{}).Joins("JOIN resources ON resources.id = bookings.resource_id").
		Where("bookings.user_id = ? AND resources.facility_id IN ?", userID, facilityIDs).Limit(1).Count(&n).Error
	return n > 0, err
}
