package reports

import (
	"time"

	"cqshare/models"
)

// periodOf is the first and the last day of the period of the kind that holds day (a date at
// UTC midnight): the day itself, its ISO week from Monday, its month or its year.
func periodOf(kind string, day time.Time) (first, last time.Time) {
	switch kind {
	case models.PeriodWeek:
		first = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
		return first, first.AddDate(0, 0, 6)
	case models.PeriodMonth:
		first = time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(0, 1, -1)
	case models.PeriodYear:
		first = time.Date(day.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		return first, first.AddDate(1, 0, -1)
	}
	return day, day
}

// spanOf is the days of the whole periods of the kind that the days [from, to] touch.
func spanOf(kind string, from, to time.Time) [2]string {
	first, _ := periodOf(kind, from)
	_, last := periodOf(kind, to)
	return [2]string{first.Format(models.DayFormat), last.Format(models.DayFormat)}
}

// rollupSpans are the spans of every kind for the days [from, to].
func rollupSpans(from, to time.Time) models.RollupSpans {
	out := models.RollupSpans{}
	for _, kind := range Periods {
		out[kind] = spanOf(kind, from, to)
	}
	return out
}
