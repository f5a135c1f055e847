package app_test

import (
	"slices"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/models"
)

// TestBookingActions checks that the actions a booking offers each caller are exactly the moves
// the same caller is then allowed to make, at each point of the booking's life.
func TestBookingActions(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	owner, manager, other := f.user(models.RoleStudent), f.user(models.RoleManager), f.user(models.RoleStudent)
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true; r.CheckinGraceMinutes = 40 })
	b := f.book(owner, f.input(res, 1, "10:00", "12:00"))

	actions := func(ac app.Actor) []app.BookingAction {
		t.Helper()
		v, err := f.a.GetBooking(f.ctx, manager, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		return f.a.ActionsOnBooking(ac, v)
	}
	want := func(step string, ac app.Actor, w ...app.BookingAction) {
		t.Helper()
		if got := actions(ac); !slices.Equal(got, w) && (len(got) != 0 || len(w) != 0) {
			t.Errorf("%s: got actions %v, want %v", step, got, w)
		}
	}
	want("pending, owner", owner, app.ActionCancel)
	want("pending, manager", manager, app.ActionApprove, app.ActionReject, app.ActionCancel)
	want("pending, a stranger", other)

	if _, err := f.a.ApproveBooking(f.ctx, manager, b.ID, ""); err != nil {
		t.Fatal(err)
	}
	want("confirmed a day ahead, owner", owner, app.ActionCancel)
	want("confirmed a day ahead, manager", manager, app.ActionCancel)

	// 41 minutes before the start: outside the resource's own 40-minute window.
	f.clock.Set(f.local(1, "09:19"))
	want("41 min before, owner", owner, app.ActionCancel)
	if _, err := f.a.CheckIn(f.ctx, owner, b.ID); err == nil {
		t.Fatal("check-in 41 minutes early: got nil, want a refusal")
	}
	f.clock.Set(f.local(1, "09:20"))
	want("40 min before, owner", owner, app.ActionCheckIn, app.ActionCancel)
	f.clock.Set(f.local(1, "10:30"))
	want("started, owner", owner, app.ActionCheckIn)
	want("started, manager", manager, app.ActionCheckIn, app.ActionCancel)
	if _, err := f.a.CheckIn(f.ctx, owner, b.ID); err != nil {
		t.Fatalf("check-in 30 minutes after the start with a 40-minute window: %v", err)
	}
	want("checked in, owner", owner, app.ActionCheckOut)
	want("checked in, manager", manager, app.ActionCheckOut, app.ActionCancel)
	f.clock.Advance(30 * time.Minute)
	if _, err := f.a.CheckOut(f.ctx, owner, b.ID); err != nil {
		t.Fatal(err)
	}
	want("completed, owner", owner)
	want("completed, manager", manager)
}
