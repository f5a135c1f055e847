package app

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"cqshare/models"
)

// Notification kinds of the in-app list.
const (
	NotifyHoldOffered      = "hold_offered"
	NotifyHoldExpired      = "hold_expired"
	NotifyBookingApproved  = "booking_approved"
	NotifyBookingRejected  = "booking_rejected"
	NotifyBookingCancelled = "booking_cancelled"
	NotifyBookingNoShow    = "booking_no_show"
)

// notify adds an entry to a user's in-app notification list. Called inside a transaction it
// lands, or not, with the change it tells of. data carries IDs the UI links to (booking_id,
// resource_id, ...).
func (a *App) notify(ctx context.Context, userID int64, kind, title, body string, data map[string]any) error {
	if data == nil {
		data = map[string]any{}
	}
	n := models.Notification{UserID: userID, Kind: kind, Title: Clip(title, 200), Body: body,
		Data: models.JSONColumn[map[string]any]{V: data}, CreatedAt: a.Now()}
	if err := a.db.CreateNotification(ctx, &n); err != nil {
		return fmt.Errorf("notify user %d: %w", userID, err)
	}
	return nil
}

// clipRunes cuts s to at most n characters.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// Notifications lists the actor's notifications, newest first, only the unread ones when asked.
func (a *App) Notifications(ctx context.Context, ac Actor, unreadOnly bool, p Page) ([]models.Notification, int64, error) {
	if ac.UserID == 0 {
		return nil, 0, ErrUnauthenticated
	}
	return a.db.UserNotifications(ctx, ac.UserID, unreadOnly, p.Offset(), p.Size)
}

// MarkNotificationRead marks one of the actor's notifications read; another user's is not found.
func (a *App) MarkNotificationRead(ctx context.Context, ac Actor, id int64) error {
	ok, err := a.db.MarkNotificationRead(ctx, ac.UserID, id, a.Now())
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of the actor read and returns how
// many it marked.
func (a *App) MarkAllNotificationsRead(ctx context.Context, ac Actor) (int64, error) {
	return a.db.MarkAllNotificationsRead(ctx, ac.UserID, a.Now())
}

// decisionTitles are the titles of the notifications of a manager's decision on a booking.
var decisionTitles = map[string]string{
	NotifyBookingApproved:  "预约已批准 / Booking approved",
	NotifyBookingRejected:  "预约未获批准 / Booking rejected",
	NotifyBookingCancelled: "预约已被管理员取消 / Booking cancelled by the facility",
}

// notifyDecision tells the owner of a booking that a manager approved, rejected or cancelled it,
// with the manager's note or reason.
func (a *App) notifyDecision(ctx context.Context, b models.Booking, kind, note string) error {
	body := fmt.Sprintf("%s – %s", b.StartAt.UTC().Format(time.RFC3339), b.EndAt.UTC().Format(time.RFC3339))
	if note != "" {
		body += ": " + note
	}
	return a.notify(ctx, b.UserID, kind, decisionTitles[kind], body, map[string]any{"booking_id": b.ID, "resource_id": b.ResourceID})
}
