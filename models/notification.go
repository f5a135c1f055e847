package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Notification is one entry of a user's in-app notification list.
type Notification struct {
	ID        int64
	UserID    int64
	Kind      string
	Title     string
	Body      string
	Data      JSONColumn[map[string]any]
	ReadAt    *time.Time
	CreatedAt time.Time
}

// CreateNotification inserts a notification.
func (d *DB) CreateNotification(ctx context.Context, n *Notification) error {
	return d.W(ctx).Create(n).Error
}

// UserNotifications lists a user's notifications, newest first, only the unread ones when asked.
func (d *DB) UserNotifications(ctx context.Context, userID int64, unreadOnly bool, offset, limit int) ([]Notification, int64, error) {
	q := d.R(ctx).Model(&Notification{}).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	q = q.Session(&gorm.Session{}) // shared by the count and the page
	return page[Notification](q, q.Order("id DESC"), limit, offset)
}

// MarkNotificationRead marks one of a user's notifications read (once) and reports whether the
// user has it.
func (d *DB) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) (bool, error) {
	var n int64
	if err := d.W(ctx).Model(&Notification{}).Where("id = ? AND user_id = ?", id, userID).Count(&n).Error; err != nil || n == 0 {
		return false, err
	}
	err := d.W(ctx).Model(&Notification{}).Where("id = ? AND read_at IS NULL", id).Update("read_at", now.UTC()).Error
	return true, err
}

// MarkAllNotificationsRead marks every unread notification of a user read and returns how many.
func (d *DB) MarkAllNotificationsRead(ctx context.Context, userID int64, now time.Time) (int64, error) {
	res := d.W(ctx).Model(&Notification{}).Where("user_id = ? AND read_at IS NULL", userID).
		Update("read_at", now.UTC())
	return res.RowsAffected, res.Error
}
