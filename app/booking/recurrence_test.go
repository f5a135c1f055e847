package booking_test

import (
	"errors"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// weekly is a recurring booking of res every week from the day's slot.
func (f *bookingFixture) weekly(res models.Resource, day int, start, end string, count int, mode string) booking.RecurringInput {
	return booking.RecurringInput{Reservation: f.input(res, day, start, end), Count: count, Mode: mode}
}

func (f *bookingFixture) recurrenceCount() int64 {
	f.T.Helper()
	var n int64
	f.Must(f.DB.R(f.Ctx).Model(&models.Recurrence{}).Count(&n).Error)
	return n
}

func TestRecurringAllOrNothingWritesNothingOnAConflict(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.MaxAdvanceDays = 120 })
	teacher := f.user(models.RoleTeacher)
	f.Book(f.user(models.RoleStudent), f.input(res, 14, "10:30", "11:00"))
	bookings, claims := f.Counts()

	_, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, f.weekly(res, 0, "10:00", "12:00", 5, booking.RecurrenceAllOrNothing))
	var ae *core.Error
	if !errors.As(err, &ae) || ae.Code != "recurrence_conflict" {
		t.Fatalf("got %v, want recurrence_conflict", err)
	}
	if got := ae.Details["failed_dates"]; len(got.([]string)) != 1 || got.([]string)[0] != "2026-03-16" {
		t.Fatalf("got failed dates %v, want [2026-03-16]", got)
	}
	if b, c := f.Counts(); b != bookings || c != claims || f.recurrenceCount() != 0 {
		t.Fatalf("got %d bookings, %d claims, %d recurrences; want %d, %d, 0 (nothing written)", b, c, f.recurrenceCount(), bookings, claims)
	}
}

func TestRecurringSkipConflictsBooksTheRest(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil) // 14 days ahead at most: only the first occurrence must meet it
	teacher := f.user(models.RoleTeacher)
	f.Book(f.user(models.RoleManager), f.input(res, 14, "10:30", "11:00"))
	f.blackout(models.BlackoutClosure, 0, f.local(21, "00:00"), f.local(22, "00:00"))

	out, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, f.weekly(res, 0, "10:00", "12:00", 5, booking.RecurrenceSkipConflicts))
	if err != nil {
		t.Fatal(err)
	}
	if out.Recurrence.Rule != "FREQ=WEEKLY;INTERVAL=1;COUNT=5" {
		t.Errorf("got rule %q, want FREQ=WEEKLY;INTERVAL=1;COUNT=5", out.Recurrence.Rule)
	}
	want := []struct{ date, outcome string }{
		{"2026-03-02", booking.OccurrenceCreated}, {"2026-03-09", booking.OccurrenceCreated},
		{"2026-03-16", booking.OccurrenceConflict}, {"2026-03-23", booking.OccurrenceRuleViolation},
		{"2026-03-30", booking.OccurrenceCreated},
	}
	if len(out.Occurrences) != len(want) {
		t.Fatalf("got %d occurrences, want %d", len(out.Occurrences), len(want))
	}
	for i, w := range want {
		o := out.Occurrences[i]
		if o.Date != w.date || o.Outcome != w.outcome {
			t.Errorf("occurrence %d: got %s %s (%s), want %s %s", i, o.Date, o.Outcome, o.Refusal, w.date, w.outcome)
		}
		if (o.Booking != nil) != (w.outcome == booking.OccurrenceCreated) {
			t.Errorf("occurrence %d: got booking %v for outcome %s", i, o.Booking, o.Outcome)
		}
	}
	f.AssertNoOverbooking()

	// Cancelling the rest of the series from 2026-03-09 leaves the first occurrence.
	cancelled, err := f.App.Booking.CancelRecurrence(f.Ctx, teacher, out.Recurrence.ID, f.local(7, "00:00"), "")
	if err != nil || len(cancelled) != 2 {
		t.Fatalf("cancel the rest: got %d, %v; want 2", len(cancelled), err)
	}
	if got := f.Booking(out.Occurrences[0].Booking.ID).Status; got != models.BookingConfirmed {
		t.Fatalf("first occurrence: got %s, want confirmed", got)
	}
	if _, err := f.App.Booking.CancelRecurrence(f.Ctx, f.user(models.RoleStudent), out.Recurrence.ID, time.Time{}, ""); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("another student cancels the series: got %v, want not_found", err)
	}
}

func TestRecurringKeepsLocalWallClock(t *testing.T) {
	t.Parallel()
	// New York leaves standard time on 2026-03-08: 10:00 local stays 10:00 while UTC moves.
	f := newBookingFixture(t, "America/New_York")
	res := f.resource(func(r *models.Resource) { r.MaxAdvanceDays = 120 })
	in := f.weekly(res, 0, "10:00", "11:00", 0, booking.RecurrenceAllOrNothing)
	until := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
	in.Until = &until
	out, err := f.App.Booking.CreateRecurringBooking(f.Ctx, f.user(models.RoleManager), in)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Occurrences) != 3 {
		t.Fatalf("got %d occurrences, want 3 (until is inclusive)", len(out.Occurrences))
	}
	for _, o := range out.Occurrences {
		if l := o.StartAt.In(f.loc); l.Hour() != 10 || l.Minute() != 0 {
			t.Errorf("%s: got local start %s, want 10:00", o.Date, l.Format("15:04"))
		}
	}
	if got := out.Occurrences[0].StartAt.Hour(); got != 15 {
		t.Errorf("before DST: got %d:00 UTC, want 15:00", got)
	}
	if got := out.Occurrences[1].StartAt.Hour(); got != 14 {
		t.Errorf("after DST: got %d:00 UTC, want 14:00", got)
	}
}

func TestRecurringRefusals(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	teacher := f.user(models.RoleTeacher)
	cases := []struct {
		name     string
		ac       core.Actor
		in       func(*booking.RecurringInput)
		wantCode string
	}{
		{"a student", f.user(models.RoleStudent), nil, "forbidden"},
		{"neither count nor until", teacher, func(in *booking.RecurringInput) { in.Count = 0 }, "validation_failed"},
		{"too many occurrences", teacher, func(in *booking.RecurringInput) { in.Count = booking.MaxOccurrences + 1 }, "validation_failed"},
		{"unknown mode", teacher, func(in *booking.RecurringInput) { in.Mode = "some" }, "validation_failed"},
		{"first occurrence beyond the advance window", teacher, func(in *booking.RecurringInput) {
			in.StartAt, in.EndAt = in.StartAt.AddDate(0, 0, 21), in.EndAt.AddDate(0, 0, 21)
		}, "recurrence_conflict"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := f.weekly(res, 0, "10:00", "11:00", 2, booking.RecurrenceAllOrNothing)
			if tc.in != nil {
				tc.in(&in)
			}
			_, err := f.App.Booking.CreateRecurringBooking(f.Ctx, tc.ac, in)
			var ae *core.Error
			if !errors.As(err, &ae) || ae.Code != tc.wantCode {
				t.Fatalf("got %v, want %s", err, tc.wantCode)
			}
		})
	}
}
