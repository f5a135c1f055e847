package calendar

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"cqshare/models"
)

// FuzzParseClock checks that an accepted time of day lies in 00:00–24:00 and reads back the
// same from its canonical HH:MM form.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"08:00", "00:00", "24:00", "8:30", "23:59", "24:01", "12:60", "-1:00",
		"-0:30", "+8:00", "08:-0", "", ":", "0800", "08:00:00", "０８:００", "08\x00:00", "\xff:00",
		"\u200f08:00", "99999999999999999999:00", "1e3:00", " 8:00", "08: 00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseClock(s)
		if err != nil {
			return
		}
		if m < 0 || m > 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside 0–1440", s, m)
		}
		canonical := fmt.Sprintf("%02d:%02d", m/60, m%60)
		if back, err := ParseClock(canonical); err != nil || back != m {
			t.Fatalf("ParseClock(%q) = %d, but its form %q reads %d, %v", s, m, canonical, back, err)
		}
	})
}

// fuzzZones are zones with the shapes of offset change a calendar meets: none since 1991
// (Shanghai, with DST from 1986 to 1991), DST at 02:00 (New York), DST that begins at midnight,
// so that the day has no 00:00 (São Paulo until 2019, Santiago and Havana), a 30-minute DST
// (Lord Howe) and a quarter-hour offset (Kathmandu).
var fuzzZones = []string{"Asia/Shanghai", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe",
	"Asia/Kathmandu", "UTC", "America/Santiago", "America/Havana"}

// FuzzScheduled builds a calendar from weekly hours given as JSON (as a facility's row holds
// them) and checks the open time of a week from a fuzzed day: sorted, disjoint, non-empty spans
// inside the asked range, on local days and times the hours name, and exactly the hours' total
// in a week with no offset change.
func FuzzScheduled(f *testing.F) {
	seeds := []struct {
		hours string
		zone  uint8
		unix  int64
	}{
		{`[{"weekday":1,"start":"08:00","end":"18:00"}]`, 0, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC).Unix()},
		{`[{"weekday":0,"start":"01:00","end":"04:00"}]`, 1, time.Date(2026, 3, 8, 0, 0, 0, 0, time.UTC).Unix()},  // spring forward
		{`[{"weekday":0,"start":"00:00","end":"24:00"}]`, 1, time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix()}, // fall back
		{`[{"weekday":0,"start":"00:00","end":"01:00"}]`, 2, time.Date(2018, 11, 4, 0, 0, 0, 0, time.UTC).Unix()}, // no midnight
		{`[{"weekday":0,"start":"01:00","end":"03:00"}]`, 0, time.Date(1988, 4, 10, 0, 0, 0, 0, time.UTC).Unix()}, // Shanghai's DST
		{`[{"weekday":6,"start":"20:00","end":"24:00"},{"weekday":0,"start":"00:00","end":"02:00"}]`, 3, 0},
		{`[{"weekday":2,"start":"02:00","end":"02:30"}]`, 4, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC).Unix()}, // leap day
		{`[{"weekday":9,"start":"bad","end":"24:01"}]`, 5, -1},
		{`[{"weekday":0,"start":"00:00","end":"24:00"}]`, 6, time.Date(2026, 9, 5, 0, 0, 0, 0, time.UTC).Unix()}, // Santiago, no midnight
		{`[{"weekday":0,"start":"00:00","end":"09:00"}]`, 7, time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC).Unix()}, // Havana, no midnight
		{`[]`, 0, 1 << 40},
		{`[{"weekday":1,"start":"08:00","end":"10:00"}]`, 0, time.Date(2026, 3, 2, 0, 0, 4, 0, time.UTC).Unix()}, // a week ending 4 s into an open period
	}
	for _, s := range seeds {
		f.Add([]byte(s.hours), s.zone, s.unix)
	}
	f.Fuzz(func(t *testing.T, hoursJSON []byte, zone uint8, unix int64) {
		var hours []models.OpeningInterval
		if json.Unmarshal(hoursJSON, &hours) != nil || len(hours) > 50 {
			return
		}
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		const accepted = 230 * 365 * 86400 // the times the application accepts: 1970 to 2200
		from := time.Unix((unix%accepted+accepted)%accepted, 0).UTC()
		to := from.Add(7 * 24 * time.Hour)
		c := ForFacility(loc, models.Facility{OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours}}, 1, nil)
		spans := c.Scheduled(from, to)
		var total time.Duration
		for i, s := range spans {
			if s.Empty() || s.Start.Before(from) || s.End.After(to) {
				t.Fatalf("span %d %v–%v is empty or outside %v–%v", i, s.Start, s.End, from, to)
			}
			if i > 0 && !spans[i-1].End.Before(s.Start) {
				t.Fatalf("spans %d and %d overlap or touch: %v", i-1, i, spans)
			}
			if !inHours(hours, s.Start.In(loc)) || !inHours(hours, s.End.Add(-time.Nanosecond).In(loc)) {
				t.Fatalf("span %v–%v is not in the hours %v (%s)", s.Start, s.End, hours, loc)
			}
			total += s.Duration()
		}
		if _, o1 := from.In(loc).Zone(); o1 == offsetAt(to.Add(24*time.Hour), loc) && sameOffsetAcross(from.Add(-24*time.Hour), to.Add(24*time.Hour), loc) {
			if want := weeklyTotal(hours); total != want {
				t.Fatalf("a week without offset change holds %v open, want the hours' %v: %v", total, want, spans)
			}
		}
	})
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, o := t.In(loc).Zone()
	return o
}

// sameOffsetAcross reports whether loc keeps one offset from a to b.
func sameOffsetAcross(a, b time.Time, loc *time.Location) bool {
	_, end := a.In(loc).ZoneBounds()
	return end.IsZero() || !end.Before(b)
}

// inHours reports whether the local time t lies in one of the well-formed periods of its weekday
// (the instant before midnight belongs to the day that ends there).
func inHours(hours []models.OpeningInterval, t time.Time) bool {
	m := t.Hour()*60 + t.Minute()
	for _, oi := range hours {
		start, err1 := ParseClock(oi.Start)
		end, err2 := ParseClock(oi.End)
		if err1 == nil && err2 == nil && time.Weekday(oi.Weekday) == t.Weekday() && start <= m && m < end {
			return true
		}
	}
	return false
}

// weeklyTotal is the open time of a week of hours, periods of a day that overlap counted once.
func weeklyTotal(hours []models.OpeningInterval) time.Duration {
	var open [7][24 * 60]bool
	for _, oi := range hours {
		start, err1 := ParseClock(oi.Start)
		end, err2 := ParseClock(oi.End)
		if err1 != nil || err2 != nil || oi.Weekday < 0 || oi.Weekday > 6 {
			continue
		}
		for m := start; m < end; m++ {
			open[oi.Weekday][m] = true
		}
	}
	var n time.Duration
	for _, day := range open {
		for _, o := range day {
			if o {
				n += time.Minute
			}
		}
	}
	return n
}

// FuzzEndOfDay checks that an accepted local date ends at the first instant of the next local
// day: its midnight, or where the clocks jump when that midnight does not exist.
func FuzzEndOfDay(f *testing.F) {
	for _, s := range []string{"2026-03-08", "2018-11-04", "2026-09-06", "2024-02-29", "2023-02-29", "2026-12-31", "0000-01-01",
		"9999-12-31", "2026-3-8", "２０２６-03-08", "2026-03-08\x00", "", "2026-13-01", "+2026-03-08", "2026-03-08T00:00:00Z"} {
		f.Add(s, uint8(1))
		f.Add(s, uint8(2))
		f.Add(s, uint8(6))
		f.Add(s, uint8(7))
	}
	f.Fuzz(func(t *testing.T, date string, zone uint8) {
		loc, err := time.LoadLocation(fuzzZones[int(zone)%len(fuzzZones)])
		if err != nil {
			t.Fatal(err)
		}
		end, err := Calendar{loc: loc}.EndOfDay(date)
		if err != nil {
			return
		}
		d, err := time.Parse(time.DateOnly, date)
		if err != nil {
			t.Fatalf("EndOfDay(%q) accepted a date time.Parse refuses: %v", date, err)
		}
		next := d.AddDate(0, 0, 1).Format(time.DateOnly)
		if got := end.In(loc).Format(time.DateOnly); got != next {
			t.Fatalf("EndOfDay(%q) = %v, on local day %s, want %s", date, end.In(loc), got, next)
		}
		b := end.Add(-time.Second).In(loc)
		if !time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC).Before(d.AddDate(0, 0, 1)) {
			t.Fatalf("EndOfDay(%q) = %v, but a second before is already %v", date, end.In(loc), b)
		}
	})
}

// TestMidnightWhereTheClocksSkipIt is the failure FuzzScheduled found: Santiago's and Havana's
// DST begins at 00:00, so those days begin at 01:00 and a loop over days must reach the next.
func TestMidnightWhereTheClocksSkipIt(t *testing.T) {
	t.Parallel()
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	santiago, havana, newYork := load("America/Santiago"), load("America/Havana"), load("America/New_York")
	tests := []struct {
		name string
		got  time.Time
		want time.Time
	}{
		{"Santiago's DST day begins at 01:00", Midnight(2026, 9, 6, santiago), time.Date(2026, 9, 6, 4, 0, 0, 0, time.UTC)},
		{"Havana's DST day begins at 01:00", Midnight(2026, 3, 8, havana), time.Date(2026, 3, 8, 5, 0, 0, 0, time.UTC)},
		{"an ordinary midnight", Midnight(2026, 9, 7, santiago), time.Date(2026, 9, 7, 3, 0, 0, 0, time.UTC)},
		{"a day past the month's end", Midnight(2026, 2, 29, newYork), time.Date(2026, 3, 1, 5, 0, 0, 0, time.UTC)},
		{"a week on, Santiago's 00:00 is when the clocks jump", AddDays(time.Date(2026, 8, 30, 4, 0, 0, 0, time.UTC), 7, santiago), time.Date(2026, 9, 6, 4, 0, 0, 0, time.UTC)},
		{"a week on, New York's 02:30 is 03:00", AddDays(time.Date(2026, 3, 1, 7, 30, 0, 0, time.UTC), 7, newYork), time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC)},
		{"a week on, New York's 09:00 stays 09:00", AddDays(time.Date(2026, 3, 1, 14, 0, 0, 0, time.UTC), 7, newYork), time.Date(2026, 3, 8, 13, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !tc.got.Equal(tc.want) {
				t.Fatalf("got %v, want %v", tc.got.UTC(), tc.want)
			}
		})
	}
	days := 0
	for day := Midnight(2026, 9, 5, santiago); day.Before(time.Date(2026, 9, 8, 12, 0, 0, 0, time.UTC)) && days < 10; day = Midnight(day.Year(), day.Month(), day.Day()+1, santiago) {
		days++
	}
	if days != 4 {
		t.Fatalf("got %d days from Santiago's 5 to 8 September, want 4", days)
	}
}
