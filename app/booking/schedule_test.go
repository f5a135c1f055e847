package booking_test

import (
	"fmt"
	"testing"

	"cqshare/app/core"
	"cqshare/models"
)

// TestFacilityScheduleQueries: the schedule costs the same number of queries for 3 resources as
// for 30.
func TestFacilityScheduleQueries(t *testing.T) {
	t.Parallel()
	counts := map[int]int{}
	for _, n := range []int{3, 30} {
		t.Run(fmt.Sprintf("%d resources", n), func(t *testing.T) {
			f := newBookingFixture(t, "Asia/Shanghai")
			student := f.user(models.RoleStudent)
			for i := range n {
				res := f.resource(nil)
				f.Book(student, f.input(res, 1+i%5, "10:00", "11:00"))
			}
			f.blackout(models.BlackoutClosure, 0, f.local(3, "12:00"), f.local(3, "14:00"))
			queries := f.CountStatements()
			s, err := f.App.Booking.FacilitySchedule(f.Ctx, student, f.fac.ID, f.local(0, "00:00"), f.local(7, "00:00"))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Resources) != n {
				t.Fatalf("got %d resources, want %d", len(s.Resources), n)
			}
			counts[n] = queries()
			t.Logf("%d resources: %d queries", n, counts[n])
		})
	}
	if counts[3] != counts[30] || counts[3] > 5 {
		t.Fatalf("got %d queries for 3 resources and %d for 30, want the same, at most 5", counts[3], counts[30])
	}
}

func TestFacilitySchedule(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	f.resource(func(r *models.Resource) { r.Status = models.ResourceRetired })
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	b := f.Book(student, f.input(res, 1, "10:00", "11:00"))

	for _, tc := range []struct {
		name         string
		ac           core.Actor
		wantIdentity bool
	}{{"students see no identity", student, false}, {"managers see who booked", manager, true}} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := f.App.Booking.FacilitySchedule(f.Ctx, tc.ac, f.fac.ID, f.local(1, "00:00"), f.local(2, "00:00"))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Resources) != 1 || s.TimeZone != "Asia/Shanghai" {
				t.Fatalf("got %d resources in %s, want 1 (retired left out) in Asia/Shanghai", len(s.Resources), s.TimeZone)
			}
			rs := s.Resources[0]
			if len(rs.Busy) != 1 || !rs.Busy[0].StartAt.Equal(b.StartAt) || rs.Busy[0].Seats != 1 {
				t.Fatalf("got busy %+v, want the 10:00 booking", rs.Busy)
			}
			if got := rs.Busy[0].UserName != nil; got != tc.wantIdentity {
				t.Fatalf("got identity shown %v, want %v", got, tc.wantIdentity)
			}
			if got, want := f.freeString(rs.Free), "[Tue 08:00 Tue 10:00 1][Tue 11:00 Tue 22:00 1]"; got != want {
				t.Fatalf("got free %s, want %s", got, want)
			}
		})
	}
	_, err := f.App.Booking.FacilitySchedule(f.Ctx, student, f.fac.ID, f.local(0, "00:00"), f.local(14, "00:01"))
	wantErr(t, err, "rule_violation", "max_window")
	_, err = f.App.Booking.FacilitySchedule(f.Ctx, student, 999999, f.local(0, "00:00"), f.local(1, "00:00"))
	wantErr(t, err, "not_found", "")
}
