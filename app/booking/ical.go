package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// The personal feed shows the bookings that start in this window around now.
const (
	calendarFeedPast   = 30 * 24 * time.Hour
	calendarFeedAhead  = 180 * 24 * time.Hour
	calendarFeedMaxLen = 500
)

// calendarFeedPath is where a personal feed is served, below the server's base URL.
const calendarFeedPath = "/api/v1/calendar/"

// BookingICal renders one booking as an iCalendar file; the owner and the facility's managers
// may, others find nothing.
func (s *Service) BookingICal(ctx context.Context, ac core.Actor, bookingID int64) (string, error) {
	e, err := s.DB.CalendarEntryByBooking(ctx, bookingID)
	if err != nil {
		return "", core.NotFound(err)
	}
	if e.UserID != ac.UserID && !ac.ManagesFacility(e.FacilityID) {
		return "", core.ErrNotFound
	}
	return s.calendar("预约 Booking", []models.CalendarEntry{e}), nil
}

// RotateCalendarToken gives the actor a new secret personal feed and returns its URL below
// baseURL; the previous URL stops working. The secret is shown only here (its hash is stored).
func (s *Service) RotateCalendarToken(ctx context.Context, ac core.Actor, baseURL string) (string, error) {
	if ac.UserID == 0 {
		return "", core.ErrUnauthenticated
	}
	token, err := core.RandomToken()
	if err != nil {
		return "", err
	}
	err = s.DB.SetCalendarFeed(ctx, models.CalendarFeed{UserID: ac.UserID, TokenHash: core.HashToken(token), CreatedAt: s.Now()})
	if err != nil {
		return "", err
	}
	return strings.TrimSuffix(baseURL, "/") + calendarFeedPath + token + ".ics", nil
}

// CalendarFeed renders the personal feed of the user whose secret token it is: their bookings
// from 30 days ago to 180 days ahead. An unknown token, or one of a deactivated account, is not
// found; the token is the only authentication of the feed, so calendar apps can subscribe to it.
func (s *Service) CalendarFeed(ctx context.Context, token string) (string, error) {
	if token == "" {
		return "", core.ErrNotFound
	}
	feed, err := s.DB.CalendarFeedByHash(ctx, core.HashToken(token))
	if err != nil {
		return "", core.NotFound(err)
	}
	u, err := s.DB.UserByID(ctx, feed.UserID)
	if err != nil {
		return "", core.NotFound(err)
	}
	if !u.Active {
		return "", core.ErrNotFound
	}
	now := s.Now()
	entries, err := s.DB.UserCalendarEntries(ctx, feed.UserID, now.Add(-calendarFeedPast), now.Add(calendarFeedAhead), calendarFeedMaxLen)
	if err != nil {
		return "", err
	}
	return s.calendar("我的预约 My bookings", entries), nil
}

// calendar renders bookings as an iCalendar document (RFC 5545: CRLF line ends, lines folded at
// 75 octets). Times are the facility's wall-clock times with its TZID, and a VTIMEZONE for each
// zone says what they mean. Each event's DTSTAMP is its last change, so the document changes only
// when a booking in it does and its ETag can tell a calendar app that nothing did. (Without METHOD
// that is what DTSTAMP means; a subscribed feed schedules nothing, so it sends none.)
func (s *Service) calendar(name string, entries []models.CalendarEntry) string {
	cal := ics.NewCalendarFor("cqshare")
	cal.SetName(name)
	cal.SetXWRCalName(name)
	spans := map[*time.Location]calendar.Span{} // each zone's events, from the first start to the last end
	var zones []*time.Location
	for _, e := range entries {
		loc := s.catalog.TimeZone(e.FacilityTimeZone)
		span, seen := spans[loc]
		if !seen {
			zones = append(zones, loc)
			span = calendar.Span{Start: e.StartAt, End: e.EndAt}
		}
		if e.StartAt.Before(span.Start) {
			span.Start = e.StartAt
		}
		if e.EndAt.After(span.End) {
			span.End = e.EndAt
		}
		spans[loc] = span
	}
	for _, loc := range zones {
		addTimezone(cal, loc, spans[loc])
	}
	for _, e := range entries {
		loc := s.catalog.TimeZone(e.FacilityTimeZone)
		ev := cal.AddEvent(fmt.Sprintf("booking-%d@cqshare", e.ID))
		ev.SetDtStampTime(e.UpdatedAt)
		ev.SetCreatedTime(e.CreatedAt)
		ev.SetModifiedAt(e.UpdatedAt)
		ev.SetProperty(ics.ComponentPropertyDtStart, localTime(e.StartAt, loc), ics.WithTZID(loc.String()))
		ev.SetProperty(ics.ComponentPropertyDtEnd, localTime(e.EndAt, loc), ics.WithTZID(loc.String()))
		ev.SetSummary(e.ResourceName)
		location := e.FacilityName
		if e.FacilityAddress != "" {
			location += ", " + e.FacilityAddress
		}
		ev.SetLocation(location)
		ev.SetDescription(fmt.Sprintf("预约 Booking #%d\n状态 Status: %s\n用途 Purpose: %s (%s)\n设备 Resource: %s\n地点 Facility: %s",
			e.ID, e.Status, e.Purpose, e.PurposeCategory, e.ResourceName, location))
		ev.SetStatus(icalStatus(e.Status))
	}
	return cal.Serialize(ics.WithNewLineWindows)
}

// icalLocal is the form of a local DATE-TIME, read in the zone its TZID names.
const icalLocal = "20060102T150405"

func localTime(t time.Time, loc *time.Location) string { return t.In(loc).Format(icalLocal) }

// addTimezone adds the VTIMEZONE of loc for the span: one STANDARD or DAYLIGHT observance for
// each period of one UTC offset that the span touches, as the zone database (time.ZoneBounds)
// has them. Each observance starts at its onset in the local time before it, as RFC 5545 wants.
func addTimezone(cal *ics.Calendar, loc *time.Location, span calendar.Span) {
	tz := cal.AddTimezone(loc.String())
	for t := span.Start.In(loc); ; {
		start, end := t.ZoneBounds()
		name, offset := t.Zone()
		before, onset := offset, "19700101T000000" // a zone that never changed: from any early date
		if !start.IsZero() {
			_, before = start.Add(-time.Second).Zone()
			onset = start.In(time.FixedZone("", before)).Format(icalLocal)
		}
		obs := ics.ComponentBase{}
		obs.SetProperty(ics.ComponentProperty(ics.PropertyTzname), name)
		obs.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), icalOffset(before))
		obs.SetProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), icalOffset(offset))
		obs.SetProperty(ics.ComponentPropertyDtStart, onset)
		if t.IsDST() {
			tz.Components = append(tz.Components, &ics.Daylight{ComponentBase: obs})
		} else {
			tz.Components = append(tz.Components, &ics.Standard{ComponentBase: obs})
		}
		if end.IsZero() || !end.Before(span.End) {
			return
		}
		t = end.In(loc)
	}
}

// icalOffset writes a UTC offset in seconds as iCalendar does: +0800, -0330.
func icalOffset(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("%c%02d%02d", sign, seconds/3600, seconds%3600/60)
}

// icalStatus maps a booking status to an event status: those that will not or did not happen
// are CANCELLED, those awaiting a decision TENTATIVE.
func icalStatus(status models.BookingStatus) ics.ObjectStatus {
	switch status {
	case models.BookingPending, models.BookingHeld:
		return ics.ObjectStatusTentative
	case models.BookingCancelled, models.BookingRejected, models.BookingExpired, models.BookingNoShow:
		return ics.ObjectStatusCancelled
	}
	return ics.ObjectStatusConfirmed
}
