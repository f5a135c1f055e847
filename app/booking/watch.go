package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// HoldDuration is how long a freed interval is held for the first watcher in the queue before it
// passes to the next one: 15 minutes, long enough to see the notification on a phone, short
// enough that a slot freed an hour ahead can still go round several watchers.
const HoldDuration = 15 * time.Minute

// maxOffersPerFreeing bounds how many watchers one freed interval is offered to (more than one
// when several seats of a pooled resource free at once).
const maxOffersPerFreeing = 20

// ErrSlotFree answers a watch of an interval that can be booked now.
var ErrSlotFree = &core.Error{Kind: core.KindRule, Code: "slot_free", Key: "booking.slot_free",
	Rule: "slot_free", Fields: map[string]core.Text{"start_at": core.T("booking.slot_free_field")}}

// ErrHoldExpired answers the confirmation of a hold that has lapsed.
var ErrHoldExpired = &core.Error{Kind: core.KindConflict, Code: "hold_expired", Key: "booking.hold_expired"}

// errWouldBook rolls back the trial booking of a watch whose interval turned out to be free.
var errWouldBook = errors.New("the interval is free")

// WatchSlot puts the actor in the FIFO waitlist of a busy interval (候补). The interval must
// pass every booking rule and be busy now: a free one is ErrSlotFree (book it instead). When it
// frees, the first watcher gets a hold (see onSlotFreed). The purpose is optional here;
// confirming the hold needs it.
func (s *Service) WatchSlot(ctx context.Context, ac core.Actor, in Reservation) (models.SlotWatch, error) {
	if in.Seats == 0 {
		in.Seats = 1
	}
	var w models.SlotWatch
	err := s.Tx(ctx, func(ctx context.Context) error {
		res, fac, err := s.bookableResource(ctx, in.ResourceID)
		if err != nil {
			return err
		}
		// A trial booking checks every rule; only a conflict means the interval is busy. The
		// purpose may wait until the hold is confirmed.
		trial := in
		if trial.Purpose == "" {
			trial.Purpose = "-"
		}
		if _, err := s.reserve(ctx, ac, res, fac, trial, PersonalBooking); err == nil {
			return errWouldBook
		} else if !errors.Is(err, ErrBookingConflict) {
			return err
		}
		dup, err := s.DB.HasWaitingSlotWatch(ctx, ac.UserID, res.ID, in.StartAt, in.EndAt)
		if err != nil {
			return err
		}
		if dup {
			return core.ErrConflict.Say("booking.already_watching")
		}
		now := s.Now()
		w = models.SlotWatch{ResourceID: res.ID, UserID: ac.UserID, StartAt: in.StartAt.UTC(), EndAt: in.EndAt.UTC(),
			Seats: in.Seats, Purpose: in.Purpose, PurposeCategory: in.PurposeCategory, Status: models.WatchWaiting,
			CreatedAt: now, UpdatedAt: now}
		return s.DB.CreateSlotWatch(ctx, &w)
	})
	if errors.Is(err, errWouldBook) {
		return w, ErrSlotFree
	}
	return w, err
}

// Watch is a watch with the hold it was offered, if any.
type Watch struct {
	models.SlotWatch
	HoldExpiresAt *time.Time
}

// MyWatches lists the actor's watches, newest first.
func (s *Service) MyWatches(ctx context.Context, ac core.Actor, p core.Page) ([]Watch, int64, error) {
	ws, total, err := s.DB.UserSlotWatches(ctx, ac.UserID, nil, p.Offset(), p.Size)
	if err != nil {
		return nil, 0, err
	}
	var holdIDs []int64
	for _, w := range ws {
		if w.Status == models.WatchOffered && w.BookingID != nil {
			holdIDs = append(holdIDs, *w.BookingID)
		}
	}
	holds, err := s.DB.BookingsByIDs(ctx, holdIDs)
	if err != nil {
		return nil, 0, err
	}
	expiry := make(map[int64]*time.Time, len(holds))
	for _, b := range holds {
		expiry[b.ID] = b.HoldExpiresAt
	}
	out := make([]Watch, 0, len(ws))
	for _, w := range ws {
		v := Watch{SlotWatch: w}
		if w.Status == models.WatchOffered && w.BookingID != nil {
			v.HoldExpiresAt = expiry[*w.BookingID]
		}
		out = append(out, v)
	}
	return out, total, nil
}

// CancelWatch takes the actor out of a queue; a hold the watch was offered is released and
// passes to the next watcher. Another user's watch is not found.
func (s *Service) CancelWatch(ctx context.Context, ac core.Actor, id int64) error {
	return s.Tx(ctx, func(ctx context.Context) error {
		w, err := s.DB.SlotWatchByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if w.UserID != ac.UserID {
			return core.ErrNotFound
		}
		switch w.Status {
		case models.WatchWaiting:
			_, err := s.DB.SetSlotWatchStatus(ctx, w.ID, w.Status, models.WatchCancelled, nil, s.Now())
			return err
		case models.WatchOffered:
			if _, err := s.DB.SetSlotWatchStatus(ctx, w.ID, w.Status, models.WatchCancelled, nil, s.Now()); err != nil {
				return err
			}
			return s.releaseHold(ctx, *w.BookingID, actionDeclineHold, partyOwner)
		}
		return core.ErrInvalidTransition.Say("booking.watch_" + string(w.Status))
	})
}

// ConfirmHold turns the actor's held booking into a booking: confirmed, or pending where the
// resource needs approval. purpose and category, when given, replace the watch's.
func (s *Service) ConfirmHold(ctx context.Context, ac core.Actor, bookingID int64, purpose, category string) (models.Booking, error) {
	var b models.Booking
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		if b, err = s.DB.BookingByID(ctx, bookingID); err != nil {
			return core.NotFound(err)
		}
		if b.UserID != ac.UserID {
			return core.ErrNotFound
		}
		now := s.Now()
		t, err := bookingTransitionFor(ActionConfirmHold, partyOwner, b, 0, now)
		if err != nil {
			return err
		}
		if purpose != "" {
			b.Purpose = purpose
		}
		if category != "" {
			b.PurposeCategory = category
		}
		fields := map[string]core.Text{}
		if b.Purpose == "" {
			fields["purpose"] = core.T("field.required")
		}
		if b.PurposeCategory == "" {
			fields["purpose_category"] = core.T("field.required")
		}
		if len(fields) > 0 {
			return core.ValidationError(fields)
		}
		res, _, err := s.DB.ResourceWithFacility(ctx, b.ResourceID)
		if err != nil {
			return err
		}
		c := models.BookingChange{ClearHold: true, Purpose: &b.Purpose, PurposeCategory: &b.PurposeCategory}
		if res.RequiresApproval {
			c.Status = models.BookingPending
		}
		if b, err = s.moveBooking(ctx, b, t, now, c); err != nil {
			return err
		}
		if w, err := s.DB.SlotWatchByBooking(ctx, b.ID); err == nil {
			_, err = s.DB.SetSlotWatchStatus(ctx, w.ID, models.WatchOffered, models.WatchFulfilled, nil, now)
			return err
		} else if !models.IsNotFound(err) {
			return err
		}
		return nil
	})
	return b, err
}

// offerFreedTime offers the time a booking gave back from the given instant on to the waiting
// watchers of it, first come first: each whose interval is now wholly free gets a hold.
func (s *Service) offerFreedTime(ctx context.Context, b models.Booking, from time.Time) error {
	res, fac, err := s.DB.ResourceWithFacility(ctx, b.ResourceID)
	if err != nil {
		return err
	}
	to := b.EndAt.Add(time.Duration(res.BufferMinutes) * time.Minute)
	now := s.Now()
	watches, err := s.DB.WaitingSlotWatches(ctx, res.ID, from, to, now, maxOffersPerFreeing)
	if err != nil {
		return err
	}
	for _, w := range watches {
		if err := s.offerHold(ctx, res, fac, w, now); err != nil {
			return err
		}
	}
	return nil
}

// offerHold books the watch's interval for its watcher in the held status, holding the claims
// like any active booking, and tells them. An interval still partly taken is left waiting.
func (s *Service) offerHold(ctx context.Context, res models.Resource, fac models.Facility, w models.SlotWatch, now time.Time) error {
	expires := now.Add(HoldDuration)
	if w.StartAt.Before(expires) {
		expires = w.StartAt // a hold never outlives the start of its interval
	}
	hb, err := s.reserve(ctx, core.Actor{UserID: w.UserID}, res, fac, Reservation{ResourceID: res.ID, StartAt: w.StartAt, EndAt: w.EndAt,
		Seats: w.Seats, Purpose: w.Purpose, PurposeCategory: w.PurposeCategory},
		Policy{Status: models.BookingHeld, HoldUntil: &expires})
	var ae *core.Error
	if errors.As(err, &ae) { // still busy (or no longer valid): this watcher waits on
		return nil
	}
	if err != nil {
		return err
	}
	ok, err := s.DB.SetSlotWatchStatus(ctx, w.ID, models.WatchWaiting, models.WatchOffered, &hb.ID, now)
	if err != nil {
		return err
	}
	if !ok { // the watcher left the queue meanwhile
		if err := s.releaseClaims(ctx, hb.ID, time.Time{}); err != nil {
			return err
		}
		return s.DB.DeleteBooking(ctx, hb.ID)
	}
	return s.notifyOf(ctx, res, fac, hb, NotifyHoldOffered, map[string]any{"watch_id": w.ID, "hold_expires_at": expires})
}

// releaseHold ends a held booking by the action (the watcher declines, or the hold lapses) and
// offers its interval to the next watcher.
func (s *Service) releaseHold(ctx context.Context, bookingID int64, action BookingAction, by party) error {
	b, err := s.DB.BookingByID(ctx, bookingID)
	if err != nil {
		return core.NotFound(err)
	}
	t, err := bookingTransitionFor(action, by, b, 0, s.Now())
	if err != nil {
		return nil // no longer held
	}
	if b, err = s.moveBooking(ctx, b, t, s.Now(), models.BookingChange{ClearHold: true}); err != nil {
		return err
	}
	return s.Release(ctx, b, b.StartAt)
}

// ExpireHolds ends the holds whose time is up, each in its own transaction, and passes each
// interval to the next watcher; waiting watches whose interval has begun lapse. It returns how
// many holds and watches it ended; running it again changes nothing more.
func (s *Service) ExpireHolds(ctx context.Context) (int64, error) {
	now := s.Now()
	ids, err := s.DB.ExpiredHoldIDs(ctx, now, 500)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		expired := false
		err := s.Tx(ctx, func(ctx context.Context) error {
			expired = false
			b, err := s.DB.BookingByID(ctx, id)
			if models.IsNotFound(err) {
				return nil
			}
			if err != nil || b.Status != models.BookingHeld || b.HoldExpiresAt == nil || b.HoldExpiresAt.After(now) {
				return err // changed since listed: nothing to do
			}
			if w, err := s.DB.SlotWatchByBooking(ctx, b.ID); err == nil {
				if _, err := s.DB.SetSlotWatchStatus(ctx, w.ID, models.WatchOffered, models.WatchLapsed, nil, now); err != nil {
					return err
				}
			} else if !models.IsNotFound(err) {
				return err
			}
			if err := s.notifyBooking(ctx, b, NotifyHoldExpired, nil); err != nil {
				return err
			}
			expired = true
			return s.releaseHold(ctx, b.ID, actionExpireHold, partySystem)
		})
		if err != nil {
			return n, fmt.Errorf("expire hold %d: %w", id, err)
		}
		if expired {
			n++
		}
	}
	lapsed, err := s.DB.LapseStartedSlotWatches(ctx, now)
	return n + lapsed, err
}
