package calendar

import "time"

// The working-time arithmetic of service levels (app/services): a platform's first response,
// quote and turnaround are counted in its open time (opening hours and make-up days, less
// closures), never in nights, weekends or holidays.

// horizon bounds how far the working-time arithmetic looks ahead: a calendar with no open time
// in it (a platform without opening hours) answers the horizon's end instead of looping.
const horizon = 400 * 24 * time.Hour

// WorkingBetween is the open time in [from, to), rounded down to whole minutes; 0 when to is not
// after from.
func (c Calendar) WorkingBetween(from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	var d time.Duration
	for _, s := range c.Open(from, to) {
		d += s.Duration()
	}
	return int(d / time.Minute)
}

// AddWorking is the moment minutes of open time after from (from itself when minutes <= 0 and
// from is open or not). Open time is scanned a week at a time, up to the horizon.
func (c Calendar) AddWorking(from time.Time, minutes int) time.Time {
	left := time.Duration(minutes) * time.Minute
	if left <= 0 {
		return from
	}
	for start := from; start.Before(from.Add(horizon)); start = start.Add(7 * 24 * time.Hour) {
		for _, s := range c.Open(start, start.Add(7*24*time.Hour)) {
			if s.Duration() >= left {
				return s.Start.Add(left)
			}
			left -= s.Duration()
		}
	}
	return from.Add(horizon)
}

// AddWorkingDays is the end of the days-th local day after from's day that has open time (a
// working day), so five working days from a Friday end on the next Friday's close of day.
func (c Calendar) AddWorkingDays(from time.Time, days int) time.Time {
	day := from.In(c.loc)
	day = Midnight(day.Year(), day.Month(), day.Day(), c.loc)
	for n, i := 0, 0; i < int(horizon/(24*time.Hour)); i++ {
		day = Midnight(day.Year(), day.Month(), day.Day()+1, c.loc)
		next := Midnight(day.Year(), day.Month(), day.Day()+1, c.loc)
		if len(c.Open(day, next)) == 0 {
			continue
		}
		if n++; n == days {
			return next.UTC()
		}
	}
	return from.Add(horizon)
}

// EndOfDay is the end (next local midnight, in UTC) of a local date YYYY-MM-DD in the
// calendar's zone.
func (c Calendar) EndOfDay(date string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return time.Time{}, err
	}
	return Midnight(d.Year(), d.Month(), d.Day()+1, c.loc).UTC(), nil
}
