package booking_test

import (
	"slices"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// TestBookingActions checks that the actions a booking offers each caller are exactly the moves
// the same caller is then allowed to make, at each point of the booking's life.
func TestBookingActions(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	owner, manager, other := f.user(models.RoleStudent), f.user(models.RoleManager), f.user(models.RoleStudent)
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true; r.CheckinGraceMinutes = 40 })
	b := f.Book(owner, f.input(res, 1, "10:00", "12:00"))

	actions := func(ac core.Actor) []booking.BookingAction {
		t.Helper()
		v, err := f.App.Booking.GetBooking(f.Ctx, manager, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return f.App.Booking.ActionsOnBooking(ac, v)
	}
	want := func(step string, ac core.Actor, w ...booking.BookingAction) {
		t.Helper()
		if got := actions(ac); !slices.Equal(got, w) && (len(got) != 0 || len(w) != 0) {
			t.Errorf("%s: got actions %v, want %v", step, got, w)
		}
	}
	want("pending, owner", owner, booking.ActionCancel)
	want("pending, manager", manager, booking.ActionApprove, booking.ActionReject, booking.ActionCancel)
	want("pending, a stranger", other)

	if _, err := f.App.Booking.ApproveBooking(f.Ctx, manager, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	want("confirmed a day ahead, owner", owner, booking.ActionCancel)
	want("confirmed a day ahead, manager", manager, booking.ActionCancel)

	// 41 minutes before the start: outside the resource's own 40-minute window.
	f.Clock.Set(f.local(1, "09:19"))
	want("41 min before, owner", owner, booking.ActionCancel)
	if _, err := f.App.Booking.CheckIn(f.Ctx, owner, b.ID); err == nil {
		t.Fatal("check-in 41 minutes early: got nil, want a refusal")
	}
	f.Clock.Set(f.local(1, "09:20"))
	want("40 min before, owner", owner, booking.ActionCheckIn, booking.ActionCancel)
	f.Clock.Set(f.local(1, "10:30"))
	want("started, owner", owner, booking.ActionCheckIn)
	want("started, manager", manager, booking.ActionCheckIn, booking.ActionCancel)
	if _, err := f.App.Booking.CheckIn(f.Ctx, owner, b.ID); err != nil {
		t.Fatalf("check-in 30 minutes after the start with a 40-minute window: %v", err)
	}
	want("checked in, owner", owner, booking.ActionCheckOut)
	want("checked in, manager", manager, booking.ActionCheckOut, booking.ActionCancel)
	f.Clock.Advance(30 * time.Minute)
	if _, err := f.App.Booking.CheckOut(f.Ctx, owner, b.ID); err != nil {
		t.Fatal(err)
	}
	want("completed, owner", owner)
	want("completed, manager", manager)
}
