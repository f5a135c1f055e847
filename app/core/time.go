package core

import "time"

// The times the application accepts: what every engine stores and JSON can carry back (a year
// outside 0–9999 cannot be encoded; MySQL's DATETIME starts at 1000).
var (
	earliestTime = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	latestTime   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// ValidTime reports whether t lies in the range of times the application accepts.
func ValidTime(t time.Time) bool { return !t.Before(earliestTime) && t.Before(latestTime) }

// CheckTime names the field when t is outside the accepted times.
func CheckTime(fields map[string]Text, field string, t time.Time) {
	if !ValidTime(t) {
		fields[field] = T("field.time_range", "min", earliestTime.Year(), "max", latestTime.Year())
	}
}
