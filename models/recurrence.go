package models

import (
	"context"
	"time"
)

// Recurrence groups the occurrences of a recurring booking (a teacher's weekly class slot).
type Recurrence struct {
	ID         int64
	UserID     int64
	ResourceID int64
	Rule       string
	CreatedAt  time.Time
}

// CreateRecurrence inserts a recurrence.
func (d *DB) CreateRecurrence(ctx context.Context, r *Recurrence) error {
	return d.W(ctx).Create(r).Error
}

// RecurrenceByID loads a recurrence.
func (d *DB) RecurrenceByID(ctx context.Context, id int64) (Recurrence, error) {
	return first[Recurrence](d.R(ctx), id)
}

// CountOpenSeries counts a user's recurrences at the facility that still have an active
// occurrence which has not ended at now.
func (d *DB) CountOpenSeries(ctx context.Context, userID, facilityID int64, now time.Time) (int64, error) {
	var n int64
	err := d.R(ctx).Model(&Booking{}).Select("COUNT(DISTINCT bookings.recurrence_id)").
		Joins("JOIN resources ON resources.id = bookings.resource_id").
		Where("bookings.user_id = ? AND resources.facility_id = ? AND bookings.recurrence_id IS NOT NULL AND bookings.status IN ? AND bookings.end_at > ?",
			userID, facilityID, ActiveBookingStatuses, now.UTC()).
		Scan(&n).Error
	return n, err
}

// RecurrenceBookings lists the occurrences of a recurrence with one of the statuses (all when
// none) that start at or after from, by start.
func (d *DB) RecurrenceBookings(ctx context.Context, recurrenceID int64, from time.Time, statuses []BookingStatus) ([]Booking, error) {
	q := d.R(ctx).Where("recurrence_id = ? AND start_at >= ?", recurrenceID, from.UTC())
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	var out []Booking
	err := q.Order("start_at").Find(&out).Error
	return out, err
}
