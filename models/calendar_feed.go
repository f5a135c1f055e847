package models

import (
	"context"
	"time"

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

// CalendarFeedByHash loads the feed with the secret's hash.
func (d *DB) CalendarFeedByHash(ctx context.Context, hash string) (CalendarFeed, error) {
	var f CalendarFeed
	err := d.R(ctx).Where("token_hash = ?", hash).First(&f).Error
	return f, err
}

// UserBookingsBetween lists a user's bookings that start in [from, to), at most limit, by start.
func (d *DB) UserBookingsBetween(ctx context.Context, userID int64, from, to time.Time, limit int) ([]Booking, error) {
	var out []Booking
	err := d.R(ctx).Where("user_id = ? AND start_at >= ? AND start_at < ?", userID, from.UTC(), to.UTC()).
		Order("start_at").Limit(limit).Find(&out).Error
	return out, err
}
