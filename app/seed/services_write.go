package seed

import (
	"context"
	"errors"
	"slices"
	"time"

	"cqshare/app/booking"
	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// write inserts a played request: the row, its quotes (and the one in force), its events, its
// thread and how far each side has read it, its rating and its equipment time.
func (f *seedFlow) write(ctx context.Context, ask seedAsk, st *seedStory) error {
	s := f.s
	slices.SortStableFunc(st.messages, func(a, b models.ServiceMessage) int { return a.CreatedAt.Compare(b.CreatedAt) })
	for _, m := range st.messages {
		st.r.UpdatedAt = latest(st.r.UpdatedAt, m.CreatedAt)
	}
	if err := s.insert(ctx, &st.r); err != nil {
		return err
	}
	id := st.r.ID
	for i := range st.quotes {
		st.quotes[i].RequestID = id
		if err := s.insert(ctx, &st.quotes[i]); err != nil {
			return err
		}
	}
	if st.inForce >= 0 {
		if err := s.DB.UpdateByID(ctx, &models.ServiceRequest{}, id, map[string]any{"quote_id": st.quotes[st.inForce].ID}); err != nil {
			return err
		}
	}
	for i := range st.events {
		st.events[i].RequestID = id
	}
	if err := s.insert(ctx, &st.events); err != nil {
		return err
	}
	if len(st.messages) > 0 {
		for i := range st.messages {
			st.messages[i].RequestID = id
		}
		if err := s.insert(ctx, &st.messages); err != nil {
			return err
		}
		if err := f.reads(ctx, st); err != nil {
			return err
		}
	}
	if st.rating != nil {
		st.rating.RequestID = id
		if err := s.insert(ctx, st.rating); err != nil {
			return err
		}
	}
	if st.r.StartedAt != nil || st.r.Status == models.RequestAccepted {
		return f.equipmentTime(ctx, ask, st)
	}
	return nil
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// reads records how far the requester and the platform's manager have read the thread: all of
// it, except that on a request still open the last message, from the other side, is unread, so
// the unread counts show.
func (f *seedFlow) reads(ctx context.Context, st *seedStory) error {
	open := !slices.Contains([]models.ServiceRequestStatus{models.RequestClosed, models.RequestRejected,
		models.RequestDeclined, models.RequestCancelled}, st.r.Status)
	last := st.messages[len(st.messages)-1]
	var rows []models.ServiceMessageRead
	for _, reader := range []struct {
		id       int64
		platform bool
	}{{st.r.RequesterID, false}, {f.manager, true}} {
		upTo := last.ID
		if open && last.FromPlatform != reader.platform {
			if len(st.messages) == 1 {
				continue
			}
			upTo = st.messages[len(st.messages)-2].ID
		}
		rows = append(rows, models.ServiceMessageRead{RequestID: st.r.ID, UserID: reader.id, LastReadID: upTo})
	}
	if len(rows) == 0 {
		return nil
	}
	return f.s.insert(ctx, &rows)
}

// seedBookingStatuses are the statuses of bookings that used, or hold, their time.
var seedBookingStatuses = []models.BookingStatus{models.BookingCompleted, models.BookingNoShow, models.BookingPending,
	models.BookingConfirmed, models.BookingCheckedIn, models.BookingHeld}

// equipmentTime books the equipment a request's work used, as the platform's own time linked
// to the request: in the past, a completed booking in a free stretch of the resource's open
// time while the work went on (written as the booking history is); ahead, for a request
// accepted or under way, a confirmed booking through the booking engine's front door.
func (f *seedFlow) equipmentTime(ctx context.Context, ask seedAsk, st *seedStory) error {
	if ask.offering == nil || len(ask.offering.resources) == 0 {
		return nil
	}
	res := ask.offering.resources[f.rng.IntN(len(ask.offering.resources))]
	id := st.r.ID
	if !st.work.Empty() {
		n := 1
		if ask.offering.PriceBasis == models.PricePerHour {
			n = 2
		}
		for range n {
			if err := f.pastTime(ctx, res, st, id); err != nil {
				return err
			}
		}
	}
	if st.r.Status != models.RequestAccepted && st.r.Status != models.RequestInProgress {
		return nil
	}
	return f.aheadTime(ctx, res, st, id)
}

// pastTime inserts a completed booking of 2–4 hours from a half hour, in one of the resource's
// open spans during the work, where no other booking (with the buffers) leaves too few
// seats; none when the work left no such stretch.
func (f *seedFlow) pastTime(ctx context.Context, res models.Resource, st *seedStory, requestID int64) error {
	s := f.s
	from, to := st.work.Start, st.work.End
	taken, _, err := s.DB.ListBookings(ctx, models.BookingQuery{ResourceID: res.ID, Statuses: seedBookingStatuses,
		EndAfter: new(from.Add(-24 * time.Hour)), StartBefore: new(to.Add(24 * time.Hour)), Ascending: true}, 10000, 0)
	if err != nil {
		return err
	}
	slot := time.Duration(max(res.SlotMinutes, 15)) * time.Minute
	length := time.Duration(2+f.rng.IntN(3)) * time.Hour
	length = max(slot, length/slot*slot)
	buffer := time.Duration(res.BufferMinutes) * time.Minute
	spans := f.resCals[res.ID].Open(from, to)
	var starts []time.Time
	for _, sp := range spans {
		for t := calendar.CeilToGrid(sp.Start, 30*time.Minute); !t.Add(length).After(sp.End); t = t.Add(slot) {
			starts = append(starts, t)
		}
	}
	if len(starts) == 0 {
		return nil
	}
	first := f.rng.IntN(len(starts))
	for k := range starts {
		t := starts[(first+k)%len(starts)]
		want := calendar.Span{Start: t, End: t.Add(length)}
		if f.seatsFree(taken, res, want, buffer) {
			b := models.Booking{ResourceID: res.ID, UserID: f.manager, StartAt: want.Start, EndAt: want.End, Seats: 1,
				Purpose: core.Clip(st.r.Title, booking.MaxPurposeLength), PurposeCategory: "social_service",
				Status: models.BookingCompleted, ServiceRequestID: &requestID, FacilityTime: true,
				CreatedAt: st.r.StartedAt.UTC(), UpdatedAt: want.End}
			return s.insert(ctx, &b)
		}
	}
	return nil
}

// seatsFree reports whether a seat of the resource is free over want, counting the seats of
// every booking that overlaps it or its buffer.
func (f *seedFlow) seatsFree(taken []models.BookingView, res models.Resource, want calendar.Span, buffer time.Duration) bool {
	seats := 1
	for _, b := range taken {
		if b.StartAt.Before(want.End.Add(buffer)) && want.Start.Before(b.EndAt.Add(buffer)) {
			seats += b.Seats
		}
	}
	return seats <= res.Capacity
}

// aheadTime books two hours of the resource on one of the coming working days through the
// booking engine, confirmed since the platform books its own equipment; a day already taken or
// closed is skipped.
func (f *seedFlow) aheadTime(ctx context.Context, res models.Resource, st *seedStory, requestID int64) error {
	s := f.s
	policy := booking.FacilityTime
	policy.Status = models.BookingConfirmed
	base := localMidnight(s.now, f.loc)
	for d := 1; d < 15; d++ {
		start := base.AddDate(0, 0, d).Add(time.Duration([]int{9, 14}[d%2]) * time.Hour)
		_, err := s.booking.Reserve(ctx, core.Actor{UserID: f.manager}, booking.Reservation{ResourceID: res.ID,
			StartAt: start.UTC(), EndAt: start.Add(2 * time.Hour).UTC(), Purpose: core.Clip(st.r.Title, booking.MaxPurposeLength),
			PurposeCategory: "social_service", ServiceRequestID: &requestID}, policy)
		var ae *core.Error
		if errors.As(err, &ae) {
			continue
		}
		return err
	}
	return nil
}
