package models

import (
	"context"
	"time"
)

// DueBooking is a booking a scheduled job may move on, with the check-in grace of its resource.
type DueBooking struct {
	ID                  int64
	StartAt             time.Time
	EndAt               time.Time
	CheckinGraceMinutes int
}

// StartedConfirmedBookings lists, oldest first, confirmed bookings that started at or before
// now (candidates for no-show), with their resource's check-in grace.
func (d *DB) StartedConfirmedBookings(ctx context.Context, now time.Time, limit int) ([]DueBooking, error) {
	var out []DueBooking
	err := d.R(ctx).Table("bookings").
		Select("bookings.id, bookings.start_at, bookings.end_at, resources.checkin_grace_minutes").
		Joins("JOIN resources ON resources.id = bookings.resource_id").
		Where("bookings.status = ? AND bookings.start_at <= ?", BookingConfirmed, now.UTC()).
		Order("bookings.start_at, bookings.id").Limit(limit).Scan(&out).Error
	return out, err
}

// EndedCheckedInBookings lists, oldest first, the IDs of checked-in bookings whose end is at or
// before now.
func (d *DB) EndedCheckedInBookings(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&Booking{}).Where("status = ? AND end_at <= ?", BookingCheckedIn, now.UTC()).
		Order("end_at, id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}
