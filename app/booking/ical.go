package booking

import (
	"context"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

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

// calendar renders bookings as an iCalendar document, times in UTC.
func (s *Service) calendar(name string, entries []models.CalendarEntry) string {
	cal := ics.NewCalendarFor("cqshare")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(name)
	cal.SetXWRCalName(name)
	now := s.Now()
	for _, e := range entries {
		ev := cal.AddEvent(fmt.Sprintf("booking-%d@cqshare", e.ID))
		ev.SetDtStampTime(now)
		ev.SetCreatedTime(e.CreatedAt)
		ev.SetModifiedAt(e.UpdatedAt)
		ev.SetStartAt(e.StartAt)
		ev.SetEndAt(e.EndAt)
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
	return cal.Serialize()
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
