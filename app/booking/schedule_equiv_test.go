package booking_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cqshare/models"
)

// TestFacilityScheduleMatchesAvailability: for a facility of exclusive and shared resources,
// with and without buffers, closures of the facility and of one resource, and bookings of one
// and several seats, the busy time is the active bookings as they were read before, and every
// resource's free time in the schedule is what its own availability
// gives a manager, and every quarter of it, and of the time taken, has the free seats that the
// claim rows themselves leave: the capacity less the most seats claimed in the quarter and the
// quarters after it that the buffer would claim.
func TestFacilityScheduleMatchesAvailability(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	exclusive := f.resource(nil)
	buffered := f.resource(func(r *models.Resource) { r.BufferMinutes = 20 })
	shared := f.resource(func(r *models.Resource) { r.Capacity = 3 })
	sharedBuffered := f.resource(func(r *models.Resource) { r.Capacity = 4; r.BufferMinutes = 30 })
	f.resource(func(r *models.Resource) { r.Status = models.ResourceMaintenance })
	f.blackout(models.BlackoutClosure, 0, f.local(3, "12:00"), f.local(3, "14:00"))
	f.blackout(models.BlackoutClosure, shared.ID, f.local(2, "09:00"), f.local(2, "11:30"))

	book := func(res models.Resource, seats, day int, start, end string) {
		in := f.input(res, day, start, end)
		in.Seats = seats
		f.Book(student, in)
	}
	for _, res := range []models.Resource{exclusive, buffered} {
		book(res, 1, 1, "09:00", "10:00")
		book(res, 1, 1, "11:00", "12:30")
		book(res, 1, 4, "15:00", "16:00")
	}
	for _, res := range []models.Resource{shared, sharedBuffered} {
		book(res, 2, 1, "09:00", "11:00")
		book(res, 1, 1, "10:00", "12:00")
		book(res, 1, 2, "14:00", "15:00")
		book(res, 3, 4, "16:00", "17:00")
	}

	from, to := f.local(0, "00:00"), f.local(7, "00:00")
	s, err := f.App.Booking.FacilitySchedule(f.Ctx, manager, f.fac.ID, from, to)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Resources) != 5 {
		t.Fatalf("got %d resources, want 5", len(s.Resources))
	}
	ids := make([]int64, len(s.Resources))
	for i, rs := range s.Resources {
		ids[i] = rs.Resource.ID
	}
	views, err := f.DB.ActiveBookingsOverlapping(f.Ctx, ids, from, to)
	if err != nil {
		t.Fatal(err)
	}
	var busy []string
	for _, rs := range s.Resources {
		for _, b := range rs.Busy {
			busy = append(busy, fmt.Sprintf("%d %d %s %s %d %s %d %s", rs.Resource.ID, *b.BookingID, b.StartAt, b.EndAt, b.Seats, b.Status, *b.UserID, *b.UserName))
		}
	}
	var want []string
	for _, v := range views {
		want = append(want, fmt.Sprintf("%d %d %s %s %d %s %d %s", v.ResourceID, v.ID, v.StartAt.UTC(), v.EndAt.UTC(), v.Seats, v.Status, v.UserID, v.UserName))
	}
	if len(want) != 14 || strings.Join(busy, "\n") != strings.Join(want, "\n") {
		t.Fatalf("got busy\n%s\nwant the 14 active bookings\n%s", strings.Join(busy, "\n"), strings.Join(want, "\n"))
	}
	for _, rs := range s.Resources {
		res := rs.Resource
		if res.Status != models.ResourceAvailable {
			if len(rs.Free) != 0 {
				t.Fatalf("resource %d in maintenance: got free %s, want none", res.ID, f.freeString(rs.Free))
			}
			continue
		}
		a, err := f.App.Booking.Availability(f.Ctx, manager, res.ID, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := f.freeString(rs.Free), f.freeString(a.Free); got != want {
			t.Fatalf("resource %d (capacity %d, buffer %d): schedule free %s, availability free %s",
				res.ID, res.Capacity, res.BufferMinutes, got, want)
		}
		claims, err := f.DB.ClaimsInRange(f.Ctx, res.ID, from.Add(-time.Hour), to.Add(2*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		used := map[time.Time]int{}
		for _, c := range claims {
			used[c.SlotStart.UTC()]++
		}
		tail := (res.BufferMinutes + 14) / 15
		freeAt := func(slot time.Time) int {
			taken := 0
			for k := 0; k <= tail; k++ {
				taken = max(taken, used[slot.Add(time.Duration(k)*models.ClaimGrid)])
			}
			return res.Capacity - taken
		}
		for _, fi := range rs.Free {
			for q := fi.StartAt.Truncate(models.ClaimGrid); q.Before(fi.EndAt); q = q.Add(models.ClaimGrid) {
				if want := freeAt(q.UTC()); fi.FreeSeats != want || want <= 0 {
					t.Fatalf("resource %d: free %d seats at %s, the claims leave %d", res.ID, fi.FreeSeats, q, want)
				}
			}
		}
		if len(a.Taken) == 0 && len(claims) > 0 && res.Capacity == 1 {
			t.Fatalf("resource %d: booked but nothing taken", res.ID)
		}
		for _, sp := range a.Taken {
			for q := sp.Start.Truncate(models.ClaimGrid); q.Before(sp.End); q = q.Add(models.ClaimGrid) {
				if want := freeAt(q.UTC()); want > 0 {
					t.Fatalf("resource %d: %s taken, the claims leave %d seats", res.ID, q, want)
				}
			}
		}
	}
}
