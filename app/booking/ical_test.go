package booking_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

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
