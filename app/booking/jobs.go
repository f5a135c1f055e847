package booking

import (
	"context"
	"fmt"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// jobBatch bounds how many bookings one run of a booking job moves; the next tick goes on.
const jobBatch = 1000

// MarkNoShows marks confirmed bookings whose start plus the resource's check-in grace has passed
// without a check-in as no-shows: their seats are freed from now on (and offered to watchers)
// and the no-show goes into the user's credit record. Each booking is handled in its own short
// transaction; it returns how many it marked, and running it again marks none of them twice.
func (s *Service) MarkNoShows(ctx context.Context) (int64, error) {
	now := s.Now()
	due, err := s.DB.StartedConfirmedBookings(ctx, now, jobBatch)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, d := range due {
		if !now.After(d.StartAt.Add(time.Duration(d.CheckinGraceMinutes) * time.Minute)) {
			continue // still inside the grace window
		}
		marked, err := s.markNoShow(ctx, d.ID)
		if err != nil {
			return n, fmt.Errorf("mark booking %d no-show: %w", d.ID, err)
		}
		if marked {
			n++
		}
	}
	return n, nil
}

func (s *Service) markNoShow(ctx context.Context, id int64) (bool, error) {
	marked := false
	err := s.Tx(ctx, func(ctx context.Context) error {
		marked = false
		now := s.Now()
		b, res, _, err := s.bookingInScope(ctx, core.System, id)
		if err != nil {
			return err
		}
		t, err := bookingTransitionFor(actionMarkNoShow, partySystem, b, res.CheckinGraceMinutes, now)
		if err != nil {
			return nil // checked in or cancelled meanwhile
		}
		if b, err = s.moveBooking(ctx, b, t, now, models.BookingChange{}); err != nil {
			return err
		}
		if err := s.Release(ctx, b, now); err != nil {
			return err
		}
		if err := s.recordCreditEvent(ctx, b.UserID, models.CreditNoShow, &b.ID); err != nil {
			return err
		}
		marked = true
		return s.notifyBooking(ctx, b, NotifyBookingNoShow, nil)
	})
	return marked, err
}

// CompleteCheckedIn completes checked-in bookings past their end that nobody checked out: the
// check-out time, from which effective hours (有效机时) are counted, is the end of the usage the
// instrument reported for the booking when there is one, else the booking's end. Each booking is
// handled in its own short transaction; it returns how many it completed.
func (s *Service) CompleteCheckedIn(ctx context.Context) (int64, error) {
	ids, err := s.DB.EndedCheckedInBookings(ctx, s.Now(), jobBatch)
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range ids {
		done := false
		err := s.Tx(ctx, func(ctx context.Context) error {
			done = false
			b, err := s.DB.BookingByID(ctx, id)
			if err != nil {
				return err
			}
			t, err := bookingTransitionFor(ActionCheckOut, partySystem, b, 0, s.Now())
			if err != nil {
				return nil // checked out meanwhile
			}
			out, err := s.checkOutTime(ctx, b)
			if err != nil {
				return err
			}
			_, err = s.moveBooking(ctx, b, t, out, models.BookingChange{})
			done = err == nil
			return err
		})
		if err != nil {
			return n, fmt.Errorf("complete booking %d: %w", id, err)
		}
		if done {
			n++
		}
	}
	return n, nil
}

// checkOutTime is when a checked-in booking that nobody checked out ended its use: the end of
// the instrument's usage when it reported a finished session, else the booking's end.
func (s *Service) checkOutTime(ctx context.Context, b models.Booking) (time.Time, error) {
	_, end, ok, err := s.DB.BookingUsageSpan(ctx, b.ID)
	if err != nil {
		return time.Time{}, err
	}
	if ok && end != nil && !end.After(s.Now()) {
		if b.CheckedInAt != nil && end.Before(*b.CheckedInAt) {
			return *b.CheckedInAt, nil
		}
		return end.UTC(), nil
	}
	return b.EndAt.UTC(), nil
}
