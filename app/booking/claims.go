package booking

import (
	"context"
	"fmt"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Invariant 1 (never more seats than capacity, buffers respected) rests on booking_claims: an
// active booking holds one row per (resource, 15-minute slot, seat number) over its interval
// and the buffer after it, seat numbers below the capacity. The primary key makes a second
// claim of the same seat a duplicate-key error on every engine, whatever the locking, the number
// of server copies or the cluster node written to; the transaction is then run again and sees
// the winner's claims. See docs/booking-concurrency.md.

// ErrBookingConflict is answered when the seats are taken; Details name the conflicting
// intervals (never who holds them).
var ErrBookingConflict = &core.Error{Kind: core.KindConflict, Code: "booking_conflict", Key: "booking.conflict"}

// ConflictInterval is a busy interval reported with a booking conflict: the other booking's
// own time, and the end of the buffer kept free after it (BufferEndAt, EndAt when the resource
// has none). BufferOnly says that the two bookings' times do not overlap: they meet only in a
// buffer, the other's or the requested one's.
type ConflictInterval struct {
	StartAt     time.Time `json:"start_at"`
	EndAt       time.Time `json:"end_at"`
	BufferEndAt time.Time `json:"buffer_end_at"`
	BufferOnly  bool      `json:"buffer_only"`
}

// claimSeats claims seats of res for booking b over [b.StartAt, b.EndAt + buffer). It must run
// inside a transaction that has already inserted b; loc is the facility's time zone, in which a
// conflict is worded.
func (s *Service) claimSeats(ctx context.Context, res models.Resource, loc *time.Location, b models.Booking) error {
	end := b.EndAt.Add(time.Duration(res.BufferMinutes) * time.Minute)
	slots := models.ClaimSlots(b.StartAt, end)
	if len(slots) == 0 {
		return core.FieldError("end_at", "field.after_start")
	}
	existing, err := s.DB.ClaimsInRange(ctx, res.ID, slots[0], end)
	if err != nil {
		return err
	}
	used := make(map[time.Time][]int, len(slots))
	for _, c := range existing {
		used[c.SlotStart.UTC()] = append(used[c.SlotStart.UTC()], c.Seat)
	}
	var full []time.Time
	claims := make([]models.BookingClaim, 0, len(slots)*b.Seats)
	for _, slot := range slots {
		taken := used[slot]
		if len(taken)+b.Seats > res.Capacity {
			full = append(full, slot)
			continue
		}
		picked := 0
		for seat := 0; seat < res.Capacity && picked < b.Seats; seat++ {
			if !slices.Contains(taken, seat) {
				claims = append(claims, models.BookingClaim{ResourceID: res.ID, SlotStart: slot, Seat: seat, BookingID: b.ID})
				picked++
			}
		}
	}
	if len(full) > 0 {
		return s.conflictError(ctx, res, loc, b, existing, full)
	}
	if err := s.DB.InsertClaims(ctx, claims); err != nil {
		if models.IsDuplicate(err) {
			return models.ErrRetry // another booking took a seat since we read; start again
		}
		return err
	}
	return nil
}

// conflictError builds ErrBookingConflict naming the intervals of the bookings that hold the
// full slots, worded from the earliest of them: its own start and end, and its buffer when the
// two meet only there.
func (s *Service) conflictError(ctx context.Context, res models.Resource, loc *time.Location, b models.Booking, existing []models.SlotClaim, full []time.Time) error {
	var ids []int64
	for _, c := range existing {
		if slices.Contains(full, c.SlotStart.UTC()) && !slices.Contains(ids, c.BookingID) {
			ids = append(ids, c.BookingID)
		}
	}
	bookings, err := s.DB.BookingsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	buffer := time.Duration(res.BufferMinutes) * time.Minute
	intervals := make([]ConflictInterval, 0, len(bookings))
	for _, o := range bookings {
		intervals = append(intervals, ConflictInterval{StartAt: o.StartAt.UTC(), EndAt: o.EndAt.UTC(),
			BufferEndAt: o.EndAt.Add(buffer).UTC(), BufferOnly: !o.StartAt.Before(b.EndAt) || !b.StartAt.Before(o.EndAt)})
	}
	slices.SortFunc(intervals, func(x, y ConflictInterval) int { return x.StartAt.Compare(y.StartAt) })
	if len(intervals) == 0 {
		return ErrBookingConflict.Say("booking.conflict_from", "from", full[0].In(loc), "conflicts", intervals)
	}
	c := intervals[0]
	key := "booking.conflict_at"
	switch {
	case !c.BufferOnly:
	case !b.StartAt.Before(c.EndAt):
		key = "booking.conflict_buffer_after"
	default:
		key = "booking.conflict_buffer_before"
	}
	var more any = ""
	if n := len(intervals) - 1; n > 0 {
		more = core.T("booking.conflict_more", "n", n)
	}
	return ErrBookingConflict.Say(key, "from", c.StartAt.In(loc), "to", c.EndAt.In(loc), "until", c.BufferEndAt.In(loc),
		"buffer", core.Minutes(res.BufferMinutes), "more", more, "conflicts", intervals)
}

// releaseClaims frees a booking's seats on the slots that start at or after from (all of them
// when from is zero). from should lie on the claim grid: the slot containing it stays claimed.
func (s *Service) releaseClaims(ctx context.Context, bookingID int64, from time.Time) error {
	if err := s.DB.DeleteClaims(ctx, bookingID, from); err != nil {
		return fmt.Errorf("release claims of booking %d: %w", bookingID, err)
	}
	return nil
}
