package app

import (
	"context"
	"fmt"
	"time"

	"cqshare/models"
)

// Credit (信用) defaults: late cancellations and no-shows cost points; reaching the threshold
// within the rolling window suspends booking for a while. docs/booking-rules.md explains them.
const (
	CreditNoShowPoints     = 2
	CreditLateCancelPoints = 1
	CreditThreshold        = 6
	CreditWindow           = 30 * 24 * time.Hour
	CreditSuspension       = 14 * 24 * time.Hour
)

// creditPoints are the points each kind of event costs.
var creditPoints = map[string]int{models.CreditNoShow: CreditNoShowPoints, models.CreditLateCancel: CreditLateCancelPoints}

// recordCreditEvent writes a late cancellation or no-show into the user's credit record and
// suspends the user's booking when the points in the window reach the threshold. It joins the
// caller's transaction.
func (a *App) recordCreditEvent(ctx context.Context, userID int64, kind string, bookingID *int64, note string) error {
	points, ok := creditPoints[kind]
	if !ok {
		return fmt.Errorf("credit event kind %q costs no points", kind)
	}
	return a.tx(ctx, func(ctx context.Context) error {
		now := a.Now()
		e := models.CreditEvent{UserID: userID, Kind: kind, BookingID: bookingID, Points: points, Note: note, CreatedAt: now}
		if err := a.db.InsertCreditEvent(ctx, &e); err != nil {
			return err
		}
		total, err := a.creditPoints(ctx, userID, now)
		if err != nil {
			return err
		}
		if total < CreditThreshold {
			return nil
		}
		until := now.Add(CreditSuspension)
		return a.db.SetBookingSuspension(ctx, userID, &until)
	})
}

// creditPoints sums the points of the window, counting only events after the last clearing.
func (a *App) creditPoints(ctx context.Context, userID int64, now time.Time) (int, error) {
	events, err := a.db.CreditEventsSince(ctx, userID, now.Add(-CreditWindow))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, e := range events {
		if e.Kind == models.CreditCleared {
			total = 0
			continue
		}
		total += e.Points
	}
	return total, nil
}

// creditEventsShown caps the events a credit record lists.
const creditEventsShown = 50

// CreditRecord is a user's booking credit: the points in the window, the threshold, the
// suspension and the latest events.
type CreditRecord struct {
	UserID         int64
	Points         int
	Threshold      int
	WindowDays     int
	SuspendedUntil *time.Time // set only while it lies in the future
	Events         []models.CreditEvent
}

// MyCredit returns the actor's own credit record.
func (a *App) MyCredit(ctx context.Context, ac Actor) (CreditRecord, error) {
	return a.creditRecord(ctx, ac.UserID)
}

// UserCredit returns a user's credit record to an admin, or to a manager of a facility the user
// has booked in; other managers get ErrNotFound, other roles ErrForbidden.
func (a *App) UserCredit(ctx context.Context, ac Actor, userID int64) (CreditRecord, error) {
	if err := a.creditScope(ctx, ac, userID); err != nil {
		return CreditRecord{}, err
	}
	return a.creditRecord(ctx, userID)
}

// ClearCredit wipes a user's credit points (a cleared event starts the window afresh) and lifts
// any suspension; it is audited.
func (a *App) ClearCredit(ctx context.Context, ac Actor, userID int64, note string) (CreditRecord, error) {
	err := a.tx(ctx, func(ctx context.Context) error {
		if err := a.creditScope(ctx, ac, userID); err != nil {
			return err
		}
		e := models.CreditEvent{UserID: userID, Kind: models.CreditCleared, Note: note, CreatedAt: a.Now()}
		if ac.UserID != 0 {
			e.CreatedBy = &ac.UserID
		}
		if err := a.db.InsertCreditEvent(ctx, &e); err != nil {
			return err
		}
		if err := a.db.SetBookingSuspension(ctx, userID, nil); err != nil {
			return err
		}
		return a.audit(ctx, ac, "credit.clear", auditUser, userID, map[string]any{"note": note})
	})
	if err != nil {
		return CreditRecord{}, err
	}
	return a.creditRecord(ctx, userID)
}

func (a *App) creditScope(ctx context.Context, ac Actor, userID int64) error {
	if ac.IsAdmin() {
		_, err := a.db.UserByID(ctx, userID)
		return NotFound(err)
	}
	if ac.Role != models.RoleManager {
		return ErrForbidden
	}
	ok, err := a.db.UserBookedInFacilities(ctx, userID, ac.ManagedFacilityIDs)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotFound
	}
	return nil
}

func (a *App) creditRecord(ctx context.Context, userID int64) (CreditRecord, error) {
	u, err := a.db.UserByID(ctx, userID)
	if err != nil {
		return CreditRecord{}, NotFound(err)
	}
	now := a.Now()
	points, err := a.creditPoints(ctx, userID, now)
	if err != nil {
		return CreditRecord{}, err
	}
	events, err := a.db.RecentCreditEvents(ctx, userID, creditEventsShown)
	if err != nil {
		return CreditRecord{}, err
	}
	rec := CreditRecord{UserID: userID, Points: points, Threshold: CreditThreshold,
		WindowDays: int(CreditWindow / (24 * time.Hour)), Events: events}
	if u.BookingSuspendedUntil != nil && u.BookingSuspendedUntil.After(now) {
		until := u.BookingSuspendedUntil.UTC()
		rec.SuspendedUntil = &until
	}
	return rec, nil
}
