package services

import (
	"context"
	"errors"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// Equipment is equipment time a platform books for a request.
type Equipment struct {
	ResourceID int64
	StartAt    time.Time
	EndAt      time.Time
}

// ReserveEquipment books equipment time of the request's platform for it (its managers, while
// the request is accepted or in progress) through the booking engine's front door with the
// facility's time: the booking is linked to the request and counts as external service hours
// (对外服务机时). The engine's refusals pass through as it words them.
func (s *Service) ReserveEquipment(ctx context.Context, ac core.Actor, id int64, e Equipment) (RequestDetail, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		r, side, err := s.requestFor(ctx, ac, id)
		if err != nil {
			return err
		}
		if _, err := transitionFor(ActionReserve, side, r.Status); err != nil {
			return err
		}
		res, err := s.DB.ResourceByID(ctx, e.ResourceID)
		if err != nil || res.FacilityID != r.FacilityID {
			return core.FieldError("resource_id", "services.resource_not_of_platform")
		}
		reqID := r.ID
		_, err = s.booking.Reserve(ctx, ac, booking.Reservation{ResourceID: res.ID, StartAt: e.StartAt, EndAt: e.EndAt,
			Seats: res.Capacity, Purpose: core.Clip(r.Title, booking.MaxPurposeLength), PurposeCategory: "social_service",
			ServiceRequestID: &reqID}, booking.FacilityTime)
		return err
	})
	if err != nil {
		return RequestDetail{}, err
	}
	return s.Request(ctx, ac, id)
}

// cancelStep cancels the request's bookings that have not begun, with the SME's note as the
// reason (else one in the default language); one a manager cancelled already is left as it is.
func (s *Service) cancelStep(note string) step {
	return func(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error) {
		ids, err := s.DB.FutureServiceBookingIDs(ctx, r.ID, now)
		if err != nil {
			return nil, err
		}
		reason := note
		if reason == "" {
			reason = core.ZH.Say(core.T("services.request_cancelled", "title", r.Title))
		}
		for _, id := range ids {
			_, err := s.booking.CancelBooking(ctx, core.System, id, reason)
			if err != nil && !errors.Is(err, core.ErrInvalidTransition) {
				return nil, err
			}
		}
		return map[string]any{}, nil
	}
}
