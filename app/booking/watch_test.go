package booking_test

import (
	"errors"
	"testing"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// heldBookingOf returns the booking a watch was offered, failing when there is none.
func (f *bookingFixture) heldBookingOf(watchID int64) models.Booking {
	f.T.Helper()
	w, err := f.DB.SlotWatchByID(f.Ctx, watchID)
	f.Must(err)
	if w.Status != models.WatchOffered || w.BookingID == nil {
		f.T.Fatalf("watch %d: got status %s, want offered with a booking", watchID, w.Status)
	}
	return f.Booking(*w.BookingID)
}

func (f *bookingFixture) watchStatus(id int64) models.WatchStatus {
	f.T.Helper()
	w, err := f.DB.SlotWatchByID(f.Ctx, id)
	f.Must(err)
	return w.Status
}

func TestWatchRefusesAFreeInterval(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	_, err := f.App.Booking.WatchSlot(f.Ctx, f.user(models.RoleStudent), f.input(res, 0, "09:00", "10:00"))
	if !errors.Is(err, booking.ErrSlotFree) {
		t.Fatalf("got %v, want slot_free", err)
	}
	if n, _ := f.Counts(); n != 0 {
		t.Fatalf("got %d bookings after the trial, want 0", n)
	}
}

func TestWatchFreedHoldConfirm(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, watcher, racer := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.Book(owner, f.input(res, 0, "09:00", "10:00"))
	w, err := f.App.Booking.WatchSlot(f.Ctx, watcher, f.input(res, 0, "09:00", "10:00"))
	if err != nil {
		t.Fatalf("watch a busy interval: %v", err)
	}
	if _, err := f.App.Booking.WatchSlot(f.Ctx, watcher, f.input(res, 0, "09:00", "10:00")); !errors.Is(err, core.ErrConflict) {
		t.Fatalf("watch twice: got %v, want conflict", err)
	}

	if _, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	held := f.heldBookingOf(w.ID)
	if held.UserID != watcher.UserID || held.HoldExpiresAt == nil || !held.HoldExpiresAt.Equal(f.Clock.Now().Add(booking.HoldDuration)) {
		t.Fatalf("got hold %+v, want the watcher's until now + %s", held, booking.HoldDuration)
	}
	mine, _, err := f.App.Booking.MyWatches(f.Ctx, watcher, core.NewPage(1, 10))
	if err != nil || len(mine) != 1 || mine[0].HoldExpiresAt == nil || !mine[0].HoldExpiresAt.Equal(*held.HoldExpiresAt) {
		t.Fatalf("MyWatches: got %+v, %v; want the watch with its hold's expiry %v", mine, err, held.HoldExpiresAt)
	}
	// The hold owns the claims: a racing booking cannot take the slot (invariant 1).
	if _, err := f.App.Booking.CreateBooking(f.Ctx, racer, f.input(res, 0, "09:00", "10:00")); !errors.Is(err, booking.ErrBookingConflict) {
		t.Fatalf("racing booking: got %v, want booking_conflict", err)
	}
	f.AssertNoOverbooking()
	notes, total, err := f.App.Accounts.Notifications(f.Ctx, watcher, true, core.NewPage(1, 10))
	if err != nil || total != 1 || notes[0].Kind != booking.NotifyHoldOffered {
		t.Fatalf("got %d notifications %+v, %v; want one hold_offered", total, notes, err)
	}

	if _, err := f.App.Booking.ConfirmHold(f.Ctx, racer, held.ID, "", ""); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("confirm another's hold: got %v, want not_found", err)
	}
	got, err := f.App.Booking.ConfirmHold(f.Ctx, watcher, held.ID, "", "")
	if err != nil || got.Status != models.BookingConfirmed {
		t.Fatalf("confirm: got %s, %v; want confirmed", got.Status, err)
	}
	if s := f.watchStatus(w.ID); s != models.WatchFulfilled {
		t.Fatalf("got watch %s, want fulfilled", s)
	}
	if _, err := f.App.Booking.ConfirmHold(f.Ctx, watcher, held.ID, "", ""); !errors.Is(err, core.ErrInvalidTransition) {
		t.Fatalf("confirm twice: got %v, want invalid_transition", err)
	}
	f.AssertNoOverbooking()
}

func TestHoldExpiryPassesToNextWatcher(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	owner, first, second := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.Book(owner, f.input(res, 1, "09:00", "10:00"))
	w1, err := f.App.Booking.WatchSlot(f.Ctx, first, f.input(res, 1, "09:00", "10:00"))
	f.Must(err)
	w2, err := f.App.Booking.WatchSlot(f.Ctx, second, f.input(res, 1, "09:00", "11:00"))
	f.Must(err)
	if _, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	hold1 := f.heldBookingOf(w1.ID)
	if s := f.watchStatus(w2.ID); s != models.WatchWaiting {
		t.Fatalf("second watcher: got %s, want waiting (FIFO)", s)
	}

	f.Clock.Advance(booking.HoldDuration - 1)
	if n, err := f.App.Booking.ExpireHolds(f.Ctx); err != nil || n != 0 {
		t.Fatalf("before expiry: got %d, %v; want 0", n, err)
	}
	f.Clock.Advance(1)
	if n, err := f.App.Booking.ExpireHolds(f.Ctx); err != nil || n != 1 {
		t.Fatalf("at expiry: got %d, %v; want 1", n, err)
	}
	if got := f.Booking(hold1.ID).Status; got != models.BookingExpired {
		t.Fatalf("first hold: got %s, want expired", got)
	}
	if s := f.watchStatus(w1.ID); s != models.WatchLapsed {
		t.Fatalf("first watch: got %s, want lapsed", s)
	}
	hold2 := f.heldBookingOf(w2.ID)
	if _, err := f.App.Booking.ConfirmHold(f.Ctx, first, hold1.ID, "", ""); !errors.Is(err, booking.ErrHoldExpired) {
		t.Fatalf("confirm a lapsed hold: got %v, want hold_expired", err)
	}
	got, err := f.App.Booking.ConfirmHold(f.Ctx, second, hold2.ID, "", "")
	if err != nil || got.Status != models.BookingPending {
		t.Fatalf("confirm on a resource needing approval: got %s, %v; want pending", got.Status, err)
	}
	if n, err := f.App.Booking.ExpireHolds(f.Ctx); err != nil || n != 0 {
		t.Fatalf("run again: got %d, %v; want 0", n, err)
	}
	f.AssertNoOverbooking()
}

func TestCancelWatchReleasesTheHold(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, first, second := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.Book(owner, f.input(res, 0, "14:00", "15:00"))
	w1, err := f.App.Booking.WatchSlot(f.Ctx, first, f.input(res, 0, "14:00", "15:00"))
	f.Must(err)
	w2, err := f.App.Booking.WatchSlot(f.Ctx, second, f.input(res, 0, "14:00", "15:00"))
	f.Must(err)
	if err := f.App.Booking.CancelWatch(f.Ctx, second, w1.ID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("cancel another's watch: got %v, want not_found", err)
	}
	_, err = f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
	f.Must(err)
	hold1 := f.heldBookingOf(w1.ID)
	if err := f.App.Booking.CancelWatch(f.Ctx, first, w1.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.Booking(hold1.ID).Status; got != models.BookingCancelled {
		t.Fatalf("declined hold: got %s, want cancelled", got)
	}
	f.heldBookingOf(w2.ID)
	f.AssertNoOverbooking()
}

// TestHoldRacesBookings frees a watched slot while 30 users race to book it. The hold is made in
// the freeing transaction, so the watcher gets the seat and no racer does (invariant 1).
func TestHoldRacesBookings(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, watcher := f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.Book(owner, f.input(res, 0, "15:00", "16:00"))
	w, err := f.App.Booking.WatchSlot(f.Ctx, watcher, f.input(res, 0, "15:00", "16:00"))
	f.Must(err)
	racers := f.users(30)
	in := make([]booking.Reservation, len(racers))
	for i := range in {
		in[i] = f.input(res, 0, "15:00", "16:00")
	}
	var cancelErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, cancelErr = f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
	}()
	r := race(t, f, racers, in)
	<-done
	if cancelErr != nil {
		t.Fatal(cancelErr)
	}
	if held := f.watchStatus(w.ID); r.created != 0 || held != models.WatchOffered {
		t.Fatalf("got %d racers booked and the watch %s, want 0 and offered", r.created, held)
	}
	f.AssertNoOverbooking()
}
