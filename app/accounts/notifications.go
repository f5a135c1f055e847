package accounts

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// Notifications lists the actor's notifications, newest first, only the unread ones when asked.
func (s *Service) Notifications(ctx context.Context, ac core.Actor, unreadOnly bool, p core.Page) ([]models.Notification, int64, error) {
	if ac.UserID == 0 {
		return nil, 0, core.ErrUnauthenticated
	}
	return s.DB.UserNotifications(ctx, ac.UserID, unreadOnly, p.Offset(), p.Size)
}

// MarkNotificationRead marks one of the actor's notifications read; another user's is not found.
func (s *Service) MarkNotificationRead(ctx context.Context, ac core.Actor, id int64) error {
	ok, err := s.DB.MarkNotificationRead(ctx, ac.UserID, id, s.Now())
	if err != nil {
		return err
	}
	if !ok {
		return core.ErrNotFound
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of the actor read and returns how
// many it marked.
func (s *Service) MarkAllNotificationsRead(ctx context.Context, ac core.Actor) (int64, error) {
	return s.DB.MarkAllNotificationsRead(ctx, ac.UserID, s.Now())
}
