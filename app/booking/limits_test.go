package booking_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// wantRule fails unless err is a rule_violation of the rule naming the field.
func wantRule(t *testing.T, err error, rule, field string) {
	t.Helper()
	var ae *core.Error
	if !errors.As(err, &ae) || ae.Code != "rule_violation" || ae.Rule != rule || ae.Fields[field].Key == "" {
		t.Fatalf("got %v, want rule_violation %s on %s", err, rule, field)
	}
}

// openAllWeek opens the fixture's facility around the clock, every day.
func (f *bookingFixture) openAllWeek() {
	f.T.Helper()
	var hours []models.OpeningInterval
	for wd := range 7 {
		hours = append(hours, models.OpeningInterval{Weekday: wd, Start: "00:00", End: "24:00"})
	}
	f.Must(f.DB.W(f.Ctx).Model(&models.Facility{}).Where("id = ?", f.fac.ID).
		Update("opening_hours", models.JSONColumn[[]models.OpeningInterval]{V: hours}).Error)
}

// upcoming inserts n confirmed bookings of the user at res, starting on the day, without claims:
// the caps count booking rows.
func (f *bookingFixture) upcoming(ac core.Actor, res models.Resource, day, n int, recurrenceID *int64) {
	f.T.Helper()
	now := f.Clock.Now()
	for i := range n {
		start := f.local(day, "09:00").Add(time.Duration(i) * time.Hour)
		f.Must(f.DB.CreateBooking(f.Ctx, &models.Booking{ResourceID: res.ID, UserID: ac.UserID, StartAt: start.UTC(),
			EndAt: start.Add(time.Hour).UTC(), Seats: 1, Purpose: "占位", PurposeCategory: "teaching",
			Status: models.BookingConfirmed, RecurrenceID: recurrenceID, CreatedAt: now, UpdatedAt: now}))
	}
}

// TestClaimRowsAreBounded: one request writes at most booking.MaxClaimRows claim rows, and one
// that would write more is refused before anything is written (issue 7, item 7: a 7-day booking
// of 2,000 seats wrote 1.5 M rows and held the only SQLite writer for 24 s).
func TestClaimRowsAreBounded(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	f.openAllWeek()
	week := func(r *models.Resource) { r.Capacity, r.MaxMinutes = 500, 7*24*60 }
	big := f.resource(week)
	buffered := f.resource(func(r *models.Resource) { week(r); r.BufferMinutes = 15 })
	student := f.user(models.RoleStudent)
	bookings, claims := f.Counts()

	in := f.input(big, 1, "00:00", "00:00")
	in.EndAt, in.Seats = in.StartAt.AddDate(0, 0, 7), 500
	_, err := f.App.Booking.CreateBooking(f.Ctx, student, in)
	wantRule(t, err, "claim_limit", "seats")
	if !strings.Contains(err.Error(), "at most 29 seats") {
		t.Errorf("got %v, want it to say how many seats fit (20,000 / 672 slots = 29)", err)
	}
	in.Seats = 30
	_, err = f.App.Booking.CreateBooking(f.Ctx, student, in)
	wantRule(t, err, "claim_limit", "seats")

	// Time a facility books for itself (a course's room, a service request's equipment) is bounded too.
	in.Seats = 500
	manager := f.user(models.RoleManager)
	err = f.App.Booking.Tx(f.Ctx, func(ctx context.Context) error {
		_, err := f.App.Booking.Reserve(ctx, manager, in, booking.FacilityTime)
		return err
	})
	wantRule(t, err, "claim_limit", "seats")
	if b, c := f.Counts(); b != bookings || c != claims {
		t.Fatalf("after refusals: got %d bookings and %d claims, want %d and %d", b, c, bookings, claims)
	}

	// 500 seats × 40 slots is the bound itself; the buffer's slot takes it past.
	at := f.input(big, 2, "08:00", "18:00")
	at.Seats = 500
	f.Book(student, at)
	at.ResourceID = buffered.ID
	_, err = f.App.Booking.CreateBooking(f.Ctx, student, at)
	wantRule(t, err, "claim_limit", "seats")
	if _, c := f.Counts(); c != claims+booking.MaxClaimRows {
		t.Errorf("got %d claims, want %d", c, claims+booking.MaxClaimRows)
	}

	// A series counts the claim rows of all its dates.
	teacher := f.user(models.RoleTeacher)
	series := f.weekly(big, 1, "10:00", "14:00", 13, booking.RecurrenceAllOrNothing) // 13 × 16 slots
	series.Seats = 100
	_, err = f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, series)
	wantRule(t, err, "claim_limit", "seats")
	if f.recurrenceCount() != 0 {
		t.Errorf("got %d recurrences after the refusal, want none", f.recurrenceCount())
	}
}

// TestSeriesHorizon: the later occurrences of a weekly series reach at most the facility's
// series horizon (120 days by default), not years (issue 7, item 8: a series every 4 weeks until
// 2029); the facility's managers are exempt, as they are from the advance window.
func TestSeriesHorizon(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil) // 14 days ahead at most
	teacher := f.user(models.RoleTeacher)

	squat := f.weekly(res, 0, "10:00", "11:00", booking.MaxOccurrences, booking.RecurrenceSkipConflicts)
	squat.Interval = 4
	_, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, squat)
	wantRule(t, err, "series_horizon", "weekly.count")
	until := f.local(200, "00:00")
	byDate := f.weekly(res, 0, "10:00", "11:00", 0, booking.RecurrenceAllOrNothing)
	byDate.Until = &until
	_, err = f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, byDate)
	wantRule(t, err, "series_horizon", "weekly.until")
	if b, _ := f.Counts(); b != 0 || f.recurrenceCount() != 0 {
		t.Fatalf("after refusals: got %d bookings and %d recurrences, want none", b, f.recurrenceCount())
	}

	// A later occurrence booked on its own through the front door keeps to the horizon too.
	late := f.input(res, 126, "10:00", "11:00")
	err = f.App.Booking.Tx(f.Ctx, func(ctx context.Context) error {
		_, err := f.App.Booking.Reserve(ctx, teacher, late, booking.SeriesOccurrence)
		return err
	})
	wantRule(t, err, "series_horizon", "start_at")

	term := f.weekly(res, 0, "10:00", "11:00", 18, booking.RecurrenceAllOrNothing) // the last on day 119
	if out, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, term); err != nil || len(out.Occurrences) != 18 {
		t.Fatalf("a term of 18 weeks: got %v, want it booked", err)
	}
	manager := f.user(models.RoleManager)
	if _, err := f.App.Booking.CreateRecurringBooking(f.Ctx, manager, squat); err != nil {
		t.Fatalf("the facility's manager: got %v, want the series booked", err)
	}
	// A facility sets a longer horizon for a school year.
	f.Must(f.DB.W(f.Ctx).Model(&models.Facility{}).Where("id = ?", f.fac.ID).Update("series_horizon_days", 366).Error)
	year := f.weekly(res, 1, "10:00", "11:00", 13, booking.RecurrenceAllOrNothing)
	year.Interval = 4 // the last on day 337
	if _, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, year); err != nil {
		t.Fatalf("within a 366-day horizon: got %v, want it booked", err)
	}
}

// TestUpcomingBookingCap: one person holds at most booking.MaxUpcomingBookings active bookings
// at a facility that have not ended, and at most booking.MaxOpenSeries series with dates to come
// (issue 7, item 8); the facility's managers are exempt.
func TestUpcomingBookingCap(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	pool := f.resource(func(r *models.Resource) { r.Capacity = 10 })
	other := f.Resource(f.Facility("Asia/Shanghai").ID, nil)
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)

	f.upcoming(student, pool, 3, booking.MaxUpcomingBookings, nil)
	bookings, claims := f.Counts()
	_, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(pool, 1, "10:00", "11:00"))
	wantRule(t, err, "upcoming_bookings", "resource_id")
	if b, c := f.Counts(); b != bookings || c != claims {
		t.Fatalf("after the refusal: got %d bookings and %d claims, want %d and %d", b, c, bookings, claims)
	}
	f.Book(student, f.input(other, 1, "10:00", "11:00")) // another facility: its own count

	f.upcoming(manager, pool, 3, booking.MaxUpcomingBookings, nil)
	f.Book(manager, f.input(pool, 1, "10:00", "11:00"))

	// Bookings that have ended, and cancelled ones, no longer count.
	var first models.Booking
	f.Must(f.DB.R(f.Ctx).Where("user_id = ? AND resource_id = ?", student.UserID, pool.ID).Order("start_at").First(&first).Error)
	f.Must(f.DB.W(f.Ctx).Model(&models.Booking{}).Where("id = ?", first.ID).Update("status", models.BookingCancelled).Error)
	f.Book(student, f.input(pool, 1, "10:00", "11:00"))
	wantRule(t, func() error {
		_, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(pool, 1, "11:00", "12:00"))
		return err
	}(), "upcoming_bookings", "resource_id")
	f.Clock.Set(f.local(3, "10:30")) // the booking of day 1 has ended
	f.Book(student, f.input(pool, 4, "10:00", "11:00"))

	t.Run("a series counts all its dates", func(t *testing.T) {
		teacher := f.user(models.RoleTeacher)
		f.upcoming(teacher, pool, 5, booking.MaxUpcomingBookings-5, nil)
		_, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, f.weekly(pool, 7, "10:00", "11:00", 6, booking.RecurrenceSkipConflicts))
		wantRule(t, err, "upcoming_bookings", "resource_id")
		if _, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, f.weekly(pool, 7, "10:00", "11:00", 5, booking.RecurrenceSkipConflicts)); err != nil {
			t.Fatalf("a series within the cap: got %v", err)
		}
	})
	t.Run("open series", func(t *testing.T) {
		teacher := f.user(models.RoleTeacher)
		for i := range booking.MaxOpenSeries + 1 {
			rec := models.Recurrence{UserID: teacher.UserID, ResourceID: pool.ID, Rule: "FREQ=WEEKLY;COUNT=1", CreatedAt: f.Clock.Now()}
			f.Must(f.DB.CreateRecurrence(f.Ctx, &rec))
			day := 5
			if i == 0 {
				day = 2 // over by now: this series is no longer open
			}
			f.upcoming(teacher, pool, day, 1, &rec.ID)
		}
		_, err := f.App.Booking.CreateRecurringBooking(f.Ctx, teacher, f.weekly(pool, 7, "12:00", "13:00", 2, booking.RecurrenceAllOrNothing))
		wantRule(t, err, "open_series", "weekly")
		if _, err := f.App.Booking.CreateRecurringBooking(f.Ctx, manager, f.weekly(pool, 7, "12:00", "13:00", 2, booking.RecurrenceAllOrNothing)); err != nil {
			t.Fatalf("the facility's manager: got %v, want the series booked", err)
		}
	})
}

// TestUpcomingBookingCapRace: a person one booking short of the cap who books several at once
// gets exactly one; the guard on the user's row makes the bookings read each other's.
func TestUpcomingBookingCapRace(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	pool := f.resource(func(r *models.Resource) { r.Capacity = 10 })
	student := f.user(models.RoleStudent)
	f.upcoming(student, pool, 3, booking.MaxUpcomingBookings-1, nil)
	const n = 4
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, _ = f.App.Booking.CreateBooking(f.Ctx, student, f.input(pool, 1, "10:00", "11:00"))
		}()
	}
	close(start)
	wg.Wait()
	got, err := f.DB.CountUpcomingBookings(f.Ctx, student.UserID, f.fac.ID, f.Clock.Now())
	if err != nil || got != booking.MaxUpcomingBookings {
		t.Fatalf("got %d upcoming bookings (%v), want %d", got, err, booking.MaxUpcomingBookings)
	}
	f.AssertNoOverbooking()
}
