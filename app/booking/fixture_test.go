package booking_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// bookingFixture is an App on a fresh database with one facility in a time zone and a settable
// clock that starts at Monday 08:00 local time.
type bookingFixture struct {
	*apptest.Fixture
	fac models.Facility
	loc *time.Location
}

func newBookingFixture(t testing.TB, tz string) *bookingFixture {
	t.Helper()
	loc, err := time.LoadLocation(tz)
	if err != nil {
		t.Fatal(err)
	}
	f := &bookingFixture{loc: loc}
	f.Fixture = apptest.NewFixture(t, f.local(0, "08:00"))
	f.fac = f.Facility(tz)
	return f
}

// resource inserts an available exclusive resource of the fixture's facility with the default
// rules, changed by mod.
func (f *bookingFixture) resource(mod func(*models.Resource)) models.Resource {
	return f.Resource(f.fac.ID, mod)
}

// user inserts a user of the role; managers manage the fixture's facility.
func (f *bookingFixture) user(role string) core.Actor {
	if role == models.RoleManager {
		return f.User(role, f.fac.ID)
	}
	return f.User(role)
}

// blackout inserts a blackout of the fixture's facility (resourceID 0) or of one resource.
func (f *bookingFixture) blackout(kind string, resourceID int64, from, to time.Time) {
	f.Blackout(f.fac.ID, kind, resourceID, from, to)
}

// local is a wall-clock time in the facility's zone, days after Monday 2026-03-02.
func (f *bookingFixture) local(day int, hhmm string) time.Time {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil {
		panic(fmt.Sprintf("bad time %q", hhmm))
	}
	return time.Date(2026, 3, 2+day, h, m, 0, 0, f.loc)
}

// input is a booking of res from start to end on the day, with a purpose.
func (f *bookingFixture) input(res models.Resource, day int, start, end string) booking.Reservation {
	return booking.Reservation{ResourceID: res.ID, StartAt: f.local(day, start), EndAt: f.local(day, end), Seats: 1,
		Purpose: "课程实验", PurposeCategory: "teaching"}
}
