package reports

import (
	"context"
	"fmt"
	"time"

	"cqshare/app/calendar"
	"cqshare/models"
)

// chunkDays is how many days one transaction of a rollup computes: a year's backfill commits
// in steps, so that the single SQLite writer is never held for long.
const chunkDays = 31

// catchUpDays bounds how far back the nightly run reaches for days no run computed (the
// server was down): older gaps are for `server rollup`.
const catchUpDays = 31

// Rollup recomputes the resource-days of the local days [from, to] (YYYY-MM-DD, in each
// facility's zone) and clears their dirty marks; it returns how many resource-days it wrote.
// Running it twice writes the same rows. The days are marked dirty until the last transaction,
// which clears the marks, so that a run cut off before it (its server killed, a write failing)
// leaves them to the next nightly run, which recomputes dirty days, though its own days begin
// after them.
func (s *Service) Rollup(ctx context.Context, from, to string) (int64, error) {
	first, err := time.Parse(models.DayFormat, from)
	if err != nil {
		return 0, fmt.Errorf("from: %w", err)
	}
	last, err := time.Parse(models.DayFormat, to)
	if err != nil {
		return 0, fmt.Errorf("to: %w", err)
	}
	if last.Before(first) {
		return 0, fmt.Errorf("the range %s … %s ends before it starts", from, to)
	}
	longest, err := s.DB.LongestReportedBooking(ctx)
	if err != nil {
		return 0, err
	}
	// To the second, as every engine stores it, so that the marks made now are cleared.
	started := s.Now().Truncate(time.Second)
	var days []string
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format(models.DayFormat))
	}
	if err := s.DB.MarkDaysDirty(ctx, days, started); err != nil {
		return 0, fmt.Errorf("mark %s … %s dirty: %w", from, to, err)
	}
	var rows int64
	for start := first; !start.After(last); start = start.AddDate(0, 0, chunkDays) {
		end := start.AddDate(0, 0, chunkDays-1)
		if end.After(last) {
			end = last
		}
		n, err := s.rollupChunk(ctx, start, end, time.Duration(longest)*time.Second)
		if err != nil {
			return rows, fmt.Errorf("rollup %s … %s: %w", start.Format(models.DayFormat), end.Format(models.DayFormat), err)
		}
		rows += n
	}
	// The facilities', consortia's and city's periods that hold the range, once for the range:
	// a year's backfill sums its months and year once, not once per chunk.
	spans := rollupSpans(first, last)
	err = s.Tx(ctx, func(ctx context.Context) error { return s.DB.WriteRollups(ctx, spans, s.Now()) })
	if err != nil {
		return rows, fmt.Errorf("rollups %s … %s: %w", from, to, err)
	}
	// The unique users and the tech platforms' and training bases' figures (counted per period
	// and scope: medians and distinct counts) are counted outside the transaction (a long read
	// must not hold the single SQLite writer) and written in a short one; a run that changes
	// them again later rewrites them.
	users, err := s.DB.CountRollupUsers(ctx, spans)
	if err != nil {
		return rows, fmt.Errorf("unique users %s … %s: %w", from, to, err)
	}
	now := s.Now()
	services, err := s.DB.CountServiceFigures(ctx, spans, now)
	if err != nil {
		return rows, fmt.Errorf("service figures %s … %s: %w", from, to, err)
	}
	err = s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.SetRollupUsers(ctx, spans, users); err != nil {
			return err
		}
		if err := s.DB.SetServiceFigures(ctx, spans, services, now); err != nil {
			return err
		}
		return s.DB.ClearDirtyDays(ctx, from, to, started)
	})
	if err != nil {
		return rows, fmt.Errorf("unique users and service figures %s … %s: %w", from, to, err)
	}
	return rows, nil
}

// rollupChunk computes the days [first, last] (dates at UTC midnight) in one transaction;
// their dirty marks stay until Rollup's last transaction.
func (s *Service) rollupChunk(ctx context.Context, first, last time.Time, longest time.Duration) (int64, error) {
	from, to := first.Format(models.DayFormat), last.Format(models.DayFormat)
	var rows int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		now := s.Now()
		if err := s.writeOpenDays(ctx, first, last); err != nil {
			return err
		}
		// Every zone's local day lies within 14 hours before and 12 after the UTC day.
		lower := first.Add(-14*time.Hour - longest)
		upper := last.AddDate(0, 0, 1).Add(12 * time.Hour)
		n, err := s.DB.RollupDays(ctx, from, to, lower, upper, now)
		if err != nil {
			return err
		}
		rows = n
		return nil
	})
	return rows, err
}

// writeOpenDays writes each facility's calendar days [first, last]: their bounds in UTC and
// the minutes they are open (opening hours and make-up working days, less closures), and for
// each resource with closures of its own the days where those make its open minutes differ.
// This is the one part computed in Go (the opening hours are JSON), per facility-day, never
// per booking.
func (s *Service) writeOpenDays(ctx context.Context, first, last time.Time) error {
	facilities, err := s.DB.AllFacilities(ctx)
	if err != nil {
		return err
	}
	from, to := first.Format(models.DayFormat), last.Format(models.DayFormat)
	for _, fac := range facilities {
		loc := s.location(fac.TimeZone)
		begin := calendar.Midnight(first.Year(), first.Month(), first.Day(), loc)
		end := calendar.Midnight(last.Year(), last.Month(), last.Day()+1, loc)
		blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, begin, end)
		if err != nil {
			return err
		}
		own := calendar.ForFacility(loc, fac, 0, blackouts)
		resources := map[int64]calendar.Calendar{}
		for _, b := range blackouts {
			if b.ResourceID != nil {
				resources[*b.ResourceID] = calendar.ForFacility(loc, fac, *b.ResourceID, blackouts)
			}
		}
		var rows []models.ReportOpenDay
		for day := begin; day.Before(end); day = calendar.Midnight(day.Year(), day.Month(), day.Day()+1, loc) {
			next := calendar.Midnight(day.Year(), day.Month(), day.Day()+1, loc)
			row := models.ReportOpenDay{FacilityID: fac.ID, Day: day.Format(models.DayFormat),
				Week: calendar.WeekStart(day, loc).Format(models.DayFormat), StartS: day.Unix(), EndS: next.Unix(),
				OpenMinutes: openMinutes(own, day, next)}
			rows = append(rows, row)
			for id, cal := range resources {
				if m := openMinutes(cal, day, next); m != row.OpenMinutes {
					r := row
					r.ResourceID, r.OpenMinutes = id, m
					rows = append(rows, r)
				}
			}
		}
		if err := s.DB.ReplaceOpenDays(ctx, fac.ID, from, to, rows); err != nil {
			return err
		}
	}
	return nil
}

// openMinutes is how many minutes of [from, to) the calendar is open.
func openMinutes(c calendar.Calendar, from, to time.Time) int64 {
	var d time.Duration
	for _, sp := range c.Open(from, to) {
		d += sp.Duration()
	}
	return int64(d / time.Minute)
}

// RollupNightly is the reports_rollup job: it computes yesterday, in every facility's zone,
// the days since the last run when a run was missed (up to catchUpDays back), and every day a
// late change marked dirty. It returns how many resource-days it wrote.
func (s *Service) RollupNightly(ctx context.Context) (int64, error) {
	facilities, err := s.DB.AllFacilities(ctx)
	if err != nil {
		return 0, err
	}
	now := s.Now()
	var from, to string
	for _, zone := range append([]*time.Location{s.defaultTZ}, zones(s, facilities)...) {
		y := now.In(zone).AddDate(0, 0, -1).Format(models.DayFormat)
		if from == "" || y < from {
			from = y
		}
		if y > to {
			to = y
		}
	}
	last, err := s.DB.LastRolledDay(ctx)
	if err != nil {
		return 0, err
	}
	if last != "" && last < from {
		next, err := time.Parse(models.DayFormat, last)
		if err != nil {
			return 0, err
		}
		floor, _ := time.Parse(models.DayFormat, from)
		next = next.AddDate(0, 0, 1)
		if limit := floor.AddDate(0, 0, -catchUpDays); next.Before(limit) {
			next = limit
		}
		from = next.Format(models.DayFormat)
	}
	rows, err := s.Rollup(ctx, from, to)
	if err != nil {
		return rows, err
	}
	dirty, err := s.DB.DirtyDays(ctx)
	if err != nil {
		return rows, err
	}
	for _, r := range dayRanges(dirty) {
		n, err := s.Rollup(ctx, r[0], r[1])
		rows += n
		if err != nil {
			return rows, err
		}
	}
	return rows, nil
}

func zones(s *Service, facilities []models.Facility) []*time.Location {
	out := make([]*time.Location, len(facilities))
	for i, f := range facilities {
		out[i] = s.location(f.TimeZone)
	}
	return out
}

// dayRanges groups sorted days into runs of consecutive days, [first, last] each.
func dayRanges(days []string) [][2]string {
	var out [][2]string
	var prev time.Time
	for _, d := range days {
		t, err := time.Parse(models.DayFormat, d)
		if err != nil {
			continue
		}
		if n := len(out); n > 0 && t.Equal(prev.AddDate(0, 0, 1)) {
			out[n-1][1] = d
		} else {
			out = append(out, [2]string{d, d})
		}
		prev = t
	}
	return out
}
