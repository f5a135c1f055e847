package app

import (
	"context"
	"strings"
	"time"

	"cqshare/models"
)

// auditBooking is the object type of booking transitions in the audit log.
const auditBooking = "booking"

// bookingInScope loads a booking with its resource and facility for the actor: the owner, the
// facility's managers and admins see it; anyone else gets ErrNotFound, so nothing leaks.
func (a *App) bookingInScope(ctx context.Context, ac Actor, id int64) (models.Booking, models.Resource, models.Facility, error) {
	b, err := a.db.BookingByID(ctx, id)
	if err != nil {
		return b, models.Resource{}, models.Facility{}, NotFound(err)
	}
	res, fac, err := a.db.ResourceWithFacility(ctx, b.ResourceID)
	if err != nil {
		return b, res, fac, err
	}
	if b.UserID != ac.UserID && !ac.ManagesFacility(fac.ID) {
		return b, res, fac, ErrNotFound
	}
	return b, res, fac, nil
}

// bookingStep is one lifecycle step on a booking the actor may see, given the row of the state
// machine that allows it.
type bookingStep func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, fac models.Facility) error

// bookingAction runs the action in a transaction (the row of the state machine the actor's
// party may take, then the step) and returns the booking as the API shows it.
func (a *App) bookingAction(ctx context.Context, ac Actor, id int64, action BookingAction, step bookingStep) (models.BookingView, error) {
	err := a.tx(ctx, func(ctx context.Context) error {
		b, res, fac, err := a.bookingInScope(ctx, ac, id)
		if err != nil {
			return err
		}
		t, err := bookingTransitionFor(action, partiesOf(ac, b.UserID, fac.ID), b, res.CheckinGraceMinutes, a.Now())
		if err != nil {
			return err
		}
		return step(ctx, b, t, res, fac)
	})
	if err != nil {
		return models.BookingView{}, err
	}
	return a.GetBooking(ctx, ac, id)
}

func requireReason(reason string) error {
	if strings.TrimSpace(reason) == "" {
		return RuleError("reason", "reason_required", "give a reason")
	}
	return nil
}

// CancelBooking cancels a booking. Its owner may cancel a pending or confirmed booking before
// it starts; a confirmed one cancelled after the cancellation deadline is marked late and costs
// credit. A manager of the facility (or an admin) who does not own it may cancel any active
// booking at any time, with a reason and without penalty to the user.
func (a *App) CancelBooking(ctx context.Context, ac Actor, id int64, reason string) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, ActionCancel, func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, _ models.Facility) error {
		now := a.Now()
		note := strings.TrimSpace(reason)
		c := models.BookingChange{DecisionNote: &note}
		late := false
		if t.by == partyOwner {
			deadline := b.StartAt.Add(-time.Duration(res.CancelDeadlineMinutes) * time.Minute)
			late = b.Status == models.BookingConfirmed && now.After(deadline)
			c.LateCancel = &late
		} else {
			if err := requireReason(reason); err != nil {
				return err
			}
			c.DecidedBy, c.DecidedAt = &ac.UserID, &now
		}
		b, err := a.moveBooking(ctx, b, t, now, c)
		if err != nil {
			return err
		}
		if err := a.freeBooking(ctx, b, time.Time{}); err != nil {
			return err
		}
		if late {
			return a.recordCreditEvent(ctx, b.UserID, models.CreditLateCancel, &b.ID, "cancelled after the deadline")
		}
		if t.by != partyOwner {
			if err := a.notifyDecision(ctx, b, NotifyBookingCancelled, reason); err != nil {
				return err
			}
			return a.audit(ctx, ac, "booking.cancel", auditBooking, b.ID, map[string]any{"reason": reason})
		}
		return nil
	})
}

// ApproveBooking confirms a pending booking; only the facility's managers and admins may.
func (a *App) ApproveBooking(ctx context.Context, ac Actor, id int64, note string) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, ActionApprove, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		n := strings.TrimSpace(note)
		b, err := a.moveBooking(ctx, b, t, a.Now(), models.BookingChange{DecidedBy: &ac.UserID, DecisionNote: &n})
		if err != nil {
			return err
		}
		if err := a.notifyDecision(ctx, b, NotifyBookingApproved, note); err != nil {
			return err
		}
		return a.audit(ctx, ac, "booking.approve", auditBooking, b.ID, map[string]any{"note": note})
	})
}

// RejectBooking refuses a pending booking with a reason and frees its seats; only the
// facility's managers and admins may.
func (a *App) RejectBooking(ctx context.Context, ac Actor, id int64, reason string) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, ActionReject, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		if err := requireReason(reason); err != nil {
			return err
		}
		n := strings.TrimSpace(reason)
		b, err := a.moveBooking(ctx, b, t, a.Now(), models.BookingChange{DecidedBy: &ac.UserID, DecisionNote: &n})
		if err != nil {
			return err
		}
		if err := a.freeBooking(ctx, b, time.Time{}); err != nil {
			return err
		}
		if err := a.notifyDecision(ctx, b, NotifyBookingRejected, reason); err != nil {
			return err
		}
		return a.audit(ctx, ac, "booking.reject", auditBooking, b.ID, map[string]any{"reason": reason})
	})
}

// CheckIn records that the user arrived (扫码上机): the owner, or a manager for them, within
// the grace period around the start of a confirmed booking.
func (a *App) CheckIn(ctx context.Context, ac Actor, id int64) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, ActionCheckIn, func(ctx context.Context, b models.Booking, t bookingTransition, _ models.Resource, _ models.Facility) error {
		if _, err := a.moveBooking(ctx, b, t, a.Now(), models.BookingChange{}); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return a.audit(ctx, ac, "booking.check_in", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// CheckOut records that the user left (扫码下机) and completes the booking: the owner or a
// manager. Leaving early frees the rest of the booking, after the buffer.
func (a *App) CheckOut(ctx context.Context, ac Actor, id int64) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, ActionCheckOut, func(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, _ models.Facility) error {
		if _, err := a.checkOutBooking(ctx, b, t, res, a.Now()); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return a.audit(ctx, ac, "booking.check_out", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// checkOutBooking takes the check-out transition at the given time, inside the caller's
// transaction. The buffer after the actual end stays claimed; the seats after it are freed.
func (a *App) checkOutBooking(ctx context.Context, b models.Booking, t bookingTransition, res models.Resource, at time.Time) (models.Booking, error) {
	b, err := a.moveBooking(ctx, b, t, at, models.BookingChange{})
	if err != nil {
		return b, err
	}
	if at.Before(b.EndAt) {
		err = a.freeBooking(ctx, b, at.Add(time.Duration(res.BufferMinutes)*time.Minute))
	}
	return b, err
}
