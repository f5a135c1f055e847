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

func TestDeviceTokenAuthority(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	other := f.Facility("Asia/Shanghai")
	otherManager := f.user(models.RoleStudent)
	otherManager.Role, otherManager.ManagedFacilityIDs = models.RoleManager, []int64{other.ID}
	cases := []struct {
		name string
		ac   core.Actor
		want error
	}{
		{"the facility's manager", f.user(models.RoleManager), nil},
		{"an admin", core.System, nil},
		{"a manager of another facility", otherManager, core.ErrForbidden},
		{"a student", f.user(models.RoleStudent), core.ErrForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, secret, err := f.App.Booking.IssueDeviceToken(f.Ctx, tc.ac, res.ID, "PC client")
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.want == nil && len(secret) < 40 {
				t.Fatalf("got secret %q, want a long random token", secret)
			}
		})
	}
	if _, _, err := f.App.Booking.IssueDeviceToken(f.Ctx, core.System, res.ID+1000, "x"); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("unknown resource: got %v, want not_found", err)
	}
}

func TestUsageIngestIdempotentAndRevocable(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	manager := f.user(models.RoleManager)
	tok, secret, err := f.App.Booking.IssueDeviceToken(f.Ctx, manager, res.ID, "hour meter")
	f.Must(err)
	f.Clock.Set(f.local(0, "12:00"))
	start := f.local(0, "10:00")
	in := booking.UsageInput{StartedAt: start, ExternalID: "session-1"}

	rec, created, err := f.App.Booking.IngestUsage(f.Ctx, secret, in)
	if err != nil || !created || rec.EndedAt != nil || rec.BookingID != nil {
		t.Fatalf("first post: got %+v created=%v, %v; want an open, unmatched record", rec, created, err)
	}
	end := f.local(0, "11:00")
	in.EndedAt = &end
	again, created, err := f.App.Booking.IngestUsage(f.Ctx, secret, in)
	if err != nil || created || again.ID != rec.ID || again.EndedAt == nil || !again.EndedAt.Equal(end) {
		t.Fatalf("post with its end: got %+v created=%v, %v; want the same record ended", again, created, err)
	}
	if _, created, err := f.App.Booking.IngestUsage(f.Ctx, secret, in); err != nil || created {
		t.Fatalf("post again: got created=%v, %v; want no new record", created, err)
	}
	list, total, err := f.App.Booking.ResourceUsage(f.Ctx, manager, res.ID, time.Time{}, time.Time{}, true, core.NewPage(1, 10))
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("unmatched usage: got %d, %v; want 1", total, err)
	}

	bad := []struct {
		name   string
		secret string
		in     booking.UsageInput
		want   string
	}{
		{"unknown token", "nope", in, "invalid_device_token"},
		{"no start", secret, booking.UsageInput{}, "validation_failed"},
		{"end before start", secret, booking.UsageInput{StartedAt: end, EndedAt: &start}, "validation_failed"},
		{"in the future", secret, booking.UsageInput{StartedAt: f.local(1, "12:00")}, "validation_failed"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.App.Booking.IngestUsage(f.Ctx, tc.secret, tc.in)
			var ae *core.Error
			if !errors.As(err, &ae) || ae.Code != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
		})
	}

	f.Must(f.App.Booking.RevokeDeviceToken(f.Ctx, manager, tok.ID))
	if _, _, err := f.App.Booking.IngestUsage(f.Ctx, secret, in); !errors.Is(err, booking.ErrInvalidDeviceToken) {
		t.Fatalf("revoked token: got %v, want invalid_device_token", err)
	}
}

func TestUsageReconciliationSetsEffectiveTimes(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	_, secret, err := f.App.Booking.IssueDeviceToken(f.Ctx, core.System, res.ID, "interlock")
	f.Must(err)
	student := f.user(models.RoleStudent)
	b := f.Book(student, f.input(res, 0, "09:00", "11:00"))

	// The instrument sees use begin 09:20 (later than the check-in window): the booking counts
	// as checked in then, so it is no no-show.
	f.Clock.Set(f.local(0, "09:21"))
	rec, _, err := f.App.Booking.IngestUsage(f.Ctx, secret, booking.UsageInput{StartedAt: f.local(0, "09:20"), ExternalID: "s1", UserRef: strings.ToUpper(student.Email)})
	f.Must(err)
	if rec.BookingID == nil || *rec.BookingID != b.ID {
		t.Fatalf("got booking %v, want %d", rec.BookingID, b.ID)
	}
	got := f.Booking(b.ID)
	if got.Status != models.BookingCheckedIn || got.CheckedInAt == nil || !got.CheckedInAt.Equal(f.local(0, "09:20")) {
		t.Fatalf("got %s in at %v, want checked_in at 09:20", got.Status, got.CheckedInAt)
	}
	if n, _ := f.App.Booking.MarkNoShows(f.Ctx); n != 0 {
		t.Fatalf("got %d no-shows, want 0", n)
	}

	// The session's end arrives after the booking ended: it completes the booking at the usage end.
	f.Clock.Set(f.local(0, "11:05"))
	end := f.local(0, "10:40")
	if _, _, err := f.App.Booking.IngestUsage(f.Ctx, secret, booking.UsageInput{StartedAt: f.local(0, "09:20"), EndedAt: &end, ExternalID: "s1"}); err != nil {
		t.Fatal(err)
	}
	got = f.Booking(b.ID)
	if got.Status != models.BookingCompleted || got.CheckedOutAt == nil || !got.CheckedOutAt.Equal(end) {
		t.Fatalf("got %s out at %v, want completed at 10:40", got.Status, got.CheckedOutAt)
	}
}

func TestScanChecksInAndOut(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	b := f.Book(student, f.input(res, 0, "09:00", "10:00"))

	st, err := f.App.Booking.CurrentBooking(f.Ctx, student, res.ID)
	if err != nil || st.Booking == nil || st.Booking.ID != b.ID || st.Action != "" {
		t.Fatalf("at 08:00: got %+v, %v; want the booking with no action yet", st, err)
	}
	f.Clock.Set(f.local(0, "08:50"))
	if st, _ := f.App.Booking.CurrentBooking(f.Ctx, student, res.ID); st.Action != booking.ScanCheckIn {
		t.Fatalf("at 08:50: got action %q, want check_in", st.Action)
	}
	if _, err := f.App.Booking.Scan(f.Ctx, student, res.ID, booking.ScanCheckOut); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("check out before check-in: got %v, want not_found", err)
	}
	v, err := f.App.Booking.Scan(f.Ctx, student, res.ID, booking.ScanCheckIn)
	if err != nil || v.Status != models.BookingCheckedIn {
		t.Fatalf("scan in: got %s, %v", v.Status, err)
	}
	f.Clock.Set(f.local(0, "09:30"))
	v, err = f.App.Booking.Scan(f.Ctx, student, res.ID, booking.ScanCheckOut)
	if err != nil || v.Status != models.BookingCompleted {
		t.Fatalf("scan out: got %s, %v", v.Status, err)
	}
	if st, _ := f.App.Booking.CurrentBooking(f.Ctx, f.user(models.RoleStudent), res.ID); st.Booking != nil {
		t.Fatalf("another student: got %+v, want no booking", st.Booking)
	}
	svg, err := f.App.Booking.ResourceQRCode(f.Ctx, res.ID, "https://book.example.cn")
	if err != nil || !strings.HasPrefix(svg, "<svg") {
		t.Fatalf("QR code: got %.40q, %v", svg, err)
	}
}
