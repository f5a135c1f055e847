package booking

import (
	"context"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// Availability windows.
const (
	DefaultAvailabilityWindow = 7 * 24 * time.Hour
	MaxAvailabilityWindow     = 62 * 24 * time.Hour
)

// FreeInterval is time when a booking could take up to FreeSeats seats.
type FreeInterval struct {
	StartAt   time.Time
	EndAt     time.Time
	FreeSeats int
}

// Availability lists the free intervals of a resource in [from, to) (defaults: now and a week
// later): opening hours in the facility's time zone, plus make-up working days, minus closures
// and claimed seats, clipped to the lead time and advance window that apply to the actor.
// FreeSeats is what a booking covering the interval could take, its own buffer included. A
// resource that is not available has no free time. The facility's time zone comes with them.
func (s *Service) Availability(ctx context.Context, ac core.Actor, resourceID int64, from, to time.Time) ([]FreeInterval, *time.Location, error) {
	now := s.Now()
	from, to, err := window(from, to, now, DefaultAvailabilityWindow, MaxAvailabilityWindow)
	if err != nil {
		return nil, nil, err
	}
	res, fac, err := s.DB.ResourceWithFacility(ctx, resourceID)
	if err != nil {
		return nil, nil, core.NotFound(err)
	}
	loc := s.catalog.Location(fac)
	items, err := s.freeTime(ctx, ac, res, fac, loc, from, to, now)
	return items, loc, err
}

// freeTime computes the free intervals of Availability.
func (s *Service) freeTime(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, loc *time.Location, from, to, now time.Time) ([]FreeInterval, error) {
	if res.Status != models.ResourceAvailable {
		return []FreeInterval{}, nil
	}
	lo, hi := bookableRange(res.Rules, loc, now, ac.ManagesFacility(fac.ID))
	if lo.After(from) {
		from = lo
	}
	if !hi.IsZero() && hi.Before(to) {
		to = hi
	}
	if !from.Before(to) {
		return []FreeInterval{}, nil
	}
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, from, to)
	if err != nil {
		return nil, err
	}
	open := calendar.ForFacility(loc, fac, res.ID, blackouts).Open(from, to)
	if len(open) == 0 {
		return []FreeInterval{}, nil
	}
	tail := bufferSlots(res.BufferMinutes)
	counts, err := s.DB.ClaimCountsInRange(ctx, []int64{res.ID}, from.Truncate(models.ClaimGrid),
		to.Add(time.Duration(tail+1)*models.ClaimGrid))
	if err != nil {
		return nil, err
	}
	return freeIntervals(open, counts[res.ID], res.Capacity, tail), nil
}

// window checks a [from, to) query window, filling in the defaults.
func window(from, to, now time.Time, def, max time.Duration) (time.Time, time.Time, error) {
	if from.IsZero() {
		from = now
	}
	if to.IsZero() {
		to = from.Add(def)
	}
	if !to.After(from) {
		return from, to, core.RuleError("to", "window", "field.after_from")
	}
	if to.Sub(from) > max {
		return from, to, core.RuleError("to", "max_window", "booking.max_window", "days", core.Days(max/(24*time.Hour)))
	}
	return from.UTC(), to.UTC(), nil
}

// bookableRange is when a booking by the actor may start: from now plus the lead time, rounded
// up to the slot grid of the facility's local time, to now plus the advance window (zero: no
// limit). Managers of the facility and admins are only held to now.
func bookableRange(r models.Rules, loc *time.Location, now time.Time, exempt bool) (time.Time, time.Time) {
	lo, hi := now, time.Time{}
	if !exempt {
		lo = now.Add(time.Duration(r.MinLeadMinutes) * time.Minute)
		if r.MaxAdvanceDays > 0 {
			hi = now.AddDate(0, 0, r.MaxAdvanceDays)
		}
	}
	return calendar.CeilToSlot(lo, loc, r.SlotMinutes), hi
}

// bufferSlots is how many claim-grid slots a buffer spans.
func bufferSlots(bufferMinutes int) int {
	g := int(models.ClaimGrid / time.Minute)
	return (bufferMinutes + g - 1) / g
}

// freeIntervals cuts the open spans at the claim grid and gives each piece the seats a booking
// covering it could take: the capacity less the most seats claimed in its slot and the tail
// slots after it that the booking's own buffer would claim. Adjacent pieces with the same free
// seats are merged; pieces with none are left out.
func freeIntervals(open []calendar.Span, used map[time.Time]int, capacity, tail int) []FreeInterval {
	out := []FreeInterval{}
	for _, s := range open {
		for t := s.Start; t.Before(s.End); {
			slot := t.Truncate(models.ClaimGrid)
			next := slot.Add(models.ClaimGrid)
			if next.After(s.End) {
				next = s.End
			}
			taken := 0
			for k := 0; k <= tail; k++ {
				taken = max(taken, used[slot.Add(time.Duration(k)*models.ClaimGrid)])
			}
			if free := capacity - taken; free > 0 {
				if n := len(out); n > 0 && out[n-1].EndAt.Equal(t) && out[n-1].FreeSeats == free {
					out[n-1].EndAt = next
				} else {
					out = append(out, FreeInterval{StartAt: t, EndAt: next, FreeSeats: free})
				}
			}
			t = next
		}
	}
	return out
}
