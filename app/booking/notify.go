package booking

import (
	"context"
	"strings"
	"time"

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
	return s.notifyBooking(ctx, b, kind, map[string]any{"note": strings.TrimSpace(note)})
}

// notifyBooking tells the owner of a booking of a change to it.
func (s *Service) notifyBooking(ctx context.Context, b models.Booking, kind string, extra map[string]any) error {
	res, fac, err := s.DB.ResourceWithFacility(ctx, b.ResourceID)
	if err != nil {
		return err
	}
	return s.notifyOf(ctx, res, fac, b, kind, extra)
}

// notifyOf tells the owner of a booking of the resource of a change to it. The data names the
// resource and gives every time in the facility's time zone, as the e-mail words them; extra
// adds what the kind says more.
func (s *Service) notifyOf(ctx context.Context, res models.Resource, fac models.Facility, b models.Booking, kind string, extra map[string]any) error {
	loc := s.catalog.Location(fac)
	data := map[string]any{"booking_id": b.ID, "resource_id": res.ID, "resource_name": res.Name,
		"start_at": b.StartAt.In(loc), "end_at": b.EndAt.In(loc)}
	for k, v := range extra {
		if t, ok := v.(time.Time); ok {
			v = t.In(loc)
		}
		data[k] = v
	}
	return s.Notify(ctx, b.UserID, kind, data)
}
