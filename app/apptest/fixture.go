package apptest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"

	"gorm.io/gorm"
)

// Fixture is an App over a fresh database of its own, with a settable clock and builders for
// the objects tests need. Every package's tests build on it.
type Fixture struct {
	T     testing.TB
	Ctx   context.Context
	App   *app.App
	DB    *models.DB
	Clock *Clock

	statements *atomic.Pointer[sync.Map] // where CountStatements records, once registered
}

// seq makes the names of built objects unique across the tests of a process.
var seq atomic.Int64

// NewFixture builds an App over a fresh database whose clock starts at start.
func NewFixture(t testing.TB, start time.Time, opts ...app.Option) *Fixture {
	t.Helper()
	return newFixture(t, Config(t), start, opts)
}

func newFixture(t testing.TB, cfg app.Config, start time.Time, opts []app.Option) *Fixture {
	f := &Fixture{T: t, Ctx: context.Background(), Clock: NewClock(start)}
	f.App = NewWithConfig(t, cfg, append([]app.Option{app.WithClock(f.Clock.Now)}, opts...)...)
	f.DB = f.App.DB()
	return f
}

// WeekdayHours opens Monday to Friday 08:00–22:00 and Saturday 09:00–17:00; Sunday is closed.
func WeekdayHours() []models.OpeningInterval {
	var hours []models.OpeningInterval
	for wd := 1; wd <= 5; wd++ {
		hours = append(hours, models.OpeningInterval{Weekday: wd, Start: "08:00", End: "22:00"})
	}
	return append(hours, models.OpeningInterval{Weekday: 6, Start: "09:00", End: "17:00"})
}

// Facility inserts a consortium and a practice center in the time zone, open WeekdayHours with
// the default rules.
func (f *Fixture) Facility(tz string) models.Facility {
	f.T.Helper()
	n := seq.Add(1)
	now := f.Clock.Now()
	con := models.Consortium{Name: fmt.Sprintf("联合体 %d", n), Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.W(f.Ctx).Create(&con).Error)
	fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: fmt.Sprintf("实践中心 %d", n),
		TimeZone: tz, OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: WeekdayHours()},
		DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.W(f.Ctx).Create(&fac).Error)
	return fac
}

// Resource inserts an available exclusive resource of the facility with the default rules,
// changed by mod.
func (f *Fixture) Resource(facilityID int64, mod func(*models.Resource)) models.Resource {
	f.T.Helper()
	now := f.Clock.Now()
	r := models.Resource{FacilityID: facilityID, Name: fmt.Sprintf("设备 %d", seq.Add(1)), Category: "equipment",
		Capacity: 1, Status: models.ResourceAvailable, Rules: models.DefaultRules(), CreatedAt: now, UpdatedAt: now}
	if mod != nil {
		mod(&r)
	}
	f.Must(f.DB.W(f.Ctx).Create(&r).Error)
	return r
}

// User inserts an active user of the role and returns the actor for it; a manager manages the
// facilities given.
func (f *Fixture) User(role string, managed ...int64) core.Actor {
	f.T.Helper()
	n := seq.Add(1)
	now := f.Clock.Now()
	u := models.User{Email: fmt.Sprintf("u%d@test.local", n), PasswordHash: "x", Name: fmt.Sprintf("用户%d", n),
		Role: role, Active: true, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.CreateUser(f.Ctx, &u))
	for _, id := range managed {
		f.Must(f.DB.AddFacilityManager(f.Ctx, id, u.ID))
	}
	return f.ActorOf(u.ID)
}

// ActorOf is the actor of a user, as a request of theirs would see it.
func (f *Fixture) ActorOf(userID int64) core.Actor {
	f.T.Helper()
	ac, err := f.App.Accounts.CurrentActor(f.Ctx, userID)
	f.Must(err)
	return ac
}

// Actor is the actor of the user with the e-mail (a demo account, say).
func (f *Fixture) Actor(email string) core.Actor {
	f.T.Helper()
	u, err := f.DB.UserByEmail(f.Ctx, email)
	if err != nil {
		f.T.Fatalf("user %s: %v", email, err)
	}
	return f.ActorOf(u.ID)
}

// Blackout inserts a blackout of the facility (resourceID 0) or of one of its resources.
func (f *Fixture) Blackout(facilityID int64, kind string, resourceID int64, from, to time.Time) {
	f.T.Helper()
	b := models.Blackout{FacilityID: facilityID, Kind: kind, StartAt: from.UTC(), EndAt: to.UTC(), CreatedAt: f.Clock.Now()}
	if resourceID != 0 {
		b.ResourceID = &resourceID
	}
	f.Must(f.DB.W(f.Ctx).Create(&b).Error)
}

// Book makes a person's booking and fails the test if it cannot.
func (f *Fixture) Book(ac core.Actor, r booking.Reservation) models.Booking {
	f.T.Helper()
	b, err := f.App.Booking.CreateBooking(f.Ctx, ac, r)
	if err != nil {
		f.T.Fatalf("book %s–%s: %v", r.StartAt, r.EndAt, err)
	}
	return b.Booking
}

// Booking reloads a booking.
func (f *Fixture) Booking(id int64) models.Booking {
	f.T.Helper()
	b, err := f.DB.BookingByID(f.Ctx, id)
	f.Must(err)
	return b
}

// Counts returns how many bookings and claims the database holds.
func (f *Fixture) Counts() (bookings, claims int64) {
	f.T.Helper()
	return f.Count(&models.Booking{}, "1 = 1"), f.Count(&models.BookingClaim{}, "1 = 1")
}

// Count counts the rows of a model's table that match the condition.
func (f *Fixture) Count(model any, where string, args ...any) int64 {
	f.T.Helper()
	var n int64
	f.Must(f.DB.R(f.Ctx).Model(model).Where(where, args...).Count(&n).Error)
	return n
}

// AssertNoOverbooking checks invariant 1 with a query over the bookings table.
func (f *Fixture) AssertNoOverbooking() {
	f.T.Helper()
	n, err := f.DB.CountOverbookings(f.Ctx)
	if err != nil {
		f.T.Fatalf("invariant query: %v", err)
	}
	if n != 0 {
		f.T.Fatalf("got %d overbooked instants, want 0", n)
	}
}

// CountStatements counts the SQL statements run through the database handles from now on; the
// function it returns reads the count.
func (f *Fixture) CountStatements() func() int {
	f.T.Helper()
	seen := &sync.Map{}
	if f.statements == nil {
		f.statements = &atomic.Pointer[sync.Map]{}
		count := func(g *gorm.DB) { f.statements.Load().Store(g.Statement, true) }
		for i, g := range []*gorm.DB{f.DB.W(f.Ctx), f.DB.R(f.Ctx)} {
			name := fmt.Sprintf("test:count_statements_%d", i)
			f.Must(g.Callback().Query().After("gorm:query").Register(name, count))
			f.Must(g.Callback().Row().After("gorm:row").Register(name, count))
		}
	}
	f.statements.Store(seen)
	return func() int {
		n := 0
		seen.Range(func(any, any) bool { n++; return true })
		return n
	}
}

// Must fails the test on an error.
func (f *Fixture) Must(err error) {
	f.T.Helper()
	if err != nil {
		f.T.Fatal(err)
	}
}

// CheckErr compares an error with the wanted code ("" for none) and, when given, the exact set
// of fields it names.
func CheckErr(t testing.TB, err error, wantCode string, wantFields ...string) {
	t.Helper()
	if wantCode == "" {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return
	}
	var ae *core.Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want error %s", err, wantCode)
	}
	if ae.Code != wantCode {
		t.Fatalf("got %s (%v), want %s", ae.Code, err, wantCode)
	}
	if len(wantFields) > 0 {
		if got := slices.Sorted(maps.Keys(ae.Fields)); !slices.Equal(got, slices.Sorted(slices.Values(wantFields))) {
			t.Fatalf("got fields %v, want %v", ae.Fields, wantFields)
		}
	}
}

// Ptr returns a pointer to v.
func Ptr[T any](v T) *T { return &v }

// Demo is a fixture over the demo data set, with the actors of its accounts that tests use.
type Demo struct {
	*Fixture
	// Admin; Manager of the first practice center and tech platform; Student; OtherManager of
	// another consortium's practice center.
	Admin, Manager, Student, OtherManager core.Actor
	// Practice and Platform are the demo manager's facilities; Other is OtherManager's.
	Practice, Platform, Other int64
}

// NewDemo builds an App over a fresh database holding the demo data set, its clock at the
// wall-clock time.
func NewDemo(t testing.TB, opts ...app.Option) *Demo {
	t.Helper()
	f := newFixture(t, DemoConfig(t), time.Now().UTC().Truncate(time.Second), opts)
	d := &Demo{Fixture: f, Admin: f.Actor("admin@demo.local"), Manager: f.Actor("manager@demo.local"),
		Student: f.Actor("student@demo.local"), OtherManager: f.Actor("mgr.cqcet@demo.local")}
	d.Practice, d.Platform = d.Manager.ManagedFacilityIDs[0], d.Manager.ManagedFacilityIDs[1]
	d.Other = d.OtherManager.ManagedFacilityIDs[0]
	return d
}
