package booking_test

import (
	"errors"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// wantErr fails unless err is an *core.Error with the code (and the rule, when given).
func wantErr(t *testing.T, err error, code, rule string) {
	t.Helper()
	var ae *core.Error
	if !errors.As(err, &ae) || ae.Code != code || (rule != "" && ae.Rule != rule) {
		t.Fatalf("got %v, want %s %s", err, code, rule)
	}
}

func (f *bookingFixture) auditCount(action string) int64 {
	var n int64
	f.Must(f.DB.R(f.Ctx).Model(&models.AuditLog{}).Where("action = ?", action).Count(&n).Error)
	return n
}

func TestCancelBooking(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil) // cancellation deadline: 120 minutes before the start
	owner, other, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)

	t.Run("owner in time frees the seats", func(t *testing.T) {
		b := f.Book(owner, f.input(res, 1, "10:00", "11:00"))
		if _, err := f.App.Booking.CancelBooking(f.Ctx, other, b.ID, ""); !errors.Is(err, core.ErrNotFound) {
			t.Fatalf("another student: got %v, want not_found", err)
		}
		v, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
		if err != nil || v.Status != models.BookingCancelled || v.LateCancel {
			t.Fatalf("got %+v %v, want cancelled in time", v.Booking, err)
		}
		if n := f.claimsOf(b.ID); n != 0 {
			t.Fatalf("got %d claims left, want 0", n)
		}
		f.Book(other, f.input(res, 1, "10:00", "11:00"))
		_, err = f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
		wantErr(t, err, "invalid_transition", "")
	})
	t.Run("owner after the deadline is late and costs credit", func(t *testing.T) {
		b := f.Book(owner, f.input(res, 0, "10:00", "11:00")) // clock: 08:00, deadline 08:00
		f.Clock.Set(f.local(0, "08:01"))
		defer f.Clock.Set(f.local(0, "08:00"))
		v, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
		if err != nil || !v.LateCancel {
			t.Fatalf("got %+v %v, want a late cancellation", v.Booking, err)
		}
		rec, err := f.App.Booking.MyCredit(f.Ctx, owner)
		if err != nil || rec.Points != booking.CreditLateCancelPoints || len(rec.Events) != 1 {
			t.Fatalf("got credit %+v %v, want %d point", rec, err, booking.CreditLateCancelPoints)
		}
	})
	t.Run("owner exactly at the deadline is in time", func(t *testing.T) {
		b := f.Book(owner, f.input(res, 1, "12:00", "13:00"))
		f.Clock.Set(f.local(1, "10:00"))
		defer f.Clock.Set(f.local(0, "08:00"))
		if v, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, ""); err != nil || v.LateCancel {
			t.Fatalf("got %+v %v, want cancelled in time", v.Booking, err)
		}
	})
	t.Run("owner after the start", func(t *testing.T) {
		b := f.Book(owner, f.input(res, 2, "10:00", "11:00"))
		f.Clock.Set(f.local(2, "10:00"))
		defer f.Clock.Set(f.local(0, "08:00"))
		_, err := f.App.Booking.CancelBooking(f.Ctx, owner, b.ID, "")
		wantErr(t, err, "invalid_transition", "")
		_, err = f.App.Booking.CancelBooking(f.Ctx, manager, b.ID, "")
		wantErr(t, err, "rule_violation", "reason_required")
		v, err := f.App.Booking.CancelBooking(f.Ctx, manager, b.ID, "设备故障")
		if err != nil || v.Status != models.BookingCancelled || v.LateCancel || v.DecisionNote != "设备故障" {
			t.Fatalf("manager: got %+v %v, want cancelled without penalty", v.Booking, err)
		}
		if n := f.auditCount("booking.cancel"); n != 1 {
			t.Fatalf("got %d audit records, want 1", n)
		}
	})
}

func TestApproveAndReject(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	owner, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	stranger := core.Actor{UserID: f.user(models.RoleManager).UserID, Role: models.RoleManager, ManagedFacilityIDs: []int64{f.Facility("UTC").ID}}

	b := f.Book(owner, f.input(res, 1, "10:00", "11:00"))
	if b.Status != models.BookingPending {
		t.Fatalf("got %s, want pending", b.Status)
	}
	_, err := f.App.Booking.ApproveBooking(f.Ctx, owner, b.ID, "")
	wantErr(t, err, "forbidden", "")
	if _, err := f.App.Booking.ApproveBooking(f.Ctx, stranger, b.ID, ""); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("manager of another facility: got %v, want not_found", err)
	}
	_, err = f.App.Booking.CheckIn(f.Ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")
	v, err := f.App.Booking.ApproveBooking(f.Ctx, manager, b.ID, "ok")
	if err != nil || v.Status != models.BookingConfirmed || v.DecidedBy == nil || *v.DecidedBy != manager.UserID {
		t.Fatalf("got %+v %v, want confirmed by the manager", v.Booking, err)
	}
	_, err = f.App.Booking.ApproveBooking(f.Ctx, manager, b.ID, "")
	wantErr(t, err, "invalid_transition", "")
	_, err = f.App.Booking.RejectBooking(f.Ctx, manager, b.ID, "no")
	wantErr(t, err, "invalid_transition", "")

	p := f.Book(owner, f.input(res, 2, "10:00", "11:00"))
	_, err = f.App.Booking.RejectBooking(f.Ctx, manager, p.ID, " ")
	wantErr(t, err, "rule_violation", "reason_required")
	v, err = f.App.Booking.RejectBooking(f.Ctx, manager, p.ID, "实验室当天不开放")
	if err != nil || v.Status != models.BookingRejected || f.claimsOf(p.ID) != 0 {
		t.Fatalf("got %+v %v with %d claims, want rejected and freed", v.Booking, err, f.claimsOf(p.ID))
	}
	if a, r := f.auditCount("booking.approve"), f.auditCount("booking.reject"); a != 1 || r != 1 {
		t.Fatalf("got %d approve and %d reject audit records, want 1 each", a, r)
	}
}

func TestCheckInAndOut(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	// Grace 15 minutes, buffer 15 minutes, 15-minute slots.
	res := f.resource(func(r *models.Resource) { r.SlotMinutes = 15; r.BufferMinutes = 15 })
	owner, other, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)
	b := f.Book(owner, f.input(res, 1, "10:00", "12:00"))
	defer f.Clock.Set(f.local(0, "08:00"))

	_, err := f.App.Booking.CheckOut(f.Ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")
	for _, at := range []string{"09:44", "10:16"} {
		f.Clock.Set(f.local(1, at))
		_, err = f.App.Booking.CheckIn(f.Ctx, owner, b.ID)
		wantErr(t, err, "rule_violation", "checkin_window")
	}
	if _, err := f.App.Booking.CheckIn(f.Ctx, other, b.ID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("another student: got %v, want not_found", err)
	}
	f.Clock.Set(f.local(1, "09:45"))
	v, err := f.App.Booking.CheckIn(f.Ctx, owner, b.ID)
	if err != nil || v.Status != models.BookingCheckedIn || v.CheckedInAt == nil {
		t.Fatalf("got %+v %v, want checked in", v.Booking, err)
	}
	_, err = f.App.Booking.CheckIn(f.Ctx, owner, b.ID)
	wantErr(t, err, "invalid_transition", "")

	// Leaving at 10:50: the buffer runs to 11:05, so the seat is free again from 11:15.
	f.Clock.Set(f.local(1, "10:50"))
	v, err = f.App.Booking.CheckOut(f.Ctx, owner, b.ID)
	if err != nil || v.Status != models.BookingCompleted || v.CheckedOutAt == nil || !v.CheckedOutAt.Equal(f.local(1, "10:50")) {
		t.Fatalf("got %+v %v, want completed at 10:50", v.Booking, err)
	}
	_, err = f.App.Booking.CreateBooking(f.Ctx, other, f.input(res, 1, "11:00", "11:30"))
	wantErr(t, err, "booking_conflict", "")
	f.Book(other, f.input(res, 1, "11:15", "12:00"))
	f.AssertNoOverbooking()

	// A manager checks a user in and out, audited.
	c := f.Book(owner, f.input(res, 1, "13:00", "14:00"))
	f.Clock.Set(f.local(1, "13:00"))
	if _, err := f.App.Booking.CheckIn(f.Ctx, manager, c.ID); err != nil {
		t.Fatal(err)
	}
	f.Clock.Set(f.local(1, "14:10"))
	if v, err := f.App.Booking.CheckOut(f.Ctx, manager, c.ID); err != nil || f.claimsOf(c.ID) != 5 {
		t.Fatalf("late check-out: got %+v %v with %d claims, want all 5 kept", v.Booking, err, f.claimsOf(c.ID))
	}
	if n := f.auditCount("booking.check_in") + f.auditCount("booking.check_out"); n != 2 {
		t.Fatalf("got %d audit records, want 2", n)
	}
}

func TestCreditSuspension(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	u, manager, stranger := f.user(models.RoleStudent), f.user(models.RoleManager), f.user(models.RoleStudent)
	f.Book(u, f.input(res, 1, "10:00", "11:00")) // makes u visible to the facility's managers

	for i := range 3 {
		f.Must(booking.RecordCreditEventForTest(f.Ctx, f.App.Booking, u.UserID, models.CreditNoShow))
		rec, err := f.App.Booking.UserCredit(f.Ctx, manager, u.UserID)
		f.Must(err)
		if want := (i + 1) * booking.CreditNoShowPoints; rec.Points != want {
			t.Fatalf("got %d points, want %d", rec.Points, want)
		}
		if suspended := rec.SuspendedUntil != nil; suspended != (i == 2) {
			t.Fatalf("after %d no-shows: got suspended %v", i+1, suspended)
		}
	}
	_, err := f.App.Booking.CreateBooking(f.Ctx, u, f.input(res, 2, "10:00", "11:00"))
	wantErr(t, err, "booking_suspended", "credit")
	var ae *core.Error
	errors.As(err, &ae)
	if until, _ := ae.Details["until"].(time.Time); !until.Equal(f.Clock.Now().Add(booking.CreditSuspension)) {
		t.Fatalf("got until %v, want 14 days from now", ae.Details["until"])
	}

	_, err = f.App.Booking.UserCredit(f.Ctx, stranger, u.UserID)
	wantErr(t, err, "forbidden", "")
	other := core.Actor{UserID: f.user(models.RoleManager).UserID, Role: models.RoleManager, ManagedFacilityIDs: []int64{f.Facility("UTC").ID}}
	if _, err := f.App.Booking.UserCredit(f.Ctx, other, u.UserID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("manager of another facility: got %v, want not_found", err)
	}
	// Credit counts at every facility: clearing it needs a reason (issue 7, item 12).
	for _, note := range []string{"", " \t "} {
		_, err := f.App.Booking.ClearCredit(f.Ctx, manager, u.UserID, note)
		wantErr(t, err, "rule_violation", "reason_required")
		if errors.As(err, &ae); ae.Fields["note"].Key == "" {
			t.Fatalf("got fields %v, want note", ae.Fields)
		}
	}
	if _, err := f.App.Booking.ClearCredit(f.Ctx, other, u.UserID, ""); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("manager of another facility, no note: got %v, want not_found before the note is checked", err)
	}
	if n := f.auditCount("credit.clear"); n != 0 {
		t.Fatalf("got %d clearings after refusals, want none", n)
	}
	rec, err := f.App.Booking.ClearCredit(f.Ctx, manager, u.UserID, "情况说明已核实")
	if err != nil || rec.Points != 0 || rec.SuspendedUntil != nil || f.auditCount("credit.clear") != 1 {
		t.Fatalf("got %+v %v, want cleared and audited", rec, err)
	}
	f.Book(u, f.input(res, 2, "10:00", "11:00"))

	// Points older than the window no longer count.
	f.Must(booking.RecordCreditEventForTest(f.Ctx, f.App.Booking, u.UserID, models.CreditLateCancel))
	f.Clock.Advance(booking.CreditWindow + time.Minute)
	if rec, err := f.App.Booking.MyCredit(f.Ctx, u); err != nil || rec.Points != 0 || len(rec.Events) != 5 {
		t.Fatalf("got %+v %v, want 0 points and 5 events", rec, err)
	}
}
