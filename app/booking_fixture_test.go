package app_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// weekdayHours opens Monday to Friday 08:00–22:00 and Saturday 09:00–17:00; Sunday is closed.
func weekdayHours() []models.OpeningInterval {
	var hours []models.OpeningInterval
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, models.OpeningInterval{Weekday: wd, Start: "08:00", End: "22:00"})
	}
	return append(hours, models.OpeningInterval{Weekday: 6, Start: "09:00", End: "17:00"})
}

// bookingFixture is an App on a fresh database with one facility in a time zone and a settable
// clock that starts at Monday 08:00 local time.
type bookingFixture struct {
	t     testing.TB
	ctx   context.Context
	a     *app.App
	db    *models.DB
	clock *apptest.Clock
	fac   models.Facility
	loc   *time.Location
}

var fixtureSeq atomic.Int64

func newBookingFixture(t testing.TB, tz string) *bookingFixture {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	f := &bookingFixture{t: t, ctx: context.Background(), loc: loc}
	f.clock = apptest.NewClock(f.local(0, "08:00"))
	f.a = apptest.New(t, app.WithClock(f.clock.Now))
	f.db = app.BookingTestDB(f.a)
	f.fac = f.facility(tz)
	return f
}

// facility inserts a consortium and a facility in the time zone.
func (f *bookingFixture) facility(tz string) models.Facility {
	f.t.Helper()
	n := fixtureSeq.Add(1)
	now := f.clock.Now()
	con := models.Consortium{Name: fmt.Sprintf("联合体 %d", n), Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	f.must(f.db.W(f.ctx).Create(&con).Error)
	fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: fmt.Sprintf("实践中心 %d", n),
		TimeZone: tz, OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: weekdayHours()},
		DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
	f.must(f.db.W(f.ctx).Create(&fac).Error)
	return fac
}

// resource inserts an available exclusive resource with the default rules, changed by mod.
func (f *bookingFixture) resource(mod func(*models.Resource)) models.Resource {
	f.t.Helper()
	now := f.clock.Now()
	r := models.Resource{FacilityID: f.fac.ID, Name: fmt.Sprintf("设备 %d", fixtureSeq.Add(1)), Category: "equipment",
		Capacity: 1, Status: models.ResourceAvailable, Rules: models.DefaultRules(), CreatedAt: now, UpdatedAt: now}
	if mod != nil {
		mod(&r)
	}
	f.must(f.db.W(f.ctx).Create(&r).Error)
	return r
}

// user inserts a user of the role and returns the actor for it; managers manage the fixture's
// facility.
func (f *bookingFixture) user(role string) app.Actor {
	f.t.Helper()
	n := fixtureSeq.Add(1)
	now := f.clock.Now()
	u := models.User{Email: fmt.Sprintf("u%d@test.local", n), PasswordHash: "x", Name: fmt.Sprintf("用户%d", n),
		Role: role, Active: true, CreatedAt: now, UpdatedAt: now}
	f.must(f.db.CreateUser(f.ctx, &u))
	ac := app.Actor{UserID: u.ID, Role: role, Name: u.Name, Email: u.Email}
	if role == models.RoleManager {
		f.must(f.db.AddFacilityManager(f.ctx, f.fac.ID, u.ID))
		ac.ManagedFacilityIDs = []int64{f.fac.ID}
	}
	return ac
}

// blackout inserts a blackout of the facility (resourceID 0) or of one resource.
func (f *bookingFixture) blackout(kind string, resourceID int64, from, to time.Time) {
	f.t.Helper()
	b := models.Blackout{FacilityID: f.fac.ID, Kind: kind, StartAt: from.UTC(), EndAt: to.UTC(), CreatedAt: f.clock.Now()}
	if resourceID != 0 {
		b.ResourceID = &resourceID
	}
	f.must(f.db.W(f.ctx).Create(&b).Error)
}

// local is a wall-clock time in the facility's zone, days after Monday 2026-03-02.
func (f *bookingFixture) local(day int, hhmm string) time.Time {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil {
		f.t.Fatalf("bad time %q", hhmm)
	}
	return time.Date(2026, 3, 2+day, h, m, 0, 0, f.loc)
}

// input is a booking of res from start to end on the day, with a purpose.
func (f *bookingFixture) input(res models.Resource, day int, start, end string) app.BookingInput {
	return app.BookingInput{ResourceID: res.ID, StartAt: f.local(day, start), EndAt: f.local(day, end), Seats: 1,
		Purpose: "课程实验", PurposeCategory: "teaching"}
}

// book creates a booking and fails the test if it cannot.
func (f *bookingFixture) book(ac app.Actor, in app.BookingInput) models.Booking {
	f.t.Helper()
	b, err := f.a.CreateBooking(f.ctx, ac, in)
	if err != nil {
		f.t.Fatalf("book %s–%s: %v", in.StartAt, in.EndAt, err)
	}
	return b
}

// counts returns how many bookings and claims the database holds.
func (f *bookingFixture) counts() (bookings, claims int64) {
	f.t.Helper()
	f.must(f.db.R(f.ctx).Model(&models.Booking{}).Count(&bookings).Error)
	f.must(f.db.R(f.ctx).Model(&models.BookingClaim{}).Count(&claims).Error)
	return bookings, claims
}

// assertInvariant checks invariant 1 with a query over the bookings table.
func (f *bookingFixture) assertInvariant() {
	f.t.Helper()
	n, err := f.db.CountOverbookings(f.ctx)
	if err != nil {
		f.t.Fatalf("invariant query: %v", err)
	}
	if n != 0 {
		f.t.Fatalf("got %d overbooked instants, want 0", n)
	}
}

func (f *bookingFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}
