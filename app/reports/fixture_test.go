package reports_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

var (
	shanghai = calendar.Location("Asia/Shanghai", time.UTC)
	newYork  = calendar.Location("America/New_York", time.UTC)
)

// at is a wall-clock time of March 2026 in the zone.
func at(loc *time.Location, day, hour, minute, second int) time.Time {
	return time.Date(2026, time.March, day, hour, minute, second, 0, loc)
}

// sh is a wall-clock time of March 2026 in Shanghai.
func sh(day, hour, minute int) time.Time { return at(shanghai, day, hour, minute, 0) }

// world is a practice center in Shanghai (open WeekdayHours: Monday to Friday 08:00–22:00,
// Saturday 09:00–17:00) with a pooled room of two seats (no quota of its own: general
// equipment's 1,400 hours) and a lathe (a quota of 730 hours), a facility of another
// consortium in New York with one resource, and people of every user type.
type world struct {
	*apptest.Fixture
	practice, ny           models.Facility
	room, lathe, nyBench   models.Resource
	manager, nyManager     core.Actor
	admin, student         core.Actor
	internal, member, sme  core.Actor // of the practice's consortium, of New York's, of an SME
	loner                  core.Actor // of no organization
	internalOrg, memberOrg int64
	smeOrg                 int64
}

func newWorld(t *testing.T, now time.Time) *world {
	t.Helper()
	w := &world{Fixture: apptest.NewFixture(t, now)}
	w.practice = w.Facility("Asia/Shanghai")
	w.ny = w.Facility("America/New_York")
	w.room = w.Resource(w.practice.ID, func(r *models.Resource) { r.Capacity = 2 })
	w.lathe = w.Resource(w.practice.ID, func(r *models.Resource) { r.QuotaHoursYear = 730 }) // 120 minutes a day
	w.nyBench = w.Resource(w.ny.ID, nil)
	w.manager = w.User(models.RoleManager, w.practice.ID)
	w.nyManager = w.User(models.RoleManager, w.ny.ID)
	w.admin = w.User(models.RoleAdmin)
	w.student = w.User(models.RoleStudent)
	w.internalOrg = w.org(false, w.practice.ConsortiumID)
	w.memberOrg = w.org(false, w.ny.ConsortiumID)
	w.smeOrg = w.org(true)
	w.internal = w.person(models.RoleStudent, &w.internalOrg)
	w.member = w.person(models.RoleTeacher, &w.memberOrg)
	w.sme = w.person(models.RoleSME, &w.smeOrg)
	w.loner = w.person(models.RoleStudent, nil)
	return w
}

func (w *world) org(sme bool, consortia ...int64) int64 {
	now := w.Clock.Now()
	o := models.Organization{Name: fmt.Sprintf("单位 %d", now.UnixNano()), Kind: "school", IsSME: sme, CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&o).Error)
	for _, c := range consortia {
		w.Must(w.DB.W(w.Ctx).Create(&models.ConsortiumMember{ConsortiumID: c, OrganizationID: o.ID, Role: "member"}).Error)
	}
	return o.ID
}

func (w *world) person(role string, org *int64) core.Actor {
	u := w.User(role)
	w.Must(w.DB.W(w.Ctx).Model(&models.User{}).Where("id = ?", u.UserID).Update("organization_id", org).Error)
	return w.ActorOf(u.UserID)
}

// booking inserts a booking as it stands after its life (the reports read the rows, not the
// engine's path to them); in and out are the check-in and check-out, zero when none.
func (w *world) booking(res models.Resource, who core.Actor, start, end time.Time, seats int, purpose string,
	status models.BookingStatus, in, out time.Time) models.Booking {
	now := w.Clock.Now()
	b := models.Booking{ResourceID: res.ID, UserID: who.UserID, StartAt: start.UTC(), EndAt: end.UTC(), Seats: seats,
		Purpose: "实验", PurposeCategory: purpose, Status: status, CreatedAt: now, UpdatedAt: now}
	if !in.IsZero() {
		b.CheckedInAt = apptest.Ptr(in.UTC())
	}
	if !out.IsZero() {
		b.CheckedOutAt = apptest.Ptr(out.UTC())
	}
	w.Must(w.DB.CreateBooking(w.Ctx, &b))
	return b
}

// march is the first week of March 2026 (Monday 2 to Sunday 8) with everything the figures
// must get right: overlapping bookings of the pooled room, a booking crossing local midnight,
// a no-show, an early check-out, a cancelled booking, an outside user, a closure of the whole
// facility (Wednesday 4), a closure of the lathe alone (Tuesday 3, 10:00–12:00), a make-up
// working day (Sunday 8, 09:00–17:00) and a booking in New York that crosses its midnight.
func newMarch(t *testing.T) *world {
	w := newWorld(t, sh(1, 9, 0))
	var none time.Time
	// Monday: two overlapping bookings of the pooled room; check-in and out to the second are
	// counted in whole minutes (10:10–11:40: 90).
	w.booking(w.room, w.internal, sh(2, 10, 0), sh(2, 12, 0), 1, "research", models.BookingCompleted,
		at(shanghai, 2, 10, 10, 30), at(shanghai, 2, 11, 40, 50))
	w.booking(w.room, w.member, sh(2, 10, 0), sh(2, 11, 0), 1, "teaching", models.BookingCompleted, sh(2, 9, 55), sh(2, 11, 0))
	// Tuesday: a no-show of someone of no organization.
	w.booking(w.room, w.loner, sh(3, 9, 0), sh(3, 10, 0), 1, "research", models.BookingNoShow, none, none)
	w.booking(w.lathe, w.internal, sh(3, 13, 0), sh(3, 14, 0), 1, "research", models.BookingCompleted, sh(3, 13, 0), sh(3, 14, 0))
	w.Blackout(w.practice.ID, models.BlackoutClosure, w.lathe.ID, sh(3, 10, 0), sh(3, 12, 0))
	// Wednesday: closed.
	w.Blackout(w.practice.ID, models.BlackoutClosure, 0, sh(4, 0, 0), sh(5, 0, 0))
	// Thursday 21:00 to Friday 01:00, two seats, for a service request: 3 h on Thursday, 1 h on
	// Friday, used until 00:30.
	b := w.booking(w.room, w.sme, sh(5, 21, 0), sh(6, 1, 0), 2, "social_service", models.BookingCompleted, sh(5, 21, 0), sh(6, 0, 30))
	w.Must(w.DB.W(w.Ctx).Model(&b).Update("service_request_id", 4711).Error)
	// Friday: checked out 75 minutes early; a cancelled booking counts for nothing.
	w.booking(w.room, w.internal, sh(6, 14, 0), sh(6, 16, 0), 1, "training", models.BookingCompleted, sh(6, 14, 0), sh(6, 14, 45))
	w.booking(w.room, w.internal, sh(6, 10, 0), sh(6, 11, 0), 1, "research", models.BookingCancelled, none, none)
	// Sunday: a make-up working day, open 09:00–17:00.
	w.Blackout(w.practice.ID, models.BlackoutMakeup, 0, sh(8, 9, 0), sh(8, 17, 0))
	// New York, Monday 23:00 to Tuesday 01:00 there (Tuesday 12:00–14:00 in Shanghai), by a member
	// of another consortium (the practice's), for teaching.
	w.booking(w.nyBench, w.internal, at(newYork, 2, 23, 0, 0), at(newYork, 3, 1, 0, 0), 1, "teaching", models.BookingCompleted,
		at(newYork, 2, 23, 0, 0), at(newYork, 3, 1, 0, 0))
	w.Clock.Set(sh(9, 2, 30))
	return w
}

// day is the figures of a resource-day as a test writes them: hours by local hour.
type day struct {
	available, booked, effective, bookings, noShows, users int64
	teaching, research, training, social                   int64
	internal, member, external, service                    int64
	quota, incomeInternal, incomeExternal                  int64
	hours                                                  map[int]int64
}

func (d day) row(resourceID, facilityID int64, date string) models.ReportResourceDay {
	r := models.ReportResourceDay{ResourceID: resourceID, FacilityID: facilityID, Day: date, ReportFigures: models.ReportFigures{
		AvailableMinutes: d.available, BookedMinutes: d.booked, EffectiveMinutes: d.effective, Bookings: d.bookings,
		NoShows: d.noShows, UniqueUsers: d.users, TeachingMinutes: d.teaching, ResearchMinutes: d.research,
		TrainingMinutes: d.training, SocialServiceMinutes: d.social, InternalMinutes: d.internal,
		MemberMinutes: d.member, ExternalMinutes: d.external, ServiceMinutes: d.service, QuotaMinutes: d.quota,
		IncomeInternalFen: d.incomeInternal, IncomeExternalFen: d.incomeExternal}}
	hours := hourFields(&r)
	for h, m := range d.hours {
		*hours[h] = m
	}
	return r
}

func hourFields(r *models.ReportResourceDay) [24]*int64 {
	return [24]*int64{&r.H00, &r.H01, &r.H02, &r.H03, &r.H04, &r.H05, &r.H06, &r.H07, &r.H08, &r.H09, &r.H10, &r.H11,
		&r.H12, &r.H13, &r.H14, &r.H15, &r.H16, &r.H17, &r.H18, &r.H19, &r.H20, &r.H21, &r.H22, &r.H23}
}
