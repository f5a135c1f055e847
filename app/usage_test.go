package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/models"
)

func TestDeviceTokenAuthority(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	other := f.facility("Asia/Shanghai")
	otherManager := f.user(models.RoleStudent)
	otherManager.Role, otherManager.ManagedFacilityIDs = models.RoleManager, []int64{other.ID}
	cases := []struct {
		name string
		ac   app.Actor
		want error
	}{
		{"the facility's manager", f.user(models.RoleManager), nil},
		{"an admin", app.System, nil},
		{"a manager of another facility", otherManager, app.ErrForbidden},
		{"a student", f.user(models.RoleStudent), app.ErrForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, secret, err := f.a.IssueDeviceToken(f.ctx, tc.ac, res.ID, "PC client")
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.want == nil && len(secret) < 40 {
				t.Fatalf("got secret %q, want a long random token", secret)
			}
		})
	}
	if _, _, err := f.a.IssueDeviceToken(f.ctx, app.System, res.ID+1000, "x"); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("unknown resource: got %v, want not_found", err)
	}
}

func TestUsageIngestIdempotentAndRevocable(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	manager := f.user(models.RoleManager)
	tok, secret, err := f.a.IssueDeviceToken(f.ctx, manager, res.ID, "hour meter")
	f.must(err)
	f.clock.Set(f.local(0, "12:00"))
	start := f.local(0, "10:00")
	in := app.UsageInput{StartedAt: start, ExternalID: "session-1"}

	rec, created, err := f.a.IngestUsage(f.ctx, secret, in)
	if err != nil || !created || rec.EndedAt != nil || rec.BookingID != nil {
		t.Fatalf("first post: got %+v created=%v, %v; want an open, unmatched record", rec, created, err)
	}
	end := f.local(0, "11:00")
	in.EndedAt = &end
	again, created, err := f.a.IngestUsage(f.ctx, secret, in)
	if err != nil || created || again.ID != rec.ID || again.EndedAt == nil || !again.EndedAt.Equal(end) {
		t.Fatalf("post with its end: got %+v created=%v, %v; want the same record ended", again, created, err)
	}
	if _, created, err := f.a.IngestUsage(f.ctx, secret, in); err != nil || created {
		t.Fatalf("post again: got created=%v, %v; want no new record", created, err)
	}
	list, total, err := f.a.ResourceUsage(f.ctx, manager, res.ID, time.Time{}, time.Time{}, true, app.NewPage(1, 10))
	if err != nil || total != 1 || len(list) != 1 {
		t.Fatalf("unmatched usage: got %d, %v; want 1", total, err)
	}

	bad := []struct {
		name   string
		secret string
		in     app.UsageInput
		want   string
	}{
		{"unknown token", "nope", in, "invalid_device_token"},
		{"no start", secret, app.UsageInput{}, "validation_failed"},
		{"end before start", secret, app.UsageInput{StartedAt: end, EndedAt: &start}, "validation_failed"},
		{"in the future", secret, app.UsageInput{StartedAt: f.local(1, "12:00")}, "validation_failed"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := f.a.IngestUsage(f.ctx, tc.secret, tc.in)
			var ae *app.Error
			if !errors.As(err, &ae) || ae.Code != tc.want {
				t.Fatalf("got %v, want %s", err, tc.want)
			}
		})
	}

	f.must(f.a.RevokeDeviceToken(f.ctx, manager, tok.ID))
	if _, _, err := f.a.IngestUsage(f.ctx, secret, in); !errors.Is(err, app.ErrInvalidDeviceToken) {
		t.Fatalf("revoked token: got %v, want invalid_device_token", err)
	}
}

func TestUsageReconciliationSetsEffectiveTimes(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	_, secret, err := f.a.IssueDeviceToken(f.ctx, app.System, res.ID, "interlock")
	f.must(err)
	student := f.user(models.RoleStudent)
	b := f.book(student, f.input(res, 0, "09:00", "11:00"))

	// The instrument sees use begin 09:20 (later than the check-in window): the booking counts
	// as checked in then, so it is no no-show.
	f.clock.Set(f.local(0, "09:21"))
	rec, _, err := f.a.IngestUsage(f.ctx, secret, app.UsageInput{StartedAt: f.local(0, "09:20"), ExternalID: "s1", UserRef: strings.ToUpper(student.Email)})
	f.must(err)
	if rec.BookingID == nil || *rec.BookingID != b.ID {
		t.Fatalf("got booking %v, want %d", rec.BookingID, b.ID)
	}
	got := f.booking(b.ID)
	if got.Status != models.BookingCheckedIn || got.CheckedInAt == nil || !got.CheckedInAt.Equal(f.local(0, "09:20")) {
		t.Fatalf("got %s in at %v, want checked_in at 09:20", got.Status, got.CheckedInAt)
	}
	if n, _ := f.a.MarkNoShows(f.ctx); n != 0 {
		t.Fatalf("got %d no-shows, want 0", n)
	}

	// The session's end arrives after the booking ended: it completes the booking at the usage end.
	f.clock.Set(f.local(0, "11:05"))
	end := f.local(0, "10:40")
	if _, _, err := f.a.IngestUsage(f.ctx, secret, app.UsageInput{StartedAt: f.local(0, "09:20"), EndedAt: &end, ExternalID: "s1"}); err != nil {
		t.Fatal(err)
	}
	got = f.booking(b.ID)
	if got.Status != models.BookingCompleted || got.CheckedOutAt == nil || !got.CheckedOutAt.Equal(end) {
		t.Fatalf("got %s out at %v, want completed at 10:40", got.Status, got.CheckedOutAt)
	}
}

func TestScanChecksInAndOut(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	b := f.book(student, f.input(res, 0, "09:00", "10:00"))

	st, err := f.a.CurrentBooking(f.ctx, student, res.ID)
	if err != nil || st.Booking == nil || st.Booking.ID != b.ID || st.Action != "" {
		t.Fatalf("at 08:00: got %+v, %v; want the booking with no action yet", st, err)
	}
	f.clock.Set(f.local(0, "08:50"))
	if st, _ := f.a.CurrentBooking(f.ctx, student, res.ID); st.Action != app.ScanCheckIn {
		t.Fatalf("at 08:50: got action %q, want check_in", st.Action)
	}
	if _, err := f.a.Scan(f.ctx, student, res.ID, app.ScanCheckOut); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("check out before check-in: got %v, want not_found", err)
	}
	v, err := f.a.Scan(f.ctx, student, res.ID, app.ScanCheckIn)
	if err != nil || v.Status != models.BookingCheckedIn {
		t.Fatalf("scan in: got %s, %v", v.Status, err)
	}
	f.clock.Set(f.local(0, "09:30"))
	v, err = f.a.Scan(f.ctx, student, res.ID, app.ScanCheckOut)
	if err != nil || v.Status != models.BookingCompleted {
		t.Fatalf("scan out: got %s, %v", v.Status, err)
	}
	if st, _ := f.a.CurrentBooking(f.ctx, f.user(models.RoleStudent), res.ID); st.Booking != nil {
		t.Fatalf("another student: got %+v, want no booking", st.Booking)
	}
	svg, err := f.a.ResourceQRCode(f.ctx, res.ID, "https://book.example.cn")
	if err != nil || !strings.HasPrefix(svg, "<svg") {
		t.Fatalf("QR code: got %.40q, %v", svg, err)
	}
}
