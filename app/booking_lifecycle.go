package app

import (
	"context"
	"fmt"
	"slices"
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
		return b, models.Resource{}, models.Facility{}, notFound(err)
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

// transition moves a booking out of one of the from statuses with the changes, in the caller's
// transaction. A concurrent transition that got there first makes the transaction run again,
// and the fresh attempt answers from the new status.
func (a *App) transition(ctx context.Context, b models.Booking, from []string, changes map[string]any) (models.Booking, error) {
	changes["updated_at"] = a.Now()
	ok, err := a.db.UpdateBookingFrom(ctx, b.ID, from, changes)
	if err != nil {
		return b, err
	}
	if !ok {
		return b, models.ErrRetry
	}
	return a.db.BookingByID(ctx, b.ID)
}

// bookingAction runs one lifecycle step in a transaction and returns the booking as the API
// shows it.
func (a *App) bookingAction(ctx context.Context, ac Actor, id int64,
	step func(ctx context.Context, b models.Booking, res models.Resource, fac models.Facility) error) (models.BookingView, error) {
	err := a.tx(ctx, func(ctx context.Context) error {
		b, res, fac, err := a.bookingInScope(ctx, ac, id)
		if err != nil {
			return err
		}
		return step(ctx, b, res, fac)
	})
	if err != nil {
		return models.BookingView{}, err
	}
	return a.GetBooking(ctx, ac, id)
}

func invalidTransition(b models.Booking, action string) error {
	return ErrInvalidTransition.With("a %s booking cannot be %s", strings.ReplaceAll(b.Status, "_", "-"), action)
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
	return a.bookingAction(ctx, ac, id, func(ctx context.Context, b models.Booking, res models.Resource, fac models.Facility) error {
		now := a.Now()
		changes := map[string]any{"status": models.BookingCancelled, "cancelled_at": now, "decision_note": strings.TrimSpace(reason)}
		from := []string{models.BookingPending, models.BookingConfirmed}
		late := false
		if b.UserID == ac.UserID {
			if !slices.Contains(from, b.Status) {
				return invalidTransition(b, "cancelled")
			}
			if !now.Before(b.StartAt) {
				return ErrInvalidTransition.With("the booking has started; ask the facility's manager")
			}
			deadline := b.StartAt.Add(-time.Duration(res.CancelDeadlineMinutes) * time.Minute)
			late = b.Status == models.BookingConfirmed && now.After(deadline)
			changes["late_cancel"] = late
		} else {
			from = append(from, models.BookingCheckedIn)
			if !slices.Contains(from, b.Status) {
				return invalidTransition(b, "cancelled")
			}
			if err := requireReason(reason); err != nil {
				return err
			}
			changes["decided_by"], changes["decided_at"] = ac.UserID, now
		}
		b, err := a.transition(ctx, b, from, changes)
		if err != nil {
			return err
		}
		if err := a.freeBooking(ctx, b, time.Time{}); err != nil {
			return err
		}
		if late {
			return a.recordCreditEvent(ctx, b.UserID, models.CreditLateCancel, &b.ID, "cancelled after the deadline")
		}
		if b.UserID != ac.UserID {
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
	return a.bookingAction(ctx, ac, id, func(ctx context.Context, b models.Booking, _ models.Resource, fac models.Facility) error {
		if err := requireFacilityManager(ac, fac.ID); err != nil {
			return err
		}
		if b.Status != models.BookingPending {
			return invalidTransition(b, "approved")
		}
		b, err := a.transition(ctx, b, []string{models.BookingPending}, map[string]any{"status": models.BookingConfirmed,
			"decided_by": ac.UserID, "decided_at": a.Now(), "decision_note": strings.TrimSpace(note)})
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
	return a.bookingAction(ctx, ac, id, func(ctx context.Context, b models.Booking, _ models.Resource, fac models.Facility) error {
		if err := requireFacilityManager(ac, fac.ID); err != nil {
			return err
		}
		if b.Status != models.BookingPending {
			return invalidTransition(b, "rejected")
		}
		if err := requireReason(reason); err != nil {
			return err
		}
		b, err := a.transition(ctx, b, []string{models.BookingPending}, map[string]any{"status": models.BookingRejected,
			"decided_by": ac.UserID, "decided_at": a.Now(), "decision_note": strings.TrimSpace(reason)})
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
	return a.bookingAction(ctx, ac, id, func(ctx context.Context, b models.Booking, res models.Resource, _ models.Facility) error {
		if _, err := a.checkInBooking(ctx, b, res, a.Now()); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return a.audit(ctx, ac, "booking.check_in", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// checkInBooking checks a confirmed booking in at the given time, inside the caller's
// transaction (the API, a QR scan or an instrument agent).
func (a *App) checkInBooking(ctx context.Context, b models.Booking, res models.Resource, at time.Time) (models.Booking, error) {
	if b.Status != models.BookingConfirmed {
		return b, invalidTransition(b, "checked in")
	}
	grace := time.Duration(res.CheckinGraceMinutes) * time.Minute
	if at.Before(b.StartAt.Add(-grace)) || at.After(b.StartAt.Add(grace)) {
		return b, RuleError("checked_in_at", "checkin_window",
			fmt.Sprintf("check in from %d minutes before the start to %d minutes after", res.CheckinGraceMinutes, res.CheckinGraceMinutes))
	}
	return a.transition(ctx, b, []string{models.BookingConfirmed},
		map[string]any{"status": models.BookingCheckedIn, "checked_in_at": at.UTC()})
}

// CheckOut records that the user left (扫码下机) and completes the booking: the owner or a
// manager. Leaving early frees the rest of the booking, after the buffer.
func (a *App) CheckOut(ctx context.Context, ac Actor, id int64) (models.BookingView, error) {
	return a.bookingAction(ctx, ac, id, func(ctx context.Context, b models.Booking, res models.Resource, _ models.Facility) error {
		if _, err := a.checkOutBooking(ctx, b, res, a.Now()); err != nil {
			return err
		}
		if b.UserID != ac.UserID {
			return a.audit(ctx, ac, "booking.check_out", auditBooking, b.ID, nil)
		}
		return nil
	})
}

// checkOutBooking checks a checked-in booking out at the given time, inside the caller's
// transaction. The buffer after the actual end stays claimed; the seats after it are freed.
func (a *App) checkOutBooking(ctx context.Context, b models.Booking, res models.Resource, at time.Time) (models.Booking, error) {
	if b.Status != models.BookingCheckedIn {
		return b, invalidTransition(b, "checked out")
	}
	b, err := a.transition(ctx, b, []string{models.BookingCheckedIn},
		map[string]any{"status": models.BookingCompleted, "checked_out_at": at.UTC()})
	if err != nil {
		return b, err
	}
	if at.Before(b.EndAt) {
		err = a.freeBooking(ctx, b, at.Add(time.Duration(res.BufferMinutes)*time.Minute))
	}
	return b, err
}
