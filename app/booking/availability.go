package booking

import (
	"context"
	"errors"
	"slices"
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

// ClosedInterval is time a user cannot book whoever holds it, and the rule that closes it: the
// rule code of the refusal a booking there would get (opening_hours, blackout, min_lead,
// max_advance, weekly_quota, qualification, credit, resource_unavailable) and, for a blackout,
// the reason the facility gave.
type ClosedInterval struct {
	StartAt time.Time
	EndAt   time.Time
	Rule    string
	Reason  string
}

// Availability is what one user could book of a resource in a window: the free intervals, the
// intervals open to them but taken by others' bookings (where a waitlist helps), and the closed
// ones with why, by the booking engine's own rules. BookableUntil is the end of the user's
// advance window (zero: none).
type Availability struct {
	Free          []FreeInterval
	Taken         []calendar.Span
	Closed        []ClosedInterval
	BookableUntil time.Time
	Location      *time.Location
}

// Availability tells a user what they could book of a resource in [from, to) (defaults: now and
// a week later): opening hours in the facility's time zone, plus make-up working days, minus
// closures and claimed seats, clipped to the lead time and advance window that apply to the
// actor, closed where the user's weekly quota is used up or they lack the qualification the
// resource needs. FreeSeats is what a booking covering the interval could take, its own buffer
// included. A resource that is not available has no free time.
func (s *Service) Availability(ctx context.Context, ac core.Actor, resourceID int64, from, to time.Time) (Availability, error) {
	now := s.Now()
	from, to, err := window(from, to, now, DefaultAvailabilityWindow, MaxAvailabilityWindow)
	if err != nil {
		return Availability{}, err
	}
	res, fac, err := s.DB.ResourceWithFacility(ctx, resourceID)
	if err != nil {
		return Availability{}, core.NotFound(err)
	}
	a, err := s.availability(ctx, ac, res, fac, from, to, now)
	slices.SortFunc(a.Closed, func(x, y ClosedInterval) int { return x.StartAt.Compare(y.StartAt) })
	return a, err
}

// availability computes Availability for a resource its caller has loaded, in a few queries
// whatever the window: the user, their qualification, the blackouts, their bookings of the
// weeks (for the quota) and the claims.
func (s *Service) availability(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, from, to, now time.Time) (Availability, error) {
	loc := s.catalog.Location(fac)
	a := Availability{Free: []FreeInterval{}, Taken: []calendar.Span{}, Closed: []ClosedInterval{}, Location: loc}
	closeAll := func(rule string, until time.Time) {
		a.Closed = append(a.Closed, ClosedInterval{StartAt: from, EndAt: until, Rule: rule})
	}
	if res.Status != models.ResourceAvailable {
		closeAll("resource_unavailable", to)
		return a, nil
	}
	var refused *core.Error
	if err := s.checkBooker(ctx, ac.UserID, res, loc, now); errors.As(err, &refused) {
		until, _ := refused.Details["until"].(time.Time) // a suspension ends
		if until.IsZero() || until.After(to) {
			closeAll(refused.Rule, to)
			return a, nil
		}
		closeAll(refused.Rule, until)
		from = until
	} else if err != nil {
		return a, err
	}
	lo, hi := bookableRange(res.Rules, loc, now, ac.ManagesFacility(fac.ID))
	a.BookableUntil = hi
	if lo.After(from) {
		a.Closed = append(a.Closed, ClosedInterval{StartAt: from, EndAt: minTime(lo, to), Rule: "min_lead"})
		from = lo
	}
	if !hi.IsZero() && hi.Before(to) {
		if start := maxTime(hi, from); start.Before(to) {
			a.Closed = append(a.Closed, ClosedInterval{StartAt: start, EndAt: to, Rule: "max_advance"})
		}
		to = hi
	}
	if !from.Before(to) {
		return a, nil
	}
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, from, to)
	if err != nil {
		return a, err
	}
	cal := calendar.ForFacility(loc, fac, res.ID, blackouts)
	closures := cal.Closures(from, to)
	cut := make([]calendar.Span, 0, len(closures))
	for _, cl := range closures {
		a.Closed = append(a.Closed, ClosedInterval{StartAt: cl.Start, EndAt: cl.End, Rule: "blackout", Reason: cl.Reason})
		cut = append(cut, cl.Span)
	}
	for _, sp := range calendar.Subtract([]calendar.Span{{Start: from, End: to}}, append(cut, cal.Scheduled(from, to)...)) {
		a.Closed = append(a.Closed, ClosedInterval{StartAt: sp.Start, EndAt: sp.End, Rule: "opening_hours"})
	}
	open := cal.Open(from, to)
	if open, err = s.closeUsedWeeks(ctx, ac, res, loc, open, &a); err != nil {
		return a, err
	}
	if len(open) > 0 {
		tail := bufferSlots(res.BufferMinutes)
		counts, err := s.DB.ClaimCountsInRange(ctx, []int64{res.ID}, from.Truncate(models.ClaimGrid),
			to.Add(time.Duration(tail+1)*models.ClaimGrid))
		if err != nil {
			return a, err
		}
		a.Free = freeIntervals(open, counts[res.ID], res.Capacity, tail)
		free := make([]calendar.Span, 0, len(a.Free))
		for _, f := range a.Free {
			free = append(free, calendar.Span{Start: f.StartAt, End: f.EndAt})
		}
		a.Taken = calendar.Subtract(open, free)
	}
	return a, nil
}

// closeUsedWeeks closes, in the open spans, the local weeks in which the user's weekly quota of
// the resource has less left than the shortest booking, and returns the spans still open.
func (s *Service) closeUsedWeeks(ctx context.Context, ac core.Actor, res models.Resource, loc *time.Location, open []calendar.Span, a *Availability) ([]calendar.Span, error) {
	if res.WeeklyQuotaMinutes <= 0 || len(open) == 0 {
		return open, nil
	}
	weeks, err := s.weeklyUse(ctx, ac.UserID, res, loc, calendar.Span{Start: open[0].Start, End: open[len(open)-1].End})
	if err != nil {
		return nil, err
	}
	shortest := time.Duration(max(res.MinMinutes, res.SlotMinutes, 1)) * time.Minute
	var used []calendar.Span
	for _, w := range weeks {
		if time.Duration(res.WeeklyQuotaMinutes)*time.Minute-w.used >= shortest {
			continue
		}
		for _, sp := range open {
			if c := sp.Clip(w.week.Start, w.week.End); !c.Empty() {
				a.Closed = append(a.Closed, ClosedInterval{StartAt: c.Start, EndAt: c.End, Rule: "weekly_quota"})
				used = append(used, c)
			}
		}
	}
	return calendar.Subtract(open, used), nil
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
func freeIntervals(open []calendar.Span, used models.SlotCounts, capacity, tail int) []FreeInterval {
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
				taken = max(taken, used.At(slot.Add(time.Duration(k)*models.ClaimGrid)))
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
