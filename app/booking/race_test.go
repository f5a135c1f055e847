package booking_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// raceResult counts how a barrier race ended.
type raceResult struct {
	created, conflicts int
	other              []error
}

// race books in[i] for actors[i] from len(in) goroutines released together by a barrier.
func race(t *testing.T, f *bookingFixture, actors []core.Actor, in []booking.Reservation) raceResult {
	t.Helper()
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, len(in))
	for i := range in {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			_, errs[i] = f.App.Booking.CreateBooking(f.Ctx, actors[i], in[i])
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	var r raceResult
	for _, err := range errs {
		switch {
		case err == nil:
			r.created++
		case errors.Is(err, booking.ErrBookingConflict):
			r.conflicts++
		default:
			r.other = append(r.other, err)
		}
	}
	if len(r.other) > 0 {
		t.Fatalf("got %d unexpected errors, first: %v", len(r.other), r.other[0])
	}
	return r
}

func (f *bookingFixture) users(n int) []core.Actor {
	out := make([]core.Actor, n)
	for i := range out {
		out[i] = f.user(models.RoleStudent)
	}
	return out
}

// TestBookingRaceSameSlot: 200 users released together for one slot get exactly as many
// bookings as there are seats, and the rest a conflict.
func TestBookingRaceSameSlot(t *testing.T) {
	t.Parallel()
	for _, capacity := range []int{1, 5} {
		t.Run(fmt.Sprintf("capacity %d", capacity), func(t *testing.T) {
			f := newBookingFixture(t, "Asia/Shanghai")
			res := f.resource(func(r *models.Resource) { r.Capacity = capacity })
			const n = 200
			in := make([]booking.Reservation, n)
			for i := range in {
				in[i] = f.input(res, 1, "10:00", "11:00")
			}
			r := race(t, f, f.users(n), in)
			if r.created != capacity || r.conflicts != n-capacity {
				t.Fatalf("got %d created and %d conflicts, want %d and %d", r.created, r.conflicts, capacity, n-capacity)
			}
			f.AssertNoOverbooking()
			bookings, claims := f.Counts()
			if bookings != int64(capacity) || claims != int64(capacity*4) {
				t.Fatalf("got %d bookings and %d claims, want %d and %d", bookings, claims, capacity, capacity*4)
			}
		})
	}
}

// TestBookingRaceOverlapping races intervals that overlap without being equal, with a buffer,
// and checks invariant 1 over the bookings table afterwards.
func TestBookingRaceOverlapping(t *testing.T) {
	t.Parallel()
	for _, capacity := range []int{1, 2} {
		t.Run(fmt.Sprintf("capacity %d", capacity), func(t *testing.T) {
			f := newBookingFixture(t, "Asia/Shanghai")
			res := f.resource(func(r *models.Resource) { r.Capacity = capacity; r.SlotMinutes = 15; r.BufferMinutes = 15 })
			const n = 60
			in := make([]booking.Reservation, n)
			for i := range in {
				// [10:00,11:00), [10:30,11:30), [10:45,12:00), … staggered starts and lengths.
				start := f.local(1, "10:00").Add(time.Duration(i%7) * 15 * time.Minute)
				in[i] = f.input(res, 1, "10:00", "11:00")
				in[i].StartAt, in[i].EndAt = start, start.Add(time.Duration(60+15*(i%4))*time.Minute)
			}
			r := race(t, f, f.users(n), in)
			if r.created < 1 || r.created+r.conflicts != n {
				t.Fatalf("got %d created and %d conflicts of %d", r.created, r.conflicts, n)
			}
			f.AssertNoOverbooking()
		})
	}
}

// TestBookingBuffer: the buffer after a booking holds the seats, and a failed attempt leaves no
// row behind.
func TestBookingBuffer(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.SlotMinutes = 15; r.BufferMinutes = 15 })
	f.Book(f.user(models.RoleStudent), f.input(res, 1, "09:00", "10:00"))
	bookings, claims := f.Counts()

	_, err := f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, "10:00", "11:00"))
	var ae *core.Error
	if !errors.As(err, &ae) || ae.Code != "booking_conflict" {
		t.Fatalf("booking inside the buffer: got %v, want booking_conflict", err)
	}
	conflicts, _ := ae.Details["conflicts"].([]booking.ConflictInterval)
	if len(conflicts) != 1 || !conflicts[0].StartAt.Equal(f.local(1, "09:00")) || !conflicts[0].EndAt.Equal(f.local(1, "10:00")) {
		t.Fatalf("got conflicts %v, want the 09:00–10:00 booking", ae.Details)
	}
	if b, c := f.Counts(); b != bookings || c != claims {
		t.Fatalf("after a 409: got %d bookings and %d claims, want %d and %d", b, c, bookings, claims)
	}
	_, err = f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, "10:15", "10:45"))
	if err != nil {
		t.Fatalf("booking after the buffer: got %v, want it booked", err)
	}
	bookings, claims = f.Counts()
	// A booking whose own buffer would run into the next one is refused too.
	if _, err := f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, "08:00", "09:00")); !errors.Is(err, booking.ErrBookingConflict) {
		t.Fatalf("booking whose buffer overlaps: got %v, want booking_conflict", err)
	}
	if _, err := f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, "25:00", "26:00")); err == nil {
		t.Fatal("booking outside opening hours: got none, want a rule error")
	}
	if b, c := f.Counts(); b != bookings || c != claims {
		t.Fatalf("after a 409 and a 422: got %d bookings and %d claims, want %d and %d", b, c, bookings, claims)
	}
	f.AssertNoOverbooking()
}

// TestReserveSkipsConflicts: several reservations in one transaction, as a recurring series
// with skip-conflicts books them; the conflicting one leaves nothing behind.
func TestReserveSkipsConflicts(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	teacher := f.user(models.RoleTeacher)
	f.Book(f.user(models.RoleStudent), f.input(res, 2, "10:00", "11:00"))
	var made []models.Booking
	var failed []error
	err := f.App.Booking.Tx(f.Ctx, func(ctx context.Context) error {
		made, failed = nil, nil
		for _, r := range []booking.Reservation{f.input(res, 1, "10:00", "11:00"), f.input(res, 2, "10:00", "11:00"), f.input(res, 3, "10:00", "11:00")} {
			b, err := f.App.Booking.Reserve(ctx, teacher, r, booking.PersonalBooking)
			var ae *core.Error
			switch {
			case errors.As(err, &ae):
				failed = append(failed, err)
			case err != nil:
				return err
			default:
				made = append(made, b)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != 2 || len(failed) != 1 || !errors.Is(failed[0], booking.ErrBookingConflict) {
		t.Fatalf("got %d made and failures %v, want 2 made and one conflict", len(made), failed)
	}
	if b, c := f.Counts(); b != 3 || c != 3*4 {
		t.Fatalf("got %d bookings and %d claims, want 3 and 12", b, c)
	}
	f.AssertNoOverbooking()
}

// TestCountOverbookingsDetects proves the invariant query finds overbooking, buffers included,
// by writing bookings straight into the table past the claims.
func TestCountOverbookingsDetects(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.BufferMinutes = 15 })
	u := f.user(models.RoleStudent)
	insert := func(start, end string, status models.BookingStatus) {
		b := models.Booking{ResourceID: res.ID, UserID: u.UserID, StartAt: f.local(1, start).UTC(), EndAt: f.local(1, end).UTC(),
			Seats: 1, Purpose: "x", PurposeCategory: "teaching", Status: status, CreatedAt: f.Clock.Now(), UpdatedAt: f.Clock.Now()}
		f.Must(f.DB.CreateBooking(f.Ctx, &b))
	}
	count := func() int64 {
		n, err := f.DB.CountOverbookings(f.Ctx)
		f.Must(err)
		return n
	}
	insert("09:00", "10:00", models.BookingConfirmed)
	insert("10:15", "11:00", models.BookingConfirmed) // after the buffer: fine
	insert("08:00", "08:45", models.BookingCancelled) // not active: ignored
	if n := count(); n != 0 {
		t.Fatalf("got %d overbooked instants, want 0", n)
	}
	// Inside the buffer of 09:00–10:00, and its own buffer runs into 10:15–11:00: two instants.
	insert("10:00", "10:15", models.BookingConfirmed)
	if n := count(); n != 2 {
		t.Fatalf("got %d overbooked instants, want 2", n)
	}
}

func TestPurgePastClaims(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	u := f.user(models.RoleStudent)
	f.Book(u, f.input(res, 0, "10:00", "11:00"))
	f.Book(u, f.input(res, 2, "10:00", "11:00"))
	f.Clock.Set(f.local(2, "09:00")) // Monday's slots ended more than a day ago
	n, err := f.App.Booking.PurgePastClaims(f.Ctx)
	if err != nil || n != 4 {
		t.Fatalf("got %d purged, %v; want 4", n, err)
	}
	if _, claims := f.Counts(); claims != 4 {
		t.Fatalf("got %d claims left, want Wednesday's 4", claims)
	}
}

// BenchmarkCreateBooking books one-hour slots of 100 resources from parallel clients (each slot
// tried twice, so half the attempts conflict), for a quick figure of booking attempts per second
// on the engine under test.
func BenchmarkCreateBooking(b *testing.B) {
	f := newBookingFixture(b, "Asia/Shanghai")
	resources := make([]models.Resource, 100)
	for i := range resources {
		resources[i] = f.resource(func(r *models.Resource) { r.MaxAdvanceDays = 0 })
	}
	users := f.users(16)
	var next atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := next.Add(1) / 2
			res := resources[n%100]
			slot := int(n / 100)
			in := f.input(res, 1+slot/14, fmt.Sprintf("%02d:00", 8+slot%14), fmt.Sprintf("%02d:00", 9+slot%14))
			if _, err := f.App.Booking.CreateBooking(f.Ctx, users[n%16], in); err != nil && !errors.Is(err, booking.ErrBookingConflict) {
				b.Fatal(err)
			}
		}
	})
	b.StopTimer()
	f.AssertNoOverbooking()
}

// TestCancelRace: the owner's late cancellation sent twenty times at once cancels once, writes
// one credit event, and the other attempts answer invalid_transition.
func TestCancelRace(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner := f.user(models.RoleStudent)
	b := f.Book(owner, f.input(res, 0, "09:00", "10:00")) // inside the deadline: a late cancellation
	const n = 20
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	errs := make([]error, n)
	for i := range n {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			_, errs[i] = f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	cancelled := 0
	for _, err := range errs {
		switch {
		case err == nil:
			cancelled++
		case !errors.Is(err, core.ErrInvalidTransition):
			t.Fatalf("got %v, want invalid_transition", err)
		}
	}
	var events int64
	f.Must(f.DB.R(f.Ctx).Model(&models.CreditEvent{}).Where("booking_id = ?", b.ID).Count(&events).Error)
	if cancelled != 1 || events != 1 || f.claimsOf(b.ID) != 0 {
		t.Fatalf("got %d cancellations, %d credit events, %d claims; want 1, 1, 0", cancelled, events, f.claimsOf(b.ID))
	}
}
