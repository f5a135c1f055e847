package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// WatchStatus is where a slot watch is: waiting in its queue, offered a hold, then fulfilled,
// lapsed or cancelled.
type WatchStatus string

// Slot watch statuses.
const (
	WatchWaiting   WatchStatus = "waiting"   // in the FIFO queue of the interval
	WatchOffered   WatchStatus = "offered"   // holds the booking BookingID until it is confirmed or lapses
	WatchFulfilled WatchStatus = "fulfilled" // the watcher confirmed the hold
	WatchLapsed    WatchStatus = "lapsed"    // the hold expired, or the interval began before it freed
	WatchCancelled WatchStatus = "cancelled" // the watcher left the queue
)

// SlotWatch is a place in the FIFO waitlist of a busy interval of a resource.
type SlotWatch struct {
	ID         int64
	ResourceID int64
	UserID     int64
	StartAt    time.Time
	EndAt      time.Time
	Seats      int
	// Purpose and PurposeCategory are copied to the booking the watcher is offered.
	Purpose         string
	PurposeCategory string
	Status          WatchStatus
	BookingID       *int64 // the held booking while offered, the booking it became once fulfilled
	OfferedAt       *time.Time
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// CreateSlotWatch inserts a watch.
func (d *DB) CreateSlotWatch(ctx context.Context, w *SlotWatch) error {
	return d.W(ctx).Create(w).Error
}

// SlotWatchByID loads a watch.
func (d *DB) SlotWatchByID(ctx context.Context, id int64) (SlotWatch, error) {
	return first[SlotWatch](d.R(ctx), id)
}

// SlotWatchByBooking loads the offered watch that holds a booking.
func (d *DB) SlotWatchByBooking(ctx context.Context, bookingID int64) (SlotWatch, error) {
	return first[SlotWatch](d.R(ctx).Where("booking_id = ? AND status = ?", bookingID, WatchOffered))
}

// UserSlotWatches lists a user's watches, newest first.
func (d *DB) UserSlotWatches(ctx context.Context, userID int64, statuses []WatchStatus, offset, limit int) ([]SlotWatch, int64, error) {
	q := d.R(ctx).Model(&SlotWatch{}).Where("user_id = ?", userID)
	if len(statuses) > 0 {
		q = q.Where("status IN ?", statuses)
	}
	q = q.Session(&gorm.Session{}) // shared by the count and the page
	return page[SlotWatch](q, q.Order("id DESC"), limit, offset)
}

// HasWaitingSlotWatch reports whether the user already waits for exactly this interval.
func (d *DB) HasWaitingSlotWatch(ctx context.Context, userID, resourceID int64, start, end time.Time) (bool, error) {
	var n int64
	err := d.R(ctx).Model(&SlotWatch{}).
		Where("user_id = ? AND resource_id = ? AND start_at = ? AND end_at = ? AND status IN ?",
			userID, resourceID, start.UTC(), end.UTC(), []WatchStatus{WatchWaiting, WatchOffered}).
		Count(&n).Error
	return n > 0, err
}

// WaitingSlotWatches lists, first come first, the waiting watches of a resource whose interval
// overlaps [from, to) and starts after now.
func (d *DB) WaitingSlotWatches(ctx context.Context, resourceID int64, from, to, now time.Time, limit int) ([]SlotWatch, error) {
	var out []SlotWatch
	err := d.R(ctx).Where("resource_id = ? AND status = ? AND start_at < ? AND end_at > ? AND start_at > ?",
		resourceID, WatchWaiting, to.UTC(), from.UTC(), now.UTC()).
		Order("id").Limit(limit).Find(&out).Error
	return out, err
}

// SetSlotWatchStatus moves a watch from one status to another and reports whether it did (a
// watch another transaction moved first is left alone).
func (d *DB) SetSlotWatchStatus(ctx context.Context, id int64, from, to WatchStatus, bookingID *int64, now time.Time) (bool, error) {
	updates := map[string]any{"status": to, "updated_at": now.UTC()}
	if bookingID != nil {
		updates["booking_id"] = *bookingID
	}
	if to == WatchOffered {
		updates["offered_at"] = now.UTC()
	}
	res := d.W(ctx).Model(&SlotWatch{}).Where("id = ? AND status = ?", id, from).Updates(updates)
	return res.RowsAffected == 1, res.Error
}

// LapseStartedSlotWatches marks waiting watches whose interval has begun as lapsed and returns
// how many.
func (d *DB) LapseStartedSlotWatches(ctx context.Context, now time.Time) (int64, error) {
	res := d.W(ctx).Model(&SlotWatch{}).Where("status = ? AND start_at <= ?", WatchWaiting, now.UTC()).
		Updates(map[string]any{"status": WatchLapsed, "updated_at": now.UTC()})
	return res.RowsAffected, res.Error
}

// ExpiredHoldIDs lists held bookings whose hold lapsed at or before now, oldest first.
func (d *DB) ExpiredHoldIDs(ctx context.Context, now time.Time, limit int) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&Booking{}).Where("status = ? AND hold_expires_at <= ?", BookingHeld, now.UTC()).
		Order("hold_expires_at, id").Limit(limit).Pluck("id", &ids).Error
	return ids, err
}
