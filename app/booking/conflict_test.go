package booking_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// TestConflictNamesTheBusyBooking: a 409 booking_conflict words the busy booking's own start and
// end, and its buffer when the two meet only there, never the first claimed slot (issue 7, item
// 20: "booked from 01:30" for a booking that ended at 01:30).
func TestConflictNamesTheBusyBooking(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.BufferMinutes = 30 })
	f.Book(f.user(models.RoleStudent), f.input(res, 1, "09:00", "10:30"))
	tests := []struct {
		name        string
		start, end  string
		bufferOnly  bool
		wantMessage string
	}{
		{"inside the other's buffer", "10:30", "11:30", true,
			"The resource is booked from Mar 3, 2026 09:00 to Mar 3, 2026 10:30, and kept free for 30 minutes after it, until Mar 3, 2026 11:00."},
		{"its own buffer runs into the other", "08:00", "09:00", true,
			"The resource is booked from Mar 3, 2026 09:00 to Mar 3, 2026 10:30; the 30 minutes kept free after this booking would run into it."},
		{"overlapping", "10:00", "11:00", false,
			"The resource is booked from Mar 3, 2026 09:00 to Mar 3, 2026 10:30."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, tt.start, tt.end))
			var ae *core.Error
			if !errors.As(err, &ae) || ae.Code != "booking_conflict" {
				t.Fatalf("got %v, want booking_conflict", err)
			}
			if got := ae.Message(core.EN); got != tt.wantMessage {
				t.Errorf("got message %q, want %q", got, tt.wantMessage)
			}
			conflicts, _ := ae.Details["conflicts"].([]booking.ConflictInterval)
			want := booking.ConflictInterval{StartAt: f.local(1, "09:00").UTC(), EndAt: f.local(1, "10:30").UTC(),
				BufferEndAt: f.local(1, "11:00").UTC(), BufferOnly: tt.bufferOnly}
			if len(conflicts) != 1 || conflicts[0] != want {
				t.Errorf("got conflicts %+v, want %+v", conflicts, want)
			}
		})
	}
	t.Run("several busy bookings", func(t *testing.T) {
		f.Book(f.user(models.RoleStudent), f.input(res, 1, "12:00", "13:00"))
		_, err := f.App.Booking.CreateBooking(f.Ctx, f.user(models.RoleStudent), f.input(res, 1, "10:00", "12:30"))
		var ae *core.Error
		if !errors.As(err, &ae) || !strings.HasSuffix(ae.Message(core.EN), "(and 1 more).") || len(ae.Details["conflicts"].([]booking.ConflictInterval)) != 2 {
			t.Fatalf("got %v, want the earliest named and one more", err)
		}
		if first := ae.Details["conflicts"].([]booking.ConflictInterval)[0]; !first.StartAt.Equal(f.local(1, "09:00")) {
			t.Errorf("got %v first, want the 09:00 booking", first.StartAt.In(time.UTC))
		}
	})
}
