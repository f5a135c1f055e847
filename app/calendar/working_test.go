package calendar

import (
	"testing"
	"time"

	"cqshare/models"
)

// weekdays9to17 is a platform open 09:00–12:00 and 13:00–17:00 on weekdays, in Chongqing's zone,
// closed on Thursday 2026-10-01 (National Day) and working on Saturday 2026-10-10 (调休).
func weekdays9to17(t *testing.T) Calendar {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	var hours []models.OpeningInterval
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, models.OpeningInterval{Weekday: wd, Start: "09:00", End: "12:00"},
			models.OpeningInterval{Weekday: wd, Start: "13:00", End: "17:00"})
	}
	fac := models.Facility{OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours}}
	other := int64(9)
	blackouts := []models.Blackout{
		{Kind: models.BlackoutClosure, StartAt: local(loc, "2026-10-01 00:00"), EndAt: local(loc, "2026-10-02 00:00")},
		{Kind: models.BlackoutMakeup, StartAt: local(loc, "2026-10-10 09:00"), EndAt: local(loc, "2026-10-10 17:00")},
		// Another resource's closure does not close the platform.
		{Kind: models.BlackoutClosure, ResourceID: &other, StartAt: local(loc, "2026-10-05 00:00"), EndAt: local(loc, "2026-10-06 00:00")},
	}
	return ForFacility(loc, fac, 0, blackouts)
}

func local(loc *time.Location, s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func TestWorkingTime(t *testing.T) {
	c := weekdays9to17(t)
	loc := c.Location()
	at := func(s string) time.Time { return local(loc, s) }
	between := []struct {
		from, to string
		want     int
	}{
		{"2026-09-28 09:00", "2026-09-28 17:00", 420}, // a Monday: lunch is not counted
		{"2026-09-28 16:30", "2026-09-29 09:30", 60},  // the night is not counted
		{"2026-09-30 16:00", "2026-10-02 10:00", 120}, // the holiday is not counted
		{"2026-10-02 16:00", "2026-10-05 10:00", 120}, // nor the weekend, nor another resource's closure
		{"2026-10-09 16:00", "2026-10-10 10:00", 120}, // the make-up Saturday is
		{"2026-09-28 10:00", "2026-09-28 10:00", 0},   // an empty interval
		{"2026-09-28 11:00", "2026-09-28 10:00", 0},   // a reversed one
		{"2026-09-28 11:59", "2026-09-28 12:30", 1},   // whole minutes
	}
	for _, b := range between {
		if got := c.WorkingBetween(at(b.from), at(b.to)); got != b.want {
			t.Errorf("WorkingBetween(%s, %s) = %d, want %d", b.from, b.to, got, b.want)
		}
	}

	add := []struct {
		from    string
		minutes int
		want    string
	}{
		{"2026-09-28 09:00", 180, "2026-09-28 12:00"},
		{"2026-09-28 11:00", 120, "2026-09-28 14:00"}, // over lunch
		{"2026-09-28 20:00", 30, "2026-09-29 09:30"},  // submitted at night: the clock starts at opening
		{"2026-09-30 16:00", 120, "2026-10-02 10:00"}, // over the holiday
		{"2026-10-09 16:00", 120, "2026-10-10 10:00"}, // onto the make-up Saturday
		{"2026-09-28 10:00", 0, "2026-09-28 10:00"},
	}
	for _, a := range add {
		got := c.AddWorking(at(a.from), a.minutes)
		if !got.Equal(at(a.want)) {
			t.Errorf("AddWorking(%s, %d) = %s, want %s", a.from, a.minutes, got.In(loc), a.want)
		}
		if a.minutes > 0 && c.WorkingBetween(at(a.from), got) != a.minutes {
			t.Errorf("AddWorking(%s, %d) and WorkingBetween disagree", a.from, a.minutes)
		}
	}

	days := []struct {
		from string
		n    int
		want string
	}{
		{"2026-09-25 15:00", 5, "2026-10-06 00:00"}, // Fri → Mon–Wed, Fri 2nd (the 1st is a holiday), Mon 5th
		{"2026-10-09 15:00", 1, "2026-10-11 00:00"}, // Fri → the make-up Saturday
		{"2026-09-28 08:00", 1, "2026-09-30 00:00"}, // the day itself never counts
	}
	for _, d := range days {
		if got := c.AddWorkingDays(at(d.from), d.n); !got.Equal(at(d.want)) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", d.from, d.n, got.In(loc), d.want)
		}
	}

	end, err := c.EndOfDay("2026-10-09")
	if err != nil || !end.Equal(at("2026-10-10 00:00")) {
		t.Errorf("EndOfDay = %s, %v", end, err)
	}
	if _, err := c.EndOfDay("2026-13-01"); err == nil {
		t.Error("EndOfDay accepted month 13")
	}

	// A platform with no opening hours answers the horizon instead of looping.
	closed := ForFacility(loc, models.Facility{}, 0, nil)
	from := at("2026-09-28 09:00")
	if got := closed.AddWorking(from, 60); !got.Equal(from.Add(horizon)) {
		t.Errorf("closed AddWorking = %s", got)
	}
}
