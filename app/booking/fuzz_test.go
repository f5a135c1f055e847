package booking

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// fuzzZones are a zone without DST since 1991, one with DST at 02:00, two whose DST begins at
// midnight and one with a 30-minute DST.
var fuzzZones = []string{"Asia/Shanghai", "America/New_York", "America/Santiago", "America/Havana", "Australia/Lord_Howe"}

// FuzzWeeklyOccurrences checks the dates of a weekly recurring booking: the first is the one
// asked for; each starts before it ends, lasts as long as the first give or take an offset
// change, starts at the first's local time unless a DST gap moved it, every interval weeks,
// never after the until date (a wall time the clocks skip that day is when they jump); their number respects count and the cap; and the RRULE says
// the interval and count.
func FuzzWeeklyOccurrences(f *testing.F) {
	monday := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC).Unix()
	f.Add(monday, int64(120), 1, 10, -1, uint8(0), true)
	f.Add(monday, int64(120), 2, 0, 90, uint8(1), false)
	f.Add(monday, int64(60), 0, 0, 0, uint8(0), true)
	f.Add(monday, int64(60), 5, 10, -1, uint8(0), true)
	f.Add(monday, int64(60), 1, 31, -1, uint8(0), true)
	f.Add(monday, int64(-60), 1, 3, -1, uint8(0), true)
	f.Add(monday, int64(60), 1, 0, 400, uint8(2), true)
	f.Add(monday, int64(60), 1, -1, -1, uint8(0), false)
	f.Add(time.Date(2026, 8, 30, 4, 0, 0, 0, time.UTC).Unix(), int64(60), 1, 4, -1, uint8(2), true) // Santiago 00:00, a week before its DST
	f.Add(time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC).Unix(), int64(30), 1, 4, -1, uint8(3), true)  // Havana 00:00, a week before its DST
	f.Add(time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC).Unix(), int64(60), 1, 4, -1, uint8(1), true) // New York 02:30, a week before its DST
	f.Add(time.Date(2024, 2, 29, 1, 0, 0, 0, time.UTC).Unix(), int64(1440*7), 1, 30, -1, uint8(0), true)
	f.Add(int64(0), int64(1)<<40, 1<<40, 1<<40, 1<<30, uint8(4), true)
	f.Fuzz(func(t *testing.T, startUnix, minutes int64, interval, count, untilDays int, zone uint8, skip bool) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		const accepted = 230 * 365 * 86400 // 1970 to 2200, the times the application accepts
		start := time.Unix((startUnix%accepted+accepted)%accepted, 0).UTC()
		in := RecurringInput{Reservation: Reservation{StartAt: start, EndAt: start.Add(time.Duration(minutes%(1<<30)) * time.Minute)},
			Interval: interval, Count: count, Mode: RecurrenceAllOrNothing}
		if skip {
			in.Mode = RecurrenceSkipConflicts
		}
		if untilDays >= 0 {
			until := start.In(loc).AddDate(0, 0, untilDays%2000)
			in.Until = &until
		}
		dates, rule, err := weeklyOccurrences(in, loc)
		if err != nil {
			return
		}
		if interval == 0 {
			interval = 1
		}
		if len(dates) == 0 || len(dates) > MaxOccurrences || count > 0 && len(dates) > count || !dates[0][0].Equal(start) {
			t.Fatalf("%+v: %d dates, the first %v", in, len(dates), dates[0])
		}
		first := start.In(loc)
		length := in.EndAt.Sub(in.StartAt)
		for i, d := range dates {
			s, e := d[0].In(loc), d[1].In(loc)
			if !s.Before(e) || e.Sub(s)-length > time.Hour || length-e.Sub(s) > time.Hour {
				t.Fatalf("%+v: occurrence %d %v–%v, the first lasts %v", in, i, s, e, length)
			}
			if y, m, day := time.Date(first.Year(), first.Month(), first.Day()+7*interval*i, 0, 0, 0, 0, time.UTC).Date(); s.Year() != y || s.Month() != m || s.Day() != day {
				t.Fatalf("%+v: occurrence %d on %v, want %d-%d-%d", in, i, s, y, m, day)
			}
			if _, off := s.Zone(); off == offsetOf(first) && (s.Hour() != first.Hour() || s.Minute() != first.Minute()) {
				t.Fatalf("%+v: occurrence %d at %v, not at the first's %v", in, i, s, first)
			}
			if in.Until != nil {
				uy, um, ud := in.Until.Date()
				if s.After(time.Date(uy, um, ud, 23, 59, 59, 0, loc)) {
					t.Fatalf("%+v: occurrence %d at %v, after the until date", in, i, s)
				}
			}
		}
		if !strings.HasPrefix(rule, fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d", interval)) ||
			count > 0 && !strings.Contains(rule, fmt.Sprintf(";COUNT=%d", count)) || (in.Until != nil) != strings.Contains(rule, ";UNTIL=") {
			t.Fatalf("%+v: rule %q", in, rule)
		}
	})
}

func offsetOf(t time.Time) int {
	_, off := t.Zone()
	return off
}
