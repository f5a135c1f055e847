package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cqshare/app/core"
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
// caller's transaction. Its kind says what happened, in the reader's language; only a person's
// events (a clearing) carry a note.
func (s *Service) recordCreditEvent(ctx context.Context, userID int64, kind string, bookingID *int64) error {
	points, ok := creditPoints[kind]
	if !ok {
		return fmt.Errorf("credit event kind %q costs no points", kind)
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		now := s.Now()
		e := models.CreditEvent{UserID: userID, Kind: kind, BookingID: bookingID, Points: points, CreatedAt: now}
		if err := s.DB.InsertCreditEvent(ctx, &e); err != nil {
			return err
		}
		total, err := s.creditPoints(ctx, userID, now)
		if err != nil {
			return err
		}
		if total < CreditThreshold {
			return nil
		}
		until := now.Add(CreditSuspension)
		return s.DB.SetBookingSuspension(ctx, userID, &until)
	})
}

// creditPoints sums the points of the window, counting only events after the last clearing.
func (s *Service) creditPoints(ctx context.Context, userID int64, now time.Time) (int, error) {
	events, err := s.DB.CreditEventsSince(ctx, userID, now.Add(-CreditWindow))
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
func (s *Service) MyCredit(ctx context.Context, ac core.Actor) (CreditRecord, error) {
	return s.creditRecord(ctx, ac.UserID)
}

// UserCredit returns a user's credit record to an admin, or to a manager of a facility the user
// has booked in; other managers get ErrNotFound, other roles ErrForbidden.
func (s *Service) UserCredit(ctx context.Context, ac core.Actor, userID int64) (CreditRecord, error) {
	if err := s.creditScope(ctx, ac, userID); err != nil {
		return CreditRecord{}, err
	}
	return s.creditRecord(ctx, userID)
}

// ClearCredit wipes a user's credit points (a cleared event starts the window afresh) and lifts
// any suspension; it is audited, and the note must say why: credit counts at every facility.
func (s *Service) ClearCredit(ctx context.Context, ac core.Actor, userID int64, note string) (CreditRecord, error) {
	note = strings.TrimSpace(note)
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.creditScope(ctx, ac, userID); err != nil {
			return err
		}
		if note == "" {
			return core.RuleError("note", "reason_required", "booking.credit_clear_reason")
		}
		e := models.CreditEvent{UserID: userID, Kind: models.CreditCleared, Note: note, CreatedAt: s.Now()}
		if ac.UserID != 0 {
			e.CreatedBy = &ac.UserID
		}
		if err := s.DB.InsertCreditEvent(ctx, &e); err != nil {
			return err
		}
		if err := s.DB.SetBookingSuspension(ctx, userID, nil); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "credit.clear", core.AuditUser, userID, map[string]any{"note": note})
	})
	if err != nil {
		return CreditRecord{}, err
	}
	return s.creditRecord(ctx, userID)
}

func (s *Service) creditScope(ctx context.Context, ac core.Actor, userID int64) error {
	if ac.IsAdmin() {
		_, err := s.DB.UserByID(ctx, userID)
		return core.NotFound(err)
	}
	if !ac.ScopedToFacilities() {
		return core.ErrForbidden
	}
	ok, err := s.DB.UserBookedInFacilities(ctx, userID, ac.ManagedFacilityIDs)
	if err != nil {
		return err
	}
	if !ok {
		return core.ErrNotFound
	}
	return nil
}

func (s *Service) creditRecord(ctx context.Context, userID int64) (CreditRecord, error) {
	u, err := s.DB.UserByID(ctx, userID)
	if err != nil {
		return CreditRecord{}, core.NotFound(err)
	}
	now := s.Now()
	points, err := s.creditPoints(ctx, userID, now)
	if err != nil {
		return CreditRecord{}, err
	}
	events, err := s.DB.RecentCreditEvents(ctx, userID, creditEventsShown)
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
