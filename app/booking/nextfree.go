package booking

import (
	"context"
	"errors"
	"slices"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
)

// nextFreeRules are the rules whose refusal another time could cure.
var nextFreeRules = []string{"min_lead", "max_advance", "opening_hours", "blackout", "weekly_quota"}

// withNextFree adds to a refusal of a person's reservation, where another time would do (a
// rule of time or the calendar, the seats taken), the next interval of the same length from
// the requested start on that the user could book: Details "next_free" with start_at and end_at
// in the facility's time. Any other error, or none found, leaves err as it is.
func (s *Service) withNextFree(ctx context.Context, ac core.Actor, r Reservation, err error) error {
	var ae *core.Error
	if !errors.As(err, &ae) {
		return err
	}
	if curable := ae.Code == ErrBookingConflict.Code || ae.Kind == core.KindRule && slices.Contains(nextFreeRules, ae.Rule); !curable {
		return err
	}
	next, loc, found, nerr := s.nextFree(ctx, ac, r)
	if nerr != nil {
		s.Log.WarnContext(ctx, "next free slot", "resource_id", r.ResourceID, "error", nerr)
		return err
	}
	if !found {
		return err
	}
	return ae.WithDetails(map[string]any{"next_free": map[string]any{"start_at": next.Start.In(loc), "end_at": next.End.In(loc)}})
}

// nextFree finds the first interval as long as r, starting on the slot grid at or after r's
// start (and now), within the availability window, where the user could book r's seats: free
// of claims and closures, within their timing rules and weekly quota.
func (s *Service) nextFree(ctx context.Context, ac core.Actor, r Reservation) (calendar.Span, *time.Location, bool, error) {
	length := r.EndAt.Sub(r.StartAt)
	if length <= 0 {
		return calendar.Span{}, nil, false, nil
	}
	res, fac, err := s.DB.ResourceWithFacility(ctx, r.ResourceID)
	if err != nil {
		return calendar.Span{}, nil, false, err
	}
	now := s.Now()
	from := maxTime(r.StartAt.UTC(), now)
	a, err := s.availability(ctx, ac, res, fac, from, from.Add(MaxAvailabilityWindow), now)
	if err != nil || len(a.Free) == 0 {
		return calendar.Span{}, a.Location, false, err
	}
	var weeks []weekUse
	if res.WeeklyQuotaMinutes > 0 {
		if weeks, err = s.weeklyUse(ctx, ac.UserID, res, a.Location, calendar.Span{Start: a.Free[0].StartAt, End: a.Free[len(a.Free)-1].EndAt.Add(length)}); err != nil {
			return calendar.Span{}, a.Location, false, err
		}
	}
	exempt := ac.ManagesFacility(fac.ID)
	step := time.Duration(max(res.SlotMinutes, 1)) * time.Minute
	for _, run := range seatRuns(a.Free, max(r.Seats, 1)) {
		for t := calendar.CeilToSlot(run.Start, a.Location, res.SlotMinutes); !t.Add(length).After(run.End); t = t.Add(step) {
			want := calendar.Span{Start: t, End: t.Add(length)}
			if checkTiming(res.Rules, a.Location, want, now, exempt) == nil && !overQuota(weeks, res.WeeklyQuotaMinutes, want) {
				return want, a.Location, true, nil
			}
		}
	}
	return calendar.Span{}, a.Location, false, nil
}

// seatRuns joins the adjacent free intervals with at least the given seats into runs.
func seatRuns(free []FreeInterval, seats int) []calendar.Span {
	var out []calendar.Span
	for _, f := range free {
		if f.FreeSeats < seats {
			continue
		}
		if n := len(out); n > 0 && out[n-1].End.Equal(f.StartAt) {
			out[n-1].End = f.EndAt
			continue
		}
		out = append(out, calendar.Span{Start: f.StartAt, End: f.EndAt})
	}
	return out
}
