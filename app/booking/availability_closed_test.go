package booking_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// closedString prints closed intervals in the facility's local time with their rule and reason.
func (f *bookingFixture) closedString(items []booking.ClosedInterval) string {
	s := ""
	for _, it := range items {
		s += fmt.Sprintf("[%s %s %s%s]", it.StartAt.In(f.loc).Format("Mon 15:04"), it.EndAt.In(f.loc).Format("Mon 15:04"), it.Rule, it.Reason)
	}
	return s
}

// catalogClosure is a closure of one resource of the fixture's facility with a reason.
func catalogClosure(f *bookingFixture, resourceID int64, from, to time.Time, reason string) catalog.NewBlackout {
	return catalog.NewBlackout{FacilityID: f.fac.ID, ResourceID: &resourceID, Kind: models.BlackoutClosure, StartAt: from, EndAt: to, Reason: reason}
}

func TestAvailabilitySaysWhyTimeIsClosed(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.MinLeadMinutes = 60; r.MaxAdvanceDays = 2 })
	student, rival := f.user(models.RoleStudent), f.user(models.RoleStudent)
	f.Book(rival, f.input(res, 0, "12:00", "13:00"))
	manager := f.user(models.RoleManager)
	_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, catalogClosure(f, res.ID, f.local(0, "15:00"), f.local(0, "16:00"), "设备校准"))
	f.Must(err)

	a, err := f.App.Booking.Availability(f.Ctx, student, res.ID, f.local(0, "00:00"), f.local(3, "00:00"))
	f.Must(err)
	want := "[Mon 00:00 Mon 09:00 min_lead][Mon 15:00 Mon 16:00 blackout设备校准][Mon 22:00 Tue 08:00 opening_hours]" +
		"[Tue 22:00 Wed 08:00 opening_hours][Wed 08:00 Thu 00:00 max_advance]"
	if got := f.closedString(a.Closed); got != want {
		t.Fatalf("closed: got %s, want %s", got, want)
	}
	if len(a.Taken) != 1 || !a.Taken[0].Start.Equal(f.local(0, "12:00")) || !a.Taken[0].End.Equal(f.local(0, "13:00")) {
		t.Fatalf("taken: got %v, want Monday 12:00–13:00 (booked by another)", a.Taken)
	}
	if got, want := f.freeString(a.Free), "[Mon 09:00 Mon 12:00 1][Mon 13:00 Mon 15:00 1][Mon 16:00 Mon 22:00 1][Tue 08:00 Tue 22:00 1]"; got != want {
		t.Fatalf("free: got %s, want %s", got, want)
	}
	if !a.BookableUntil.Equal(f.local(2, "08:00")) {
		t.Fatalf("bookable until: got %s, want Wednesday 08:00", a.BookableUntil)
	}
}

func TestAvailabilityClosesForTheUser(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	q := models.Qualification{Code: "avail_q", Name: "激光切割安全"}
	f.Must(f.DB.W(f.Ctx).Create(&q).Error)
	gated := f.resource(func(r *models.Resource) { r.QualificationID = &q.ID })
	quota := f.resource(func(r *models.Resource) { r.WeeklyQuotaMinutes = 120; r.MinMinutes = 60 })
	student := f.user(models.RoleStudent)

	a, err := f.App.Booking.Availability(f.Ctx, student, gated.ID, f.local(1, "00:00"), f.local(2, "00:00"))
	f.Must(err)
	if got := f.closedString(a.Closed); got != "[Tue 00:00 Wed 00:00 qualification]" || len(a.Free) != 0 {
		t.Fatalf("without the qualification: got closed %s and free %s, want all closed", got, f.freeString(a.Free))
	}

	f.Book(student, f.input(quota, 1, "10:00", "11:00"))
	a, err = f.App.Booking.Availability(f.Ctx, student, quota.ID, f.local(1, "00:00"), f.local(2, "00:00"))
	f.Must(err)
	if len(a.Free) == 0 {
		t.Fatalf("an hour of the quota left: got no free time")
	}
	f.Book(student, f.input(quota, 2, "10:00", "11:00"))
	a, err = f.App.Booking.Availability(f.Ctx, student, quota.ID, f.local(3, "00:00"), f.local(8, "00:00"))
	f.Must(err)
	if got := f.freeString(a.Free); got != "[Mon 08:00 Mon 22:00 1]" {
		t.Fatalf("quota used up this week: got free %s, want only next Monday", got)
	}
	if got := f.closedString(a.Closed); got != "[Thu 00:00 Thu 08:00 opening_hours][Thu 08:00 Thu 22:00 weekly_quota]"+
		"[Thu 22:00 Fri 08:00 opening_hours][Fri 08:00 Fri 22:00 weekly_quota][Fri 22:00 Sat 09:00 opening_hours]"+
		"[Sat 09:00 Sat 17:00 weekly_quota][Sat 17:00 Mon 08:00 opening_hours][Mon 22:00 Tue 00:00 opening_hours]" {
		t.Fatalf("quota used up this week: got closed %s", got)
	}
	a, err = f.App.Booking.Availability(f.Ctx, f.user(models.RoleStudent), quota.ID, f.local(3, "00:00"), f.local(4, "00:00"))
	if err != nil || f.freeString(a.Free) != "[Thu 08:00 Thu 22:00 1]" {
		t.Fatalf("another user: got %s %v, want Thursday free", f.freeString(a.Free), err)
	}
}

func TestRefusalNamesTheNextFreeSlot(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.MinLeadMinutes = 60 })
	student, rival := f.user(models.RoleStudent), f.user(models.RoleStudent)
	f.Book(rival, f.input(res, 1, "10:00", "12:00"))
	manager := f.user(models.RoleManager)
	_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, catalogClosure(f, res.ID, f.local(2, "08:00"), f.local(2, "12:00"), "检修"))
	f.Must(err)

	tests := []struct {
		name       string
		day        int
		start, end string
		wantRule   string
		wantStart  time.Time // zero: no suggestion
	}{
		{"taken by another", 1, "10:30", "11:30", "", f.local(1, "12:00")},
		{"too soon", 0, "08:30", "09:30", "min_lead", f.local(0, "09:00")},
		{"closed at night", 1, "21:30", "22:30", "opening_hours", f.local(2, "12:00")},
		{"in a blackout", 2, "09:00", "10:00", "blackout", f.local(2, "12:00")},
		{"beyond the advance window: none within it", 20, "10:00", "11:00", "max_advance", time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(res, tc.day, tc.start, tc.end))
			var ae *core.Error
			if !errors.As(err, &ae) || ae.Rule != tc.wantRule {
				t.Fatalf("got %v, want a refusal of rule %q", err, tc.wantRule)
			}
			next, ok := ae.Details["next_free"].(map[string]any)
			if tc.wantStart.IsZero() {
				if ok {
					t.Fatalf("got next_free %v, want none", next)
				}
				return
			}
			if !ok || !next["start_at"].(time.Time).Equal(tc.wantStart) || next["end_at"].(time.Time).Sub(next["start_at"].(time.Time)) != time.Hour {
				t.Fatalf("got next_free %v, want an hour from %s", next, tc.wantStart)
			}
		})
	}
	t.Run("a refusal of the purpose suggests nothing", func(t *testing.T) {
		in := f.input(res, 1, "13:00", "14:00")
		in.Purpose = ""
		_, err := f.App.Booking.CreateBooking(f.Ctx, student, in)
		var ae *core.Error
		if !errors.As(err, &ae) || ae.Details["next_free"] != nil {
			t.Fatalf("got %v with details %v, want a refusal without next_free", err, ae.Details)
		}
	})
}

func TestAvailabilityQueriesDoNotGrowWithTheWindow(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	q := models.Qualification{Code: "avail_count", Name: "安全培训"}
	f.Must(f.DB.W(f.Ctx).Create(&q).Error)
	res := f.resource(func(r *models.Resource) { r.WeeklyQuotaMinutes = 600; r.MaxAdvanceDays = 60; r.QualificationID = &q.ID })
	student := f.user(models.RoleStudent)
	f.Must(f.DB.W(f.Ctx).Create(&models.UserQualification{UserID: student.UserID, QualificationID: q.ID, GrantedAt: f.Clock.Now()}).Error)
	f.Book(student, f.input(res, 1, "10:00", "11:00"))
	for _, days := range []int{1, 62} {
		queries := f.CountStatements()
		a, err := f.App.Booking.Availability(f.Ctx, student, res.ID, f.local(0, "00:00"), f.local(days, "00:00"))
		f.Must(err)
		if len(a.Free) == 0 {
			t.Fatalf("%d days: got no free time", days)
		}
		// The resource and facility, the user, the qualification, the blackouts, the quota's
		// bookings, the claims.
		if n := queries(); n > 7 {
			t.Fatalf("%d days: got %d statements, want at most 7", days, n)
		}
	}
}
