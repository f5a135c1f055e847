package app_test

import (
	"errors"
	"testing"

	"cqshare/app"
	"cqshare/models"
)

// heldBookingOf returns the booking a watch was offered, failing when there is none.
func (f *bookingFixture) heldBookingOf(watchID int64) models.Booking {
	f.t.Helper()
	w, err := f.db.SlotWatchByID(f.ctx, watchID)
	f.must(err)
	if w.Status != models.WatchOffered || w.BookingID == nil {
		f.t.Fatalf("watch %d: got status %s, want offered with a booking", watchID, w.Status)
	}
	return f.booking(*w.BookingID)
}

func (f *bookingFixture) watchStatus(id int64) string {
	f.t.Helper()
	w, err := f.db.SlotWatchByID(f.ctx, id)
	f.must(err)
	return w.Status
}

func TestWatchRefusesAFreeInterval(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	_, err := f.a.WatchSlot(f.ctx, f.user(models.RoleStudent), f.input(res, 0, "09:00", "10:00"))
	if !errors.Is(err, app.ErrSlotFree) {
		t.Fatalf("got %v, want slot_free", err)
	}
	if n, _ := f.counts(); n != 0 {
		t.Fatalf("got %d bookings after the trial, want 0", n)
	}
}

func TestWatchFreedHoldConfirm(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, watcher, racer := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.book(owner, f.input(res, 0, "09:00", "10:00"))
	w, err := f.a.WatchSlot(f.ctx, watcher, f.input(res, 0, "09:00", "10:00"))
	if err != nil {
		t.Fatalf("watch a busy interval: %v", err)
	}
	if _, err := f.a.WatchSlot(f.ctx, watcher, f.input(res, 0, "09:00", "10:00")); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("watch twice: got %v, want conflict", err)
	}

	if _, err := f.a.CancelBooking(f.ctx, owner, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	held := f.heldBookingOf(w.ID)
	if held.UserID != watcher.UserID || held.HoldExpiresAt == nil || !held.HoldExpiresAt.Equal(f.clock.Now().Add(app.HoldDuration)) {
		t.Fatalf("got hold %+v, want the watcher's until now + %s", held, app.HoldDuration)
	}
	mine, _, err := f.a.MyWatches(f.ctx, watcher, app.NewPage(1, 10))
	if err != nil || len(mine) != 1 || mine[0].HoldExpiresAt == nil || !mine[0].HoldExpiresAt.Equal(*held.HoldExpiresAt) {
		t.Fatalf("MyWatches: got %+v, %v; want the watch with its hold's expiry %v", mine, err, held.HoldExpiresAt)
	}
	// The hold owns the claims: a racing booking cannot take the slot (invariant 1).
	if _, err := f.a.CreateBooking(f.ctx, racer, f.input(res, 0, "09:00", "10:00")); !errors.Is(err, app.ErrBookingConflict) {
		t.Fatalf("racing booking: got %v, want booking_conflict", err)
	}
	f.assertInvariant()
	notes, total, err := f.a.Notifications(f.ctx, watcher, true, app.NewPage(1, 10))
	if err != nil || total != 1 || notes[0].Kind != app.NotifyHoldOffered {
		t.Fatalf("got %d notifications %+v, %v; want one hold_offered", total, notes, err)
	}

	if _, err := f.a.ConfirmHold(f.ctx, racer, held.ID, "", ""); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("confirm another's hold: got %v, want not_found", err)
	}
	got, err := f.a.ConfirmHold(f.ctx, watcher, held.ID, "", "")
	if err != nil || got.Status != models.BookingConfirmed {
		t.Fatalf("confirm: got %s, %v; want confirmed", got.Status, err)
	}
	if s := f.watchStatus(w.ID); s != models.WatchFulfilled {
		t.Fatalf("got watch %s, want fulfilled", s)
	}
	if _, err := f.a.ConfirmHold(f.ctx, watcher, held.ID, "", ""); !errors.Is(err, app.ErrInvalidTransition) {
		t.Fatalf("confirm twice: got %v, want invalid_transition", err)
	}
	f.assertInvariant()
}

func TestHoldExpiryPassesToNextWatcher(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	owner, first, second := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.book(owner, f.input(res, 1, "09:00", "10:00"))
	w1, err := f.a.WatchSlot(f.ctx, first, f.input(res, 1, "09:00", "10:00"))
	f.must(err)
	w2, err := f.a.WatchSlot(f.ctx, second, f.input(res, 1, "09:00", "11:00"))
	f.must(err)
	if _, err := f.a.CancelBooking(f.ctx, owner, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	hold1 := f.heldBookingOf(w1.ID)
	if s := f.watchStatus(w2.ID); s != models.WatchWaiting {
		t.Fatalf("second watcher: got %s, want waiting (FIFO)", s)
	}

	f.clock.Advance(app.HoldDuration - 1)
	if n, err := f.a.ExpireHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("before expiry: got %d, %v; want 0", n, err)
	}
	f.clock.Advance(1)
	if n, err := f.a.ExpireHolds(f.ctx); err != nil || n != 1 {
		t.Fatalf("at expiry: got %d, %v; want 1", n, err)
	}
	if got := f.booking(hold1.ID).Status; got != models.BookingExpired {
		t.Fatalf("first hold: got %s, want expired", got)
	}
	if s := f.watchStatus(w1.ID); s != models.WatchLapsed {
		t.Fatalf("first watch: got %s, want lapsed", s)
	}
	hold2 := f.heldBookingOf(w2.ID)
	if _, err := f.a.ConfirmHold(f.ctx, first, hold1.ID, "", ""); !errors.Is(err, app.ErrHoldExpired) {
		t.Fatalf("confirm a lapsed hold: got %v, want hold_expired", err)
	}
	got, err := f.a.ConfirmHold(f.ctx, second, hold2.ID, "", "")
	if err != nil || got.Status != models.BookingPending {
		t.Fatalf("confirm on a resource needing approval: got %s, %v; want pending", got.Status, err)
	}
	if n, err := f.a.ExpireHolds(f.ctx); err != nil || n != 0 {
		t.Fatalf("run again: got %d, %v; want 0", n, err)
	}
	f.assertInvariant()
}

func TestCancelWatchReleasesTheHold(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, first, second := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.book(owner, f.input(res, 0, "14:00", "15:00"))
	w1, err := f.a.WatchSlot(f.ctx, first, f.input(res, 0, "14:00", "15:00"))
	f.must(err)
	w2, err := f.a.WatchSlot(f.ctx, second, f.input(res, 0, "14:00", "15:00"))
	f.must(err)
	if err := f.a.CancelWatch(f.ctx, second, w1.ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("cancel another's watch: got %v, want not_found", err)
	}
	_, err = f.a.CancelBooking(f.ctx, owner, b.ID, "")
	f.must(err)
	hold1 := f.heldBookingOf(w1.ID)
	if err := f.a.CancelWatch(f.ctx, first, w1.ID); err != nil {
		t.Fatal(err)
	}
	if got := f.booking(hold1.ID).Status; got != models.BookingCancelled {
		t.Fatalf("declined hold: got %s, want cancelled", got)
	}
	f.heldBookingOf(w2.ID)
	f.assertInvariant()
}

// TestHoldRacesBookings frees a watched slot while 30 users race to book it. The hold is made in
// the freeing transaction, so the watcher gets the seat and no racer does (invariant 1).
func TestHoldRacesBookings(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	owner, watcher := f.user(models.RoleStudent), f.user(models.RoleStudent)
	b := f.book(owner, f.input(res, 0, "15:00", "16:00"))
	w, err := f.a.WatchSlot(f.ctx, watcher, f.input(res, 0, "15:00", "16:00"))
	f.must(err)
	racers := f.users(30)
	in := make([]app.BookingInput, len(racers))
	for i := range in {
		in[i] = f.input(res, 0, "15:00", "16:00")
	}
	var cancelErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, cancelErr = f.a.CancelBooking(f.ctx, owner, b.ID, "")
	}()
	r := race(t, f, racers, in)
	<-done
	if cancelErr != nil {
		t.Fatal(cancelErr)
	}
	if held := f.watchStatus(w.ID); r.created != 0 || held != models.WatchOffered {
		t.Fatalf("got %d racers booked and the watch %s, want 0 and offered", r.created, held)
	}
	f.assertInvariant()
}
