package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// DeviceToken lets an instrument agent (PC client, hour meter, interlock) of one resource post
// usage; only the SHA-256 of the token is stored.
type DeviceToken struct {
	ID         int64
	ResourceID int64
	Name       string
	TokenHash  string
	CreatedBy  *int64
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// UsageRecord is one session of actual use of a resource as its instrument agent reported it,
// linked to the booking that covers it when there is one.
type UsageRecord struct {
	ID            int64
	ResourceID    int64
	DeviceTokenID *int64
	BookingID     *int64
	ExternalID    *string
	UserRef       string
	StartedAt     time.Time
	EndedAt       *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// CreateDeviceToken inserts a device token.
func (d *DB) CreateDeviceToken(ctx context.Context, t *DeviceToken) error {
	return d.W(ctx).Create(t).Error
}

// DeviceTokenByID loads a device token.
func (d *DB) DeviceTokenByID(ctx context.Context, id int64) (DeviceToken, error) {
	return first[DeviceToken](d.R(ctx), id)
}

// ActiveDeviceTokenByHash loads the unrevoked token with the hash.
func (d *DB) ActiveDeviceTokenByHash(ctx context.Context, hash string) (DeviceToken, error) {
	return first[DeviceToken](d.R(ctx).Where("token_hash = ? AND revoked_at IS NULL", hash))
}

// ResourceDeviceTokens lists the tokens of a resource, newest first.
func (d *DB) ResourceDeviceTokens(ctx context.Context, resourceID int64) ([]DeviceToken, error) {
	var out []DeviceToken
	err := d.R(ctx).Where("resource_id = ?", resourceID).Order("id DESC").Find(&out).Error
	return out, err
}

// RevokeDeviceToken revokes a token (once).
func (d *DB) RevokeDeviceToken(ctx context.Context, id int64, now time.Time) error {
	return d.W(ctx).Model(&DeviceToken{}).Where("id = ? AND revoked_at IS NULL", id).Update("revoked_at", now.UTC()).Error
}

// TouchDeviceToken records when a token was last used.
func (d *DB) TouchDeviceToken(ctx context.Context, id int64, now time.Time) error {
	return d.W(ctx).Model(&DeviceToken{}).Where("id = ?", id).Update("last_used_at", now.UTC()).Error
}

// CreateUsageRecord inserts a usage record; a duplicate (resource, external ID) means the agent
// sent the session before (check it with IsDuplicate).
func (d *DB) CreateUsageRecord(ctx context.Context, u *UsageRecord) error {
	return d.W(ctx).Create(u).Error
}

// UsageRecordByExternalID loads the record of a resource with the agent's own session ID.
func (d *DB) UsageRecordByExternalID(ctx context.Context, resourceID int64, externalID string) (UsageRecord, error) {
	return first[UsageRecord](d.R(ctx).Where("resource_id = ? AND external_id = ?", resourceID, externalID))
}

// SaveUsageRecord writes a record's end and booking link.
func (d *DB) SaveUsageRecord(ctx context.Context, u UsageRecord, now time.Time) error {
	return d.W(ctx).Model(&UsageRecord{}).Where("id = ?", u.ID).
		Updates(map[string]any{"ended_at": u.EndedAt, "booking_id": u.BookingID, "updated_at": now.UTC()}).Error
}

// ResourceUsageRecords lists a resource's usage records that started in [from, to), newest
// first, only those matched to no booking when unmatched is set.
func (d *DB) ResourceUsageRecords(ctx context.Context, resourceID int64, from, to time.Time, unmatched bool, offset, limit int) ([]UsageRecord, int64, error) {
	q := d.R(ctx).Model(&UsageRecord{}).Where("resource_id = ? AND started_at >= ? AND started_at < ?", resourceID, from.UTC(), to.UTC())
	if unmatched {
		q = q.Where("booking_id IS NULL")
	}
	q = q.Session(&gorm.Session{}) // shared by the count and the page
	return page[UsageRecord](q, q.Order("started_at DESC, id DESC"), limit, offset)
}

// BookingUsageSpan returns the earliest start and the latest end of the usage recorded for a
// booking; ok is false when there is none.
func (d *DB) BookingUsageSpan(ctx context.Context, bookingID int64) (start time.Time, end *time.Time, ok bool, err error) {
	var recs []UsageRecord
	if err = d.R(ctx).Where("booking_id = ?", bookingID).Order("started_at").Find(&recs).Error; err != nil || len(recs) == 0 {
		return start, nil, false, err
	}
	start = recs[0].StartedAt
	for _, r := range recs {
		if r.EndedAt == nil {
			return start, nil, true, nil // a session still open: no end yet
		}
		if end == nil || r.EndedAt.After(*end) {
			e := *r.EndedAt
			end = &e
		}
	}
	return start, end, true, nil
}

// CoveringBookings lists the bookings of a resource that are, or were, in use and overlap
// [from, to): confirmed, checked in or completed.
func (d *DB) CoveringBookings(ctx context.Context, resourceID int64, from, to time.Time) ([]Booking, error) {
	var out []Booking
	err := d.R(ctx).Where("resource_id = ? AND status IN ? AND start_at < ? AND end_at > ?",
		resourceID, []BookingStatus{BookingConfirmed, BookingCheckedIn, BookingCompleted}, to.UTC(), from.UTC()).
		Order("start_at").Limit(50).Find(&out).Error
	return out, err
}

// UserBookingsToScan lists a user's confirmed and checked-in bookings of a resource that end
// after from and start before to, by start: the ones a QR scan may check in or out.
func (d *DB) UserBookingsToScan(ctx context.Context, userID, resourceID int64, from, to time.Time) ([]Booking, error) {
	var out []Booking
	err := d.R(ctx).Where("user_id = ? AND resource_id = ? AND status IN ? AND end_at > ? AND start_at < ?",
		userID, resourceID, []BookingStatus{BookingConfirmed, BookingCheckedIn}, from.UTC(), to.UTC()).
		Order("start_at").Limit(20).Find(&out).Error
	return out, err
}
