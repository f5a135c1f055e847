package booking_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// freeString prints free intervals in the facility's local time, for readable comparisons.
func (f *bookingFixture) freeString(items []booking.FreeInterval) string {
	s := ""
	for _, it := range items {
		s += fmt.Sprintf("[%s %s %d]", it.StartAt.In(f.loc).Format("Mon 15:04"), it.EndAt.In(f.loc).Format("Mon 15:04"), it.FreeSeats)
	}
	return s
}

func TestAvailability(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	pool := f.resource(func(r *models.Resource) { r.Capacity = 2; r.BufferMinutes = 15; r.MinLeadMinutes = 60 })
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	f.Book(student, f.input(pool, 1, "10:00", "11:00"))
	f.blackout(models.BlackoutClosure, 0, f.local(3, "12:00"), f.local(3, "14:00"))
	f.blackout(models.BlackoutMakeup, 0, f.local(6, "09:00"), f.local(6, "12:00"))
	maintenance := f.resource(func(r *models.Resource) { r.Status = models.ResourceMaintenance })

	tests := []struct {
		name     string
		ac       core.Actor
		res      models.Resource
		now      string // Monday's time; 08:00 when empty
		from, to time.Time
		want     string
	}{
		{name: "a booking and its buffer take one seat; a new booking's own buffer needs the seat after it",
			from: f.local(1, "00:00"), to: f.local(2, "00:00"),
			want: "[Tue 08:00 Tue 09:45 2][Tue 09:45 Tue 11:15 1][Tue 11:15 Tue 22:00 2]"},
		{name: "the lead time clips today", from: f.local(0, "00:00"), to: f.local(0, "12:00"),
			want: "[Mon 09:00 Mon 12:00 2]"},
		{name: "the lead time rounds up to the slot grid", now: "08:10", from: f.local(0, "00:00"), to: f.local(0, "12:00"),
			want: "[Mon 09:30 Mon 12:00 2]"},
		{name: "managers are held only to now", ac: manager, from: f.local(0, "00:00"), to: f.local(0, "12:00"),
			want: "[Mon 08:00 Mon 12:00 2]"},
		{name: "closures are cut out", from: f.local(3, "11:00"), to: f.local(3, "15:00"),
			want: "[Thu 11:00 Thu 12:00 2][Thu 14:00 Thu 15:00 2]"},
		{name: "a make-up working day opens Sunday", from: f.local(6, "00:00"), to: f.local(7, "00:00"),
			want: "[Sun 09:00 Sun 12:00 2]"},
		{name: "the advance window ends the answer", now: "10:00", from: f.local(14, "00:00"), to: f.local(15, "00:00"),
			want: "[Mon 08:00 Mon 10:00 2]"},
		{name: "past the advance window nothing is free", from: f.local(15, "00:00"), to: f.local(16, "00:00")},
		{name: "a resource under maintenance has no free time", res: maintenance, from: f.local(1, "00:00"), to: f.local(2, "00:00")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			now := "08:00"
			if tc.now != "" {
				now = tc.now
			}
			f.Clock.Set(f.local(0, now))
			defer f.Clock.Set(f.local(0, "08:00"))
			ac, res := tc.ac, tc.res
			if ac.UserID == 0 {
				ac = student
			}
			if res.ID == 0 {
				res = pool
			}
			a, err := f.App.Booking.Availability(f.Ctx, ac, res.ID, tc.from, tc.to)
			items := a.Free
			if err != nil {
				t.Fatal(err)
			}
			if got := f.freeString(items); got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestAvailabilityWindow(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	ac := f.user(models.RoleStudent)
	_, err := f.App.Booking.Availability(f.Ctx, ac, res.ID, f.local(0, "00:00"), f.local(62, "00:01"))
	wantErr(t, err, "rule_violation", "max_window")
	_, err = f.App.Booking.Availability(f.Ctx, ac, res.ID, f.local(1, "00:00"), f.local(1, "00:00"))
	wantErr(t, err, "rule_violation", "window")
	if _, err := f.App.Booking.Availability(f.Ctx, ac, res.ID, f.local(0, "00:00"), f.local(62, "00:00")); err != nil {
		t.Fatalf("62 days: got %v, want an answer", err)
	}
	a, err := f.App.Booking.Availability(f.Ctx, ac, res.ID, time.Time{}, time.Time{})
	items := a.Free
	if err != nil || len(items) == 0 || !items[0].StartAt.Equal(f.local(0, "08:00")) {
		t.Fatalf("defaults: got %s %v, want free time from now", f.freeString(items), err)
	}
	if last := items[len(items)-1]; last.EndAt.After(f.local(7, "08:00")) {
		t.Fatalf("defaults: got free time until %s, want at most a week", last.EndAt)
	}
	_, err = f.App.Booking.Availability(f.Ctx, ac, 999999, time.Time{}, time.Time{})
	wantErr(t, err, "not_found", "")
}

func TestAvailabilityTimeZone(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Urumqi")
	res := f.resource(nil)
	a, err := f.App.Booking.Availability(f.Ctx, f.user(models.RoleStudent), res.ID, f.local(1, "00:00"), f.local(2, "00:00"))
	items := a.Free
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 || !items[0].StartAt.Equal(time.Date(2026, 3, 3, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("got %v, want Tuesday from 08:00 Urumqi time (02:00 UTC)", items)
	}
}
