package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CalendarFeed is the secret of a user's personal iCal feed; only its SHA-256 is stored.
type CalendarFeed struct {
	UserID    int64 `gorm:"primaryKey;autoIncrement:false"`
	TokenHash string
	CreatedAt time.Time
}

// SetCalendarFeed stores a user's feed secret, replacing the previous one.
func (d *DB) SetCalendarFeed(ctx context.Context, f CalendarFeed) error {
	return d.W(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"token_hash", "created_at"}),
	}).Create(&f).Error
}

// DeleteCalendarFeed ends a user's feed, so its URL stops working for good (the account was
// deactivated or its password changed); the user may make a new one.
func (d *DB) DeleteCalendarFeed(ctx context.Context, userID int64) error {
	return d.W(ctx).Where("user_id = ?", userID).Delete(&CalendarFeed{}).Error
}

// CalendarFeedByHash loads the feed with the secret's hash.
func (d *DB) CalendarFeedByHash(ctx context.Context, hash string) (CalendarFeed, error) {
	return first[CalendarFeed](d.R(ctx).Where("token_hash = ?", hash))
}

// CalendarEntry is a booking with what a calendar event shows of its resource and facility.
type CalendarEntry struct {
	Booking
	ResourceName     string
	FacilityID       int64
	FacilityName     string
	FacilityAddress  string
	FacilityTimeZone string
}

func (d *DB) calendarEntries(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("bookings").
		Select("bookings.*, resources.name AS resource_name, resources.facility_id AS facility_id, " +
			"facilities.name AS facility_name, facilities.address AS facility_address, facilities.time_zone AS facility_time_zone").
		Joins("JOIN resources ON resources.id = bookings.resource_id").
		Joins("JOIN facilities ON facilities.id = resources.facility_id")
}

// CalendarEntryByBooking loads one booking as a calendar entry.
func (d *DB) CalendarEntryByBooking(ctx context.Context, bookingID int64) (CalendarEntry, error) {
	var e CalendarEntry
	err := d.calendarEntries(ctx).Where("bookings.id = ?", bookingID).Take(&e).Error
	return e, err
}

// UserCalendarEntries lists a user's bookings that start in [from, to), at most limit, by start.
func (d *DB) UserCalendarEntries(ctx context.Context, userID int64, from, to time.Time, limit int) ([]CalendarEntry, error) {
	var out []CalendarEntry
	err := d.calendarEntries(ctx).
		Where("bookings.user_id = ? AND bookings.start_at >= ? AND bookings.start_at < ?", userID, from.UTC(), to.UTC()).
		Order("bookings.start_at").Limit(limit).Scan(&out).Error
	return out, err
}
