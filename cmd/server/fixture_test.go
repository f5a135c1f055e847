package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/models"
)

// activeStatuses are the booking statuses that hold seats (a watcher's hold included).
var activeStatuses = []string{"pending", "confirmed", "checked_in", "held"}

// fixture is the data a race needs, written straight to the database under test before (and
// while) the server processes run: a facility open every day, racing users with session tokens,
// and one fresh resource per scenario.
type fixture struct {
	db         *models.DB
	facilityID int64
	tokens     []string
	// synced, when set, waits until every node of a cluster has applied what was written.
	synced func(t *testing.T)
}

// newFixture migrates the database at databaseURL and creates a facility and the given number
// of signed-in users, one per racer.
func newFixture(t *testing.T, databaseURL string, users int) *fixture {
	t.Helper()
	ctx := context.Background()
	// The files folder is the test's own: on MariaDB it would default to data/files here.
	env := map[string]string{"DATABASE_URL": databaseURL, "RATE_LIMITS": "off", "JOBS_ENABLED": "false", "FILES_DIR": t.TempDir()}
	cfg, err := app.ConfigFromLookup(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.PasswordCost = bcrypt.MinCost
	a := apptest.NewWithConfig(t, cfg)
	db, err := app.OpenDB(cfg)
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })

	con := models.Consortium{Name: "并发测试联合体", NameEn: "Concurrency test consortium", Level: models.LevelNational}
	if err := db.W(ctx).Create(&con).Error; err != nil {
		t.Fatalf("create consortium: %v", err)
	}
	var hours []models.OpeningInterval
	for day := range 7 {
		hours = append(hours, models.OpeningInterval{Weekday: day, Start: "08:00", End: "22:00"})
	}
	fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: "并发测试实践中心",
		NameEn: "Concurrency test center", TimeZone: "Asia/Shanghai",
		OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours},
		DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}}
	if err := db.W(ctx).Create(&fac).Error; err != nil {
		t.Fatalf("create facility: %v", err)
	}
	f := &fixture{db: db, facilityID: fac.ID}
	for i := range users {
		login, err := a.Accounts.Register(ctx, accounts.RegisterInput{Email: fmt.Sprintf("racer%03d@race.test", i),
			Password: "race-pass-2026", Name: fmt.Sprintf("Racer %d", i)}, "127.0.0.1", "multiprocess-test")
		if err != nil {
			t.Fatalf("register racer %d: %v", i, err)
		}
		f.tokens = append(f.tokens, login.Token)
	}
	return f
}

// resource creates a bookable resource with the capacity and the buffer after each booking.
func (f *fixture) resource(t *testing.T, name string, capacity, bufferMinutes int) int64 {
	t.Helper()
	rules := models.DefaultRules()
	rules.MaxAdvanceDays = 30
	rules.BufferMinutes = bufferMinutes
	r := models.Resource{FacilityID: f.facilityID, Name: name, NameEn: name, Category: "equipment",
		Capacity: capacity, Status: models.ResourceAvailable, Rules: rules, QuotaHoursYear: 1400}
	if err := f.db.W(context.Background()).Create(&r).Error; err != nil {
		t.Fatalf("create resource: %v", err)
	}
	if f.synced != nil {
		f.synced(t)
	}
	return r.ID
}

// raceDay is 10:00 tomorrow at the facility: inside opening hours and the advance window.
func raceDay() time.Time {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	now := time.Now().In(loc)
	return time.Date(now.Year(), now.Month(), now.Day()+1, 10, 0, 0, 0, loc)
}

// activeBookings counts the active bookings of a resource.
func (f *fixture) activeBookings(t *testing.T, resourceID int64) int {
	t.Helper()
	var n int64
	err := f.db.R(context.Background()).Table("bookings").
		Where("resource_id = ? AND status IN ?", resourceID, activeStatuses).Count(&n).Error
	if err != nil {
		t.Fatalf("count bookings: %v", err)
	}
	return int(n)
}

// overbookings checks invariant 1 on the bookings table itself: at the start of every active
// booking (the only instants where the load can rise) the seats of the active bookings whose
// [start, end + buffer) covers that instant must not exceed the capacity. It returns each
// instant where they do.
func (f *fixture) overbookings(t *testing.T, resourceID int64) []string {
	t.Helper()
	// The interval a booking holds ends after the resource's buffer.
	start1, start2, heldUntil := "b1.start_at", "b2.start_at", "b2.end_at + INTERVAL r.buffer_minutes MINUTE"
	if f.db.Dialect == models.SQLite {
		start1, start2 = "datetime(b1.start_at)", "datetime(b2.start_at)"
		heldUntil = "datetime(b2.end_at, '+' || r.buffer_minutes || ' minutes')"
	}
	query := `SELECT b1.id AS booking_id, b1.start_at AS at, SUM(b2.seats) AS seats, r.capacity AS capacity
		FROM bookings b1
		JOIN resources r ON r.id = b1.resource_id
		JOIN bookings b2 ON b2.resource_id = b1.resource_id AND b2.status IN ?
			AND ` + start2 + ` <= ` + start1 + ` AND ` + heldUntil + ` > ` + start1 + `
		WHERE b1.resource_id = ? AND b1.status IN ?
		GROUP BY b1.id, b1.start_at, r.capacity
		HAVING SUM(b2.seats) > r.capacity`
	var rows []struct {
		BookingID int64
		At        string
		Seats     int
		Capacity  int
	}
	err := f.db.R(context.Background()).Raw(query, activeStatuses, resourceID, activeStatuses).Scan(&rows).Error
	if err != nil {
		t.Fatalf("invariant query: %v", err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("at %s (start of booking %d) %d seats held, capacity %d",
			r.At, r.BookingID, r.Seats, r.Capacity))
	}
	return out
}

// checkInvariant fails the test when the resource is overbooked or when the number of active
// bookings differs from the number of 201 answers (invariant 3: a 201 is in the database, an
// error changed nothing).
func (f *fixture) checkInvariant(t *testing.T, resourceID int64, created int) {
	t.Helper()
	if over := f.overbookings(t, resourceID); len(over) > 0 {
		t.Errorf("invariant 1 broken on resource %d:\n%s", resourceID, strings.Join(over, "\n"))
	}
	if got := f.activeBookings(t, resourceID); got != created {
		t.Errorf("got %d active bookings in the database, want %d (the 201 answers)", got, created)
	}
}
