package core

import (
	"time"

	"cqshare/models"
)

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

// CheckDays checks two days written YYYY-MM-DD, either left empty when it is optional (toField
// "" for a single day): each given must be a date, and the second not before the first. It names
// the fields at fault in fields.
func CheckDays(fields map[string]Text, fromField, from, toField, to string) {
	var first, last time.Time
	var errFirst, errLast error
	if from != "" {
		if first, errFirst = time.Parse(models.DayFormat, from); errFirst != nil {
			fields[fromField] = T("field.datetime")
		}
	}
	if to != "" {
		if last, errLast = time.Parse(models.DayFormat, to); errLast != nil {
			fields[toField] = T("field.datetime")
		}
	}
	if from != "" && to != "" && errFirst == nil && errLast == nil && last.Before(first) {
		fields[toField] = T("field.not_before_start")
	}
}
