package booking

import (
	"context"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// auditBooking is the object type of booking transitions in the audit log.
const auditBooking = "booking"

// bookingInScope loads a booking with its resource and facility for the actor: the owner, the
// facility's managers and admins see it; anyone else gets ErrNotFound, so nothing leaks.
func (s *Service) bookingInScope(ctx context.Context, ac core.Actor, id int64) (models.Booking, models.Resource, models.Facility, error) {
	b, err := s.DB.BookingByID(ctx, id)
	if err != nil {
		return b, models.Resource{}, models.Facility{}, core.NotFound(err)
	}
	res, fac, err := s.DB.ResourceWithFacility(ctx, b.ResourceID)
	if err != nil {
		return b, res, fac, err
	}
	if b.UserID != ac.UserID && !ac.ManagesFacility(fac.ID) {
		return b, res, fac, core.ErrNotFound
	}
	return b, res, fac, nil
}

// bookingStep is one lifecycle step on a booking the actor may see, given the row of the state
// machine that allows it.
type bookingStep func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, fac models.Facility) error

// bookingAction runs the action in a transaction (the row of the state machine the actor's
// party may take, then the step) and returns the booking as the API shows it.
func (s *Service) bookingAction(ctx context.Context, ac core.Actor, id int64, action BookingAction, step bookingStep) (models.BookingView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		b, res, fac, err := s.bookingInScope(ctx, ac, id)
		if err != nil {
			return err
		}
		t, err := bookingTransitionFor(action, partiesOf(ac, b.UserID, fac.ID), b, res.CheckinGraceMinutes, s.Now())
		if err != nil {
			return err
		}
		return step(ctx, b, t, res, fac)
	})
	if err != nil {
		return models.BookingView{}, err
	}
	return s.GetBooking(ctx, ac, id)
}

func requireReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return core.RuleError("reason", "reason_required", "field.reason_required")
	}
	return nil
}

// CancelBooking cancels a booking. Its owner may cancel a pending or confirmed booking before
// it starts; a confirmed one cancelled after the cancellation deadline is marked late and costs
// credit. A manager of the facility (or an admin) who does not own it may cancel any active
// booking at any time, with a reason and without penalty to the user.
func (s *Service) CancelBooking(ctx context.Context, ac core.Actor, id int64, reason string) (models.BookingView, error) {
	return s.bookingAction(ctx, ac, id, ActionCancel, func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, _ models.Facility) error {
		if t.by != partyOwner {
			return s.cancelAsManager(ctx, ac, b, t, reason)
		}
		now := s.Now()
		deadline := b.StartAt.Add(-time.Duration(res.CancelDeadlineMinutes) * time.Minute)
		late := b.Status == models.BookingConfirmed && now.After(deadline)
		note := strings.TrimSpace(reason)
		b, err := s.moveBooking(ctx, b, t, now, models.BookingChange{DecisionNote: &note, LateCancel: &late})
		if err != nil {
			return err
		}
		if err := s.Release(ctx, b, time.Time{}); err != nil {
			return err
		}
		if late {
			return s.recordCreditEvent(ctx, b.UserID, models.CreditLateCancel, &b.ID)
		}
		return nil
	})
}

// cancelAsManager takes a manager's cancel transition on a booking, inside the caller's
// transaction: the reason and the manager recorded, the seats given back, the owner told, no
// credit lost.
func (s *Service) cancelAsManager(ctx context.Context, ac core.Actor, b models.Booking, t bookingTransition, reason string) error {
	if err := requireReason(reason); err != nil {
		return err
	}
	now := s.Now()
	note := strings.TrimSpace(reason)
	var by *int64 // the system actor (a cancelled course session's room) is no person
	if ac.UserID != 0 {
		by = &ac.UserID
	}
	b, err := s.moveBooking(ctx, b, t, now, models.BookingChange{DecisionNote: &note, DecidedBy: by, DecidedAt: &now})
	if err != nil {
		return err
	}
	if err := s.Release(ctx, b, time.Time{}); err != nil {
		return err
	}
	if err := s.notifyDecision(ctx, b, NotifyBookingCancelled, reason); err != nil {
		return err
	}
	return s.Audit(ctx, ac, "booking.cancel", auditBooking, b.ID, map[string]any{"reason": reason})
}

// ApproveBooking confirms a pending booking; only the facility's managers and admins may.
func (s *Service) ApproveBooking(ctx context.Context, ac core.Actor, id int64, note string) (models.BookingView, error) {
	return s.bookingAction(ctx, ac, id, ActionApprove, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		n := strings.TrimSpace(note)
		b, err := s.moveBooking(ctx, b, t, s.Now(), models.BookingChange{DecidedBy: &ac.UserID, DecisionNote: &n})
		if err != nil {
			return err
		}
		if err := s.notifyDecision(ctx, b, NotifyBookingApproved, note); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "booking.approve", auditBooking, b.ID, map[string]any{"note": note})
	})
}

// RejectBooking refuses a pending booking with a reason and frees its seats; only the
// facility's managers and admins may.
func (s *Service) RejectBooking(ctx context.Context, ac core.Actor, id int64, reason string) (models.BookingView, error) {
	return s.bookingAction(ctx, ac, id, ActionReject, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		if err := requireReason(reason); err != nil {
			return err
		}
		n := strings.TrimSpace(reason)
		b, err := s.moveBooking(ctx, b, t, s.Now(), models.BookingChange{DecidedBy: &ac.UserID, DecisionNote: &n})
		if err != nil {
			return err
		}
		if err := s.Release(ctx, b, time.Time{}); err != nil {
			return err
		}
		if err := s.notifyDecision(ctx, b, NotifyBookingRejected, reason); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "booking.reject", auditBooking, b.ID, map[string]any{"reason": reason})
	})
}

// CheckIn records that the user arrived (扫码上机): the owner, or a manager for them, within
// the grace period around the start of a confirmed booking.
func (s *Service) CheckIn(ctx context.Context, ac core.Actor, id int64) (models.BookingView, error) {
	return s.bookingAction(ctx, ac, id, ActionCheckIn, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		if _, err := s.moveBooking(ctx, b, t, s.Now(), models.BookingChange{}); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return s.Audit(ctx, ac, "booking.check_in", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// CheckOut records that the user left (扫码下机) and completes the booking: the owner or a
// manager. Leaving early frees the rest of the booking, after the buffer.
func (s *Service) CheckOut(ctx context.Context, ac core.Actor, id int64) (models.BookingView, error) {
	return s.bookingAction(ctx, ac, id, ActionCheckOut, func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, _ models.Facility) error {
		if _, err := s.checkOutBooking(ctx, b, t, res, s.Now()); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return s.Audit(ctx, ac, "booking.check_out", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// checkOutBooking takes the check-out transition at the given time, inside the caller's
// transaction. The buffer after the actual end stays claimed; the seats after it are freed.
func (s *Service) checkOutBooking(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, at time.Time) (models.Booking, error) {
	b, err := s.moveBooking(ctx, b, t, at, models.BookingChange{})
	if err != nil {
		return b, err
	}
	if at.Before(b.EndAt) {
		err = s.Release(ctx, b, at.Add(time.Duration(res.BufferMinutes)*time.Minute))
	}
	return b, err
}
