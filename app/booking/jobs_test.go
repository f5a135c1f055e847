package booking_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/models"
)

// claimsOf counts the claims a booking holds.
func (f *bookingFixture) claimsOf(id int64) int64 {
	f.T.Helper()
	var n int64
	f.Must(f.DB.R(f.Ctx).Model(&models.BookingClaim{}).Where("booking_id = ?", id).Count(&n).Error)
	return n
}

func TestMarkNoShowsAtGraceBoundary(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.CheckinGraceMinutes = 15 })
	student := f.user(models.RoleStudent)
	b := f.Book(student, f.input(res, 0, "09:00", "10:00"))

	steps := []struct {
		name       string
		at         time.Time
		wantMarked int64
		wantStatus models.BookingStatus
		wantClaims int64
	}{
		{"before the start", f.local(0, "08:59"), 0, models.BookingConfirmed, 4},
		{"at the end of the grace period", f.local(0, "09:15"), 0, models.BookingConfirmed, 4},
		{"one second after the grace period", f.local(0, "09:15").Add(time.Second), 1, models.BookingNoShow, 2},
		{"run again", f.local(0, "09:20"), 0, models.BookingNoShow, 2},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			f.Clock.Set(s.at)
			n, err := f.App.Booking.MarkNoShows(f.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			if n != s.wantMarked {
				t.Errorf("got %d marked, want %d", n, s.wantMarked)
			}
			if got := f.Booking(b.ID).Status; got != s.wantStatus {
				t.Errorf("got status %s, want %s", got, s.wantStatus)
			}
			// Freed from now on: the slots from 09:30 are released, 09:00 and 09:15 stay.
			if got := f.claimsOf(b.ID); got != s.wantClaims {
				t.Errorf("got %d claims, want %d", got, s.wantClaims)
			}
		})
	}
	var events int64
	f.Must(f.DB.R(f.Ctx).Model(&models.CreditEvent{}).Where("user_id = ? AND kind = ?", student.UserID, models.CreditNoShow).Count(&events).Error)
	if events != 1 {
		t.Errorf("got %d no-show credit events, want 1", events)
	}
	// The freed rest of the slot can be booked again.
	f.Book(f.user(models.RoleStudent), f.input(res, 0, "09:30", "10:00"))
	f.AssertNoOverbooking()
}

// A facility's own time (a course session's room) has nobody checking in: it is never a
// no-show, and its booker gets no credit event.
func TestFacilityTimeIsNeverANoShow(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.CheckinGraceMinutes = 15 })
	instructor := f.user(models.RoleInstructor)
	var b models.Booking
	f.Must(f.App.Booking.Tx(f.Ctx, func(ctx context.Context) (err error) {
		b, err = f.App.Booking.Reserve(ctx, instructor, f.input(res, 0, "09:00", "10:00"), booking.FacilityTime)
		return err
	}))
	f.Clock.Set(f.local(0, "09:30"))
	if n, err := f.App.Booking.MarkNoShows(f.Ctx); err != nil || n != 0 {
		t.Fatalf("MarkNoShows = %d, %v; want 0 marked", n, err)
	}
	if got := f.Booking(b.ID).Status; got != models.BookingConfirmed {
		t.Errorf("got status %s, want confirmed", got)
	}
	var events int64
	f.Must(f.DB.R(f.Ctx).Model(&models.CreditEvent{}).Where("user_id = ?", instructor.UserID).Count(&events).Error)
	if events != 0 {
		t.Errorf("got %d credit events for the instructor, want none", events)
	}
}

func TestRepeatedNoShowsSuspendBooking(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	perThreshold := booking.CreditThreshold / booking.CreditNoShowPoints
	for i := range perThreshold {
		f.Clock.Set(f.local(i, "08:00"))
		f.Book(student, f.input(res, i, "09:00", "10:00"))
		f.Clock.Set(f.local(i, "10:00"))
		if n, err := f.App.Booking.MarkNoShows(f.Ctx); err != nil || n != 1 {
			t.Fatalf("day %d: got %d marked, %v; want 1", i, n, err)
		}
	}
	f.Clock.Set(f.local(perThreshold, "08:00"))
	_, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(res, perThreshold, "09:00", "10:00"))
	if !errors.Is(err, booking.ErrBookingSuspended) {
		t.Fatalf("after %d no-shows: got %v, want booking_suspended", perThreshold, err)
	}
}

func TestCompleteCheckedIn(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		usageEnd string // "" for no usage reported by the instrument
		wantOut  string
	}{
		{"no usage: checked out at the end", "", "10:00"},
		{"usage ended early: its end counts", "09:40", "09:40"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newBookingFixture(t, "Asia/Shanghai")
			res := f.resource(nil)
			student := f.user(models.RoleStudent)
			b := f.Book(student, f.input(res, 0, "09:00", "10:00"))
			f.Clock.Set(f.local(0, "09:05"))
			if _, err := f.App.Booking.CheckIn(f.Ctx, student, b.ID); err != nil {
				t.Fatal(err)
			}
			if tc.usageEnd != "" {
				end := f.local(0, tc.usageEnd)
				f.Must(f.DB.CreateUsageRecord(f.Ctx, &models.UsageRecord{ResourceID: res.ID, BookingID: &b.ID,
					StartedAt: f.local(0, "09:05").UTC(), EndedAt: &end, CreatedAt: end, UpdatedAt: end}))
			}
			f.Clock.Set(f.local(0, "09:59"))
			if n, err := f.App.Booking.CompleteCheckedIn(f.Ctx); err != nil || n != 0 {
				t.Fatalf("before the end: got %d, %v; want 0", n, err)
			}
			f.Clock.Set(f.local(0, "10:00"))
			if n, err := f.App.Booking.CompleteCheckedIn(f.Ctx); err != nil || n != 1 {
				t.Fatalf("at the end: got %d, %v; want 1", n, err)
			}
			if n, err := f.App.Booking.CompleteCheckedIn(f.Ctx); err != nil || n != 0 {
				t.Fatalf("run again: got %d, %v; want 0", n, err)
			}
			got := f.Booking(b.ID)
			if got.Status != models.BookingCompleted || got.CheckedOutAt == nil || !got.CheckedOutAt.Equal(f.local(0, tc.wantOut)) {
				t.Fatalf("got %s checked out at %v, want completed at %s", got.Status, got.CheckedOutAt, tc.wantOut)
			}
		})
	}
}
