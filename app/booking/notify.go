package booking

import (
	"context"
	"strings"

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

// notifyDecision tells the owner of a booking that a manager approved, rejected or cancelled it,
// with the manager's note or reason.
func (s *Service) notifyDecision(ctx context.Context, b models.Booking, kind, note string) error {
	return s.Notify(ctx, b.UserID, kind, map[string]any{"booking_id": b.ID, "resource_id": b.ResourceID,
		"start_at": b.StartAt.UTC(), "end_at": b.EndAt.UTC(), "note": strings.TrimSpace(note)})
}
