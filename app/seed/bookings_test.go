package seed_test

import (
	"context"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

func TestSeedBookingHistory(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	now := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC) // a Wednesday
	a := apptest.New(t, app.WithClock(func() time.Time { return now }))
	if err := a.SeedDemo(ctx); err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	db := a.DB()
	count := func(where string, args ...any) int64 {
		t.Helper()
		var n int64
		if err := db.R(ctx).Model(&models.Booking{}).Where(where, args...).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	userID := func(email string) int64 {
		u, err := db.UserByEmail(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	t.Logf("seeded %d bookings (%d upcoming)", count("1 = 1"), count("start_at > ?", now))
	student, teacher := userID("student@demo.local"), userID("teacher@demo.local")
	checks := []struct {
		name    string
		got     int64
		atLeast int64
	}{
		{"completed in the past, checked in and out", count("status = ? AND end_at <= ? AND checked_in_at IS NOT NULL AND checked_out_at IS NOT NULL", models.BookingCompleted, now), 500},
		{"no-shows", count("status = ?", models.BookingNoShow), 5},
		{"cancellations", count("status = ?", models.BookingCancelled), 20},
		{"social-service bookings", count("purpose_category = ?", "social_service"), 20},
		{"the student's upcoming confirmed", count("user_id = ? AND status = ? AND start_at > ?", student, models.BookingConfirmed, now), 1},
		{"the student's pending", count("user_id = ? AND status = ? AND start_at > ?", student, models.BookingPending, now), 1},
		{"the teacher's weekly series", count("user_id = ? AND recurrence_id IS NOT NULL AND start_at > ?", teacher, now), 3},
	}
	for _, c := range checks {
		if c.got < c.atLeast {
			t.Errorf("%s: got %d, want at least %d", c.name, c.got, c.atLeast)
		}
	}
	var queue int64
	if err := db.R(ctx).Table("bookings").Joins("JOIN resources r ON r.id = bookings.resource_id").
		Joins("JOIN facility_managers fm ON fm.facility_id = r.facility_id").
		Where("fm.user_id = ? AND bookings.status = ?", userID("manager@demo.local"), models.BookingPending).Count(&queue).Error; err != nil || queue < 2 {
		t.Errorf("manager's approval queue: got %d (%v), want at least 2", queue, err)
	}
	if n, err := db.CountOverbookings(ctx); err != nil || n != 0 {
		t.Fatalf("got %d overbooked instants (%v), want 0", n, err)
	}
	// The reports show the history at once: its days are computed, with the income of its
	// charges.
	var city struct{ Effective, Income int64 }
	if err := db.R(ctx).Raw("SELECT SUM(effective_minutes) AS effective, SUM(income_internal_fen + income_external_fen) AS income "+
		"FROM report_rollups WHERE scope = ? AND period_kind = ?", models.RollupCity, models.PeriodDay).Scan(&city).Error; err != nil {
		t.Fatal(err)
	}
	if city.Effective == 0 || city.Income == 0 {
		t.Errorf("the city's days hold %d effective minutes and %d fen of income, want both above 0", city.Effective, city.Income)
	}
	var unclaimed int64
	if err := db.R(ctx).Raw("SELECT COUNT(*) FROM bookings b WHERE b.status IN ? AND b.start_at > ? AND NOT EXISTS (SELECT 1 FROM booking_claims c WHERE c.booking_id = b.id)",
		models.ActiveBookingStatuses, now).Scan(&unclaimed).Error; err != nil || unclaimed != 0 {
		t.Fatalf("got %d upcoming bookings without claims (%v), want 0", unclaimed, err)
	}
}
