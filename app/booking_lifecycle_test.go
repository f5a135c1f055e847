package app_test

import (
	"errors"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/models"
)

// wantErr fails unless err is an *app.Error with the code (and the rule, when given).
func wantErr(t *testing.T, err error, code, rule string) {
	t.Helper()
	var ae *app.Error
	if !errors.As(err, &ae) || ae.Code != code || (rule != "" && ae.Rule != rule) {
		t.Fatalf("got %v, want %s %s", err, code, rule)
	}
}

func (f *bookingFixture) auditCount(action string) int64 {
	var n int64
	f.must(f.db.R(f.ctx).Model(&models.AuditLog{}).Where("action = ?", action).Count(&n).Error)
	return n
}

func TestCancelBooking(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil) // cancellation deadline: 120 minutes before the start
	owner, other, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)

	t.Run("owner in time frees the seats", func(t *testing.T) {
		b := f.book(owner, f.input(res, 1, "10:00", "11:00"))
		if _, err := f.a.CancelBooking(f.ctx, other, b.ID, ""); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("another student: got %v, want not_found", err)
		}
		v, err := f.a.CancelBooking(f.ctx, owner, b.ID, "")
		if err != nil || v.Status != models.BookingCancelled || v.LateCancel {
			t.Fatalf("got %+v %v, want cancelled in time", v.Booking, err)
		}
		if n := f.claimsOf(b.ID); n != 0 {
			t.Fatalf("got %d claims left, want 0", n)
		}
		f.book(other, f.input(res, 1, "10:00", "11:00"))
		_, err = f.a.CancelBooking(f.ctx, owner, b.ID, "")
		wantErr(t, err, "invalid_transition", "")
	})
	t.Run("owner after the deadline is late and costs credit", func(t *testing.T) {
		b := f.book(owner, f.input(res, 0, "10:00", "11:00")) // clock: 08:00, deadline 08:00
		f.clock.Set(f.local(0, "08:01"))
		defer f.clock.Set(f.local(0, "08:00"))
		v, err := f.a.CancelBooking(f.ctx, owner, b.ID, "")
		if err != nil || !v.LateCancel {
			t.Fatalf("got %+v %v, want a late cancellation", v.Booking, err)
		}
		rec, err := f.a.MyCredit(f.ctx, owner)
		if err != nil || rec.Points != app.CreditLateCancelPoints || len(rec.Events) != 1 {
			t.Fatalf("got credit %+v %v, want %d point", rec, err, app.CreditLateCancelPoints)
		}
	})
	t.Run("owner exactly at the deadline is in time", func(t *testing.T) {
		b := f.book(owner, f.input(res, 1, "12:00", "13:00"))
		f.clock.Set(f.local(1, "10:00"))
		defer f.clock.Set(f.local(0, "08:00"))
		if v, err := f.a.CancelBooking(f.ctx, owner, b.ID, ""); err != nil || v.LateCancel {
			t.Fatalf("got %+v %v, want cancelled in time", v.Booking, err)
		}
	})
	t.Run("owner after the start", func(t *testing.T) {
		b := f.book(owner, f.input(res, 2, "10:00", "11:00"))
		f.clock.Set(f.local(2, "10:00"))
		defer f.clock.Set(f.local(0, "08:00"))
		_, err := f.a.CancelBooking(f.ctx, owner, b.ID, "")
		wantErr(t, err, "invalid_transition", "")
		_, err = f.a.CancelBooking(f.ctx, manager, b.ID, "")
		wantErr(t, err, "rule_violation", "reason_required")
		v, err := f.a.CancelBooking(f.ctx, manager, b.ID, "设备故障")
		if err != nil || v.Status != models.BookingCancelled || v.LateCancel || v.DecisionNote != "设备故障" {
			t.Fatalf("manager: got %+v %v, want cancelled without penalty", v.Booking, err)
		}
		if n := f.auditCount("booking.cancel"); n != 1 {
			t.Fatalf("got %d audit records, want 1", n)
		}
	})
}

func TestApproveAndReject(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	owner, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	stranger := app.Actor{UserID: f.user(models.RoleManager).UserID, Role: models.RoleManager, ManagedFacilityIDs: []int64{f.facility("UTC").ID}}

	b := f.book(owner, f.input(res, 1, "10:00", "11:00"))
	if b.Status != models.BookingPending {
		t.Fatalf("got %s, want pending", b.Status)
	}
	_, err := f.a.ApproveBooking(f.ctx, owner, b.ID, "")
	wantErr(t, err, "forbidden", "")
	if _, err := f.a.ApproveBooking(f.ctx, stranger, b.ID, ""); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("manager of another facility: got %v, want not_found", err)
	}
	_, err = f.a.CheckIn(f.ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")
	v, err := f.a.ApproveBooking(f.ctx, manager, b.ID, "ok")
	if err != nil || v.Status != models.BookingConfirmed || v.DecidedBy == nil || *v.DecidedBy != manager.UserID {
		t.Fatalf("got %+v %v, want confirmed by the manager", v.Booking, err)
	}
	_, err = f.a.ApproveBooking(f.ctx, manager, b.ID, "")
	wantErr(t, err, "invalid_transition", "")
	_, err = f.a.RejectBooking(f.ctx, manager, b.ID, "no")
	wantErr(t, err, "invalid_transition", "")

	p := f.book(owner, f.input(res, 2, "10:00", "11:00"))
	_, err = f.a.RejectBooking(f.ctx, manager, p.ID, " ")
	wantErr(t, err, "rule_violation", "reason_required")
	v, err = f.a.RejectBooking(f.ctx, manager, p.ID, "实验室当天不开放")
	if err != nil || v.Status != models.BookingRejected || f.claimsOf(p.ID) != 0 {
		t.Fatalf("got %+v %v with %d claims, want rejected and freed", v.Booking, err, f.claimsOf(p.ID))
	}
	if a, r := f.auditCount("booking.approve"), f.auditCount("booking.reject"); a != 1 || r != 1 {
		t.Fatalf("got %d approve and %d reject audit records, want 1 each", a, r)
	}
}

func TestCheckInAndOut(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	// Grace 15 minutes, buffer 15 minutes, 15-minute slots.
	res := f.resource(func(r *models.Resource) { r.SlotMinutes = 15; r.BufferMinutes = 15 })
	owner, other, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)
	b := f.book(owner, f.input(res, 1, "10:00", "12:00"))
	defer f.clock.Set(f.local(0, "08:00"))

	_, err := f.a.CheckOut(f.ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")
	for _, at := range []string{"09:44", "10:16"} {
		f.clock.Set(f.local(1, at))
		_, err = f.a.CheckIn(f.ctx, owner, b.ID)
		wantErr(t, err, "rule_violation", "checkin_window")
	}
	if _, err := f.a.CheckIn(f.ctx, other, b.ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("another student: got %v, want not_found", err)
	}
	f.clock.Set(f.local(1, "09:45"))
	v, err := f.a.CheckIn(f.ctx, owner, b.ID)
	if err != nil || v.Status != models.BookingCheckedIn || v.CheckedInAt == nil {
		t.Fatalf("got %+v %v, want checked in", v.Booking, err)
	}
	_, err = f.a.CheckIn(f.ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")

	// Leaving at 10:50: the buffer runs to 11:05, so the seat is free again from 11:15.
	f.clock.Set(f.local(1, "10:50"))
	v, err = f.a.CheckOut(f.ctx, owner, b.ID)
	if err != nil || v.Status != models.BookingCompleted || v.CheckedOutAt == nil || !v.CheckedOutAt.Equal(f.local(1, "10:50")) {
		t.Fatalf("got %+v %v, want completed at 10:50", v.Booking, err)
	}
	_, err = f.a.CreateBooking(f.ctx, other, f.input(res, 1, "11:00", "11:30"))
	wantErr(t, err, "booking_conflict", "")
	f.book(other, f.input(res, 1, "11:15", "12:00"))
	f.assertInvariant()

	// A manager checks a user in and out, audited.
	c := f.book(owner, f.input(res, 1, "13:00", "14:00"))
	f.clock.Set(f.local(1, "13:00"))
	if _, err := f.a.CheckIn(f.ctx, manager, c.ID); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(f.local(1, "14:10"))
	if v, err := f.a.CheckOut(f.ctx, manager, c.ID); err != nil || f.claimsOf(c.ID) != 5 {
		t.Fatalf("late check-out: got %+v %v with %d claims, want all 5 kept", v.Booking, err, f.claimsOf(c.ID))
	}
	if n := f.auditCount("booking.check_in") + f.auditCount("booking.check_out"); n != 2 {
		t.Fatalf("got %d audit records, want 2", n)
	}
}

func TestCreditSuspension(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	u, manager, stranger := f.user(models.RoleStudent), f.user(models.RoleManager), f.user(models.RoleStudent)
	f.book(u, f.input(res, 1, "10:00", "11:00")) // makes u visible to the facility's managers

	for i := range 3 {
		f.must(app.RecordCreditEventForTest(f.ctx, f.a, u.UserID, models.CreditNoShow))
		rec, err := f.a.UserCredit(f.ctx, manager, u.UserID)
		f.must(err)
		if want := (i + 1) * app.CreditNoShowPoints; rec.Points != want {
			t.Fatalf("got %d points, want %d", rec.Points, want)
		}
		if suspended := rec.SuspendedUntil != nil; suspended != (i == 2) {
			t.Fatalf("after %d no-shows: got suspended %v", i+1, suspended)
		}
	}
	_, err := f.a.CreateBooking(f.ctx, u, f.input(res, 2, "10:00", "11:00"))
	wantErr(t, err, "booking_suspended", "credit")
	var ae *app.Error
	errors.As(err, &ae)
	if until, _ := ae.Details["until"].(time.Time); !until.Equal(f.clock.Now().Add(app.CreditSuspension)) {
		t.Fatalf("got until %v, want 14 days from now", ae.Details["until"])
	}

	_, err = f.a.UserCredit(f.ctx, stranger, u.UserID)
	wantErr(t, err, "forbidden", "")
	other := app.Actor{UserID: f.user(models.RoleManager).UserID, Role: models.RoleManager, ManagedFacilityIDs: []int64{f.facility("UTC").ID}}
	if _, err := f.a.UserCredit(f.ctx, other, u.UserID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("manager of another facility: got %v, want not_found", err)
	}
	rec, err := f.a.ClearCredit(f.ctx, manager, u.UserID, "情况说明已核实")
	if err != nil || rec.Points != 0 || rec.SuspendedUntil != nil || f.auditCount("credit.clear") != 1 {
		t.Fatalf("got %+v %v, want cleared and audited", rec, err)
	}
	f.book(u, f.input(res, 2, "10:00", "11:00"))

	// Points older than the window no longer count.
	f.must(app.RecordCreditEventForTest(f.ctx, f.a, u.UserID, models.CreditLateCancel))
	f.clock.Advance(app.CreditWindow + time.Minute)
	if rec, err := f.a.MyCredit(f.ctx, u); err != nil || rec.Points != 0 || len(rec.Events) != 5 {
		t.Fatalf("got %+v %v, want 0 points and 5 events", rec, err)
	}
}
