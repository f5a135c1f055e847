package booking_test

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

func TestBookingICalParsesBack(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	b := f.Book(student, f.input(res, 0, "09:00", "10:30"))

	cases := []struct {
		name string
		ac   core.Actor
		want error
	}{
		{"the owner", student, nil},
		{"the facility's manager", f.user(models.RoleManager), nil},
		{"another student", f.user(models.RoleStudent), core.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			text, err := f.App.Booking.BookingICal(f.Ctx, tc.ac, b.ID)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.want != nil {
				return
			}
			cal, err := ics.ParseCalendar(strings.NewReader(text))
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, text)
			}
			events := cal.Events()
			if len(events) != 1 {
				t.Fatalf("got %d events, want 1", len(events))
			}
			ev := events[0]
			start, err1 := ev.GetStartAt()
			end, err2 := ev.GetEndAt()
			if err1 != nil || err2 != nil || !start.Equal(b.StartAt) || !end.Equal(b.EndAt) {
				t.Fatalf("got %v–%v (%v, %v), want %v–%v", start, end, err1, err2, b.StartAt, b.EndAt)
			}
			if got := ev.GetProperty(ics.ComponentPropertySummary).Value; got != res.Name {
				t.Errorf("got summary %q, want %q", got, res.Name)
			}
			if got := ev.GetProperty(ics.ComponentPropertyLocation).Value; !strings.Contains(got, f.fac.Name) {
				t.Errorf("got location %q, want the facility %q", got, f.fac.Name)
			}
			if got := ev.GetProperty(ics.ComponentPropertyStatus).Value; got != string(ics.ObjectStatusConfirmed) {
				t.Errorf("got status %q, want CONFIRMED", got)
			}
		})
	}
}

func TestPersonalCalendarFeed(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	kept := f.Book(student, f.input(res, 0, "09:00", "10:00"))
	dropped := f.Book(student, f.input(res, 1, "09:00", "10:00"))
	_, err := f.App.Booking.CancelBooking(f.Ctx, student, dropped.ID, "")
	f.Must(err)

	url, err := f.App.Booking.RotateCalendarToken(f.Ctx, student, "https://book.example.cn/")
	f.Must(err)
	token, ok := strings.CutPrefix(url, "https://book.example.cn/api/v1/calendar/")
	if !ok || !strings.HasSuffix(token, ".ics") {
		t.Fatalf("got feed URL %q", url)
	}
	token = strings.TrimSuffix(token, ".ics")
	text, err := f.App.Booking.CalendarFeed(f.Ctx, token)
	f.Must(err)
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	f.Must(err)
	status := map[string]string{}
	for _, ev := range cal.Events() {
		status[ev.Id()] = ev.GetProperty(ics.ComponentPropertyStatus).Value
	}
	want := map[string]string{
		fmt.Sprintf("booking-%d@cqshare", kept.ID):    "CONFIRMED",
		fmt.Sprintf("booking-%d@cqshare", dropped.ID): "CANCELLED",
	}
	if fmt.Sprint(status) != fmt.Sprint(want) {
		t.Fatalf("got events %v, want %v", status, want)
	}

	for _, bad := range []string{"", "wrong", token + "x"} {
		if _, err := f.App.Booking.CalendarFeed(f.Ctx, bad); !errors.Is(err, core.ErrNotFound) {
			t.Errorf("token %q: got %v, want not_found", bad, err)
		}
	}
	if _, err := f.App.Booking.RotateCalendarToken(f.Ctx, student, "https://book.example.cn"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.App.Booking.CalendarFeed(f.Ctx, token); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("rotated token: got %v, want not_found", err)
	}
}

var updateFeed = flag.Bool("update", false, "rewrite testdata/feed.ics from the feed the test renders")

// feedFile is the feed TestCalendarFeedFile renders; frontend/src/api/ical-feed.test.ts reads it
// with two outside parsers (ical.js and node-ical) and checks the times and zones they see.
const feedFile = "testdata/feed.ics"

// TestCalendarFeedFile renders a personal feed with bookings in two zones, one of them on both
// sides of a change to summer time, and checks its form against RFC 5545: CRLF line ends, no line
// longer than 75 octets, local times with their TZID, a VTIMEZONE per zone with the observances
// the bookings fall in. The feed must equal testdata/feed.ics (go test -run TestCalendarFeedFile
// -update rewrites it), so the file the outside parsers read is what the server sends.
func TestCalendarFeedFile(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Europe/Berlin")
	rename := func(fac models.Facility, name string) {
		f.Must(f.DB.W(f.Ctx).Model(&models.Facility{}).Where("id = ?", fac.ID).Update("name", name).Error)
	}
	rename(f.fac, "Werkstatt Berlin")
	shanghai := f.Facility("Asia/Shanghai")
	rename(shanghai, "两江实践中心")
	lathe := f.resource(func(r *models.Resource) { r.Name = "数控车床 CNC lathe" })
	cmm := f.Resource(shanghai.ID, func(r *models.Resource) { r.Name = "三坐标测量机" })
	student := f.user(models.RoleStudent)
	f.Book(student, f.input(lathe, 3, "09:00", "10:30")) // Thursday 5 March, winter time (+01:00)
	f.Clock.Set(f.local(20, "08:00"))
	f.Book(student, f.input(lathe, 29, "09:00", "10:30")) // Tuesday 31 March, summer time (+02:00)
	cst := time.FixedZone("CST", 8*3600)
	f.Book(student, booking.Reservation{ResourceID: cmm.ID, StartAt: time.Date(2026, 3, 30, 14, 0, 0, 0, cst),
		EndAt: time.Date(2026, 3, 30, 15, 0, 0, 0, cst), Seats: 1, Purpose: "精密测量 precision measurement", PurposeCategory: "research"})
	url, err := f.App.Booking.RotateCalendarToken(f.Ctx, student, "https://book.example.cn")
	f.Must(err)
	token := strings.TrimSuffix(url[strings.LastIndex(url, "/")+1:], ".ics")
	text, err := f.App.Booking.CalendarFeed(f.Ctx, token)
	f.Must(err)

	lines := strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n")
	for i, line := range lines {
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d: %q has a line end that is not CRLF", i+1, line)
		}
		if len(line) > 75 {
			t.Errorf("line %d: %d octets, want at most 75 (folded): %q", i+1, len(line), line)
		}
	}
	unfolded := strings.ReplaceAll(text, "\r\n ", "")
	for _, want := range []string{
		"DTSTART;TZID=Europe/Berlin:20260305T090000\r\n",
		"DTSTART;TZID=Europe/Berlin:20260331T090000\r\n",
		"DTSTART;TZID=Asia/Shanghai:20260330T140000\r\n",
		// Berlin: winter time since October 2025, summer time from 29 March 2026.
		"BEGIN:STANDARD\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nDTSTART:20251026T030000\r\nEND:STANDARD\r\n",
		"BEGIN:DAYLIGHT\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nDTSTART:20260329T020000\r\nEND:DAYLIGHT\r\n",
		// Shanghai: standard time since the last summer time ended in 1991.
		"BEGIN:STANDARD\r\nTZNAME:CST\r\nTZOFFSETFROM:+0900\r\nTZOFFSETTO:+0800\r\nDTSTART:19910915T020000\r\nEND:STANDARD\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("the feed has no %q:\n%s", want, text)
		}
	}

	if *updateFeed {
		f.Must(os.WriteFile(feedFile, []byte(text), 0o644))
	}
	golden, err := os.ReadFile(feedFile)
	f.Must(err)
	if string(golden) != text {
		t.Errorf("the feed differs from %s (rewrite it with -update and review the diff):\n%s", feedFile, text)
	}
}
