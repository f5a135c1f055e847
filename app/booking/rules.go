package booking

import (
	"context"
	"slices"
	"time"
	"unicode/utf8"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// MaxPurposeLength caps the purpose of a booking, in characters.
const MaxPurposeLength = 500

// Bounds on what one request and one person may hold (docs/booking-rules.md, "Bounds").
const (
	// MaxClaimRows caps the claim rows one request writes: seats × 15-minute grid slots of the
	// booking and its buffer, summed over the occurrences of a series.
	MaxClaimRows = 20_000
	// MaxUpcomingBookings caps a person's active bookings at one facility that have not ended.
	MaxUpcomingBookings = 50
	// MaxOpenSeries caps a person's series at one facility that have an occurrence to come.
	MaxOpenSeries = 10
)

// ErrQualificationRequired is answered when the resource needs a qualification the user does
// not hold (or holds no longer); Details name the qualification and the published courses that
// grant it ("courses": [{id, title, title_en}]).
var ErrQualificationRequired = &core.Error{Kind: core.KindForbidden, Code: "qualification_required", Rule: "qualification",
	Key: "booking.qualification_required"}

// ErrBookingSuspended is answered while a user's credit (信用) suspends their booking; Details
// carry "until".
var ErrBookingSuspended = &core.Error{Kind: core.KindForbidden, Code: "booking_suspended", Rule: "credit",
	Key: "booking.suspended"}

// checkBookingRules checks the rules of the policy: every booking rule of DESIGN.md section 3
// for a person's booking, the request and the calendar for any reservation. Capacity is the
// claims' work.
func (s *Service) checkBookingRules(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) error {
	if err := s.checkRequest(ctx, ac, res, fac, r, p); err != nil {
		return err
	}
	return s.checkLimits(ctx, ac, res, fac, r, p)
}

// checkRequest checks the rules that read only the request, the resource, its facility's
// calendar and the person, cheap ones first: they hold as long as the resource and its facility
// are unchanged (models.CatalogStamp), so CreateBooking checks them before its transaction.
func (s *Service) checkRequest(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) error {
	if err := checkReservation(res, r, p.Rules); err != nil {
		return err
	}
	if res.Status != models.ResourceAvailable {
		return core.RuleError("resource_id", "resource_unavailable", "booking.resource_"+string(res.Status))
	}
	now := s.Now()
	loc := s.catalog.Location(fac)
	want := calendar.Span{Start: r.StartAt.UTC(), End: r.EndAt.UTC()}
	manager := ac.ManagesFacility(fac.ID)
	if p.Rules {
		if err := s.checkBooker(ctx, ac.UserID, res, loc, now); err != nil {
			return err
		}
		if err := checkTiming(res.Rules, loc, want, now, manager || p.Series); err != nil {
			return err
		}
		if p.Series && !manager {
			if err := checkSeriesHorizon(res, fac, want.Start, "start_at", now); err != nil {
				return err
			}
		}
	} else if want.Start.Before(now) {
		return errInThePast
	}
	if err := checkClaimRows(res, r.Seats, claimSlots(res, want), "end_at"); err != nil {
		return err
	}
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, want.Start, want.End)
	if err != nil {
		return err
	}
	return checkCalendar(calendar.ForFacility(loc, fac, res.ID, blackouts), want)
}

// checkLimits checks, inside the write transaction, the rules that count the person's other
// bookings: the weekly quota and the cap on upcoming bookings, after guarding the person's row
// so that two of their bookings never both pass on the same reading.
func (s *Service) checkLimits(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) error {
	if !p.Rules {
		return nil
	}
	now := s.Now()
	// The facility's managers are exempt from the cap, and a series checked it for all its dates.
	capped := !ac.ManagesFacility(fac.ID) && !p.Series
	if res.WeeklyQuotaMinutes > 0 || capped {
		if err := s.DB.GuardUserBookings(ctx, ac.UserID, now); err != nil {
			return err
		}
	}
	want := calendar.Span{Start: r.StartAt.UTC(), End: r.EndAt.UTC()}
	if err := s.checkWeeklyQuota(ctx, ac.UserID, res, s.catalog.Location(fac), want); err != nil {
		return err
	}
	if !capped {
		return nil
	}
	return s.checkUpcomingBookings(ctx, ac.UserID, fac.ID, 1, now)
}

// claimSlots is how many slots of the claim grid a booking of want holds, its buffer included.
func claimSlots(res models.Resource, want calendar.Span) int64 {
	return models.ClaimSlotCount(want.Start, want.End.Add(time.Duration(res.BufferMinutes)*time.Minute))
}

// checkClaimRows refuses a request whose claim rows (seats × slots, slots summed over the
// occurrences of a series) would pass MaxClaimRows, before anything is written: on seats when
// fewer seats would fit, else on lengthField.
func checkClaimRows(res models.Resource, seats int, slots int64, lengthField string) error {
	seats = max(seats, 1)
	if slots*int64(seats) <= MaxClaimRows {
		return nil
	}
	if slots > MaxClaimRows {
		return core.RuleError(lengthField, "claim_limit", "booking.claim_limit_length", "limit", MaxClaimRows)
	}
	return core.RuleError("seats", "claim_limit", "booking.claim_limit_seats", "seats", MaxClaimRows/slots, "limit", MaxClaimRows)
}

// checkSeriesHorizon refuses a later occurrence of a series that starts past the facility's
// series horizon, or past the resource's advance window where that reaches further: a series
// books one term, not years.
func checkSeriesHorizon(res models.Resource, fac models.Facility, start time.Time, field string, now time.Time) error {
	days := max(fac.SeriesHorizonDays, res.MaxAdvanceDays)
	if !start.After(now.AddDate(0, 0, days)) {
		return nil
	}
	return core.RuleError(field, "series_horizon", "booking.series_horizon",
		"series_horizon_days", core.Days(days), "until", now.AddDate(0, 0, days).In(start.Location()))
}

// checkUpcomingBookings refuses a person adding bookings to those they hold at the facility
// when that would make more than MaxUpcomingBookings; the caller has guarded the user's row.
func (s *Service) checkUpcomingBookings(ctx context.Context, userID, facilityID int64, adding int, now time.Time) error {
	n, err := s.DB.CountUpcomingBookings(ctx, userID, facilityID, now)
	if err != nil {
		return err
	}
	if n+int64(adding) <= MaxUpcomingBookings {
		return nil
	}
	return core.RuleError("resource_id", "upcoming_bookings", "booking.upcoming_bookings", "limit", MaxUpcomingBookings, "upcoming", n)
}

// checkBooker checks what the person must be for the resource: not suspended, and qualified
// where the resource needs it.
func (s *Service) checkBooker(ctx context.Context, userID int64, res models.Resource, loc *time.Location, now time.Time) error {
	if err := s.checkCredit(ctx, userID, loc, now); err != nil {
		return err
	}
	if res.QualificationID == nil {
		return nil
	}
	ok, err := s.DB.HasQualification(ctx, userID, *res.QualificationID, now)
	if err != nil || ok {
		return err
	}
	granting, err := s.DB.PublishedCoursesGranting(ctx, []int64{*res.QualificationID})
	if err != nil {
		return err
	}
	courses := make([]map[string]any, 0, len(granting[*res.QualificationID]))
	for _, c := range granting[*res.QualificationID] {
		courses = append(courses, map[string]any{"id": c.ID, "title": c.Title, "title_en": c.TitleEn})
	}
	return ErrQualificationRequired.WithDetails(map[string]any{"qualification_id": *res.QualificationID, "courses": courses})
}

// checkReservation checks what needs no database: times present and ordered, seats, and for a
// person's booking the purpose.
func checkReservation(res models.Resource, r Reservation, purpose bool) error {
	switch {
	case r.StartAt.IsZero():
		return core.FieldError("start_at", "field.required")
	case r.EndAt.IsZero():
		return core.FieldError("end_at", "field.required")
	case !r.EndAt.After(r.StartAt):
		return core.RuleError("end_at", "end_after_start", "field.after_start")
	case r.Seats < 1 || r.Seats > res.Capacity:
		return core.RuleError("seats", "seats", "booking.seats", "capacity", res.Capacity)
	case !purpose:
		return nil
	case r.Purpose == "":
		return core.RuleError("purpose", "purpose", "booking.purpose_required")
	case utf8.RuneCountInString(r.Purpose) > MaxPurposeLength:
		return core.RuleError("purpose", "purpose", "field.max_length", "max", MaxPurposeLength)
	case !slices.Contains(models.PurposeCategories, r.PurposeCategory):
		return core.RuleError("purpose_category", "purpose_category", "field.choose")
	}
	return nil
}

// checkCredit refuses a user whose booking is suspended, naming the end in loc.
func (s *Service) checkCredit(ctx context.Context, userID int64, loc *time.Location, now time.Time) error {
	u, err := s.DB.UserByID(ctx, userID)
	if err != nil {
		return core.NotFound(err)
	}
	if u.BookingSuspendedUntil != nil && u.BookingSuspendedUntil.After(now) {
		return ErrBookingSuspended.Say("booking.suspended_until", "until", u.BookingSuspendedUntil.In(loc))
	}
	return nil
}

// errInThePast refuses a booking that would start before now: nobody books the past.
var errInThePast = core.RuleError("start_at", "min_lead", "booking.in_the_past")

// checkTiming checks the slot grid, the duration, and (unless exempt: the facility's managers
// and admins, and later occurrences of a series) the lead time and the advance window.
func checkTiming(r models.Rules, loc *time.Location, want calendar.Span, now time.Time, exempt bool) error {
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"start_at", want.Start}, {"end_at", want.End}} {
		if !calendar.OnSlotGrid(f.t, loc, r.SlotMinutes) {
			return core.RuleError(f.name, "slot_alignment", "booking.slot_alignment", "slot", core.Minutes(r.SlotMinutes))
		}
	}
	minutes := int(want.Duration() / time.Minute)
	if r.MinMinutes > 0 && minutes < r.MinMinutes {
		return core.RuleError("end_at", "min_duration", "booking.min_duration", "min", core.Minutes(r.MinMinutes))
	}
	if r.MaxMinutes > 0 && minutes > r.MaxMinutes {
		return core.RuleError("end_at", "max_duration", "booking.max_duration", "max", core.Minutes(r.MaxMinutes))
	}
	if want.Start.Before(now) {
		return errInThePast
	}
	if exempt {
		return nil
	}
	if lead := time.Duration(r.MinLeadMinutes) * time.Minute; want.Start.Before(now.Add(lead)) {
		return core.RuleError("start_at", "min_lead", "booking.min_lead", "lead", core.Minutes(r.MinLeadMinutes), "earliest", now.Add(lead).In(loc))
	}
	if r.MaxAdvanceDays > 0 && want.Start.After(now.AddDate(0, 0, r.MaxAdvanceDays)) {
		return core.RuleError("start_at", "max_advance", "booking.max_advance", "days", core.Days(r.MaxAdvanceDays), "latest", now.AddDate(0, 0, r.MaxAdvanceDays).In(loc))
	}
	return nil
}

// checkCalendar checks that every minute of want is inside opening hours (or a make-up working
// day) and outside closures.
func checkCalendar(c calendar.Calendar, want calendar.Span) error {
	scheduled := c.Scheduled(want.Start, want.End)
	if !calendar.Covers(scheduled, want) {
		field := "end_at"
		if len(scheduled) == 0 || !scheduled[0].Start.Equal(want.Start) {
			field = "start_at"
		}
		return core.RuleError(field, "opening_hours", "booking.opening_hours")
	}
	if cl, ok := c.ClosureOverlapping(want); ok {
		key := "booking.blackout"
		if cl.Reason != "" {
			key = "booking.blackout_reason"
		}
		return core.RuleError("start_at", "blackout", key,
			"start_at", cl.Start.In(c.Location()), "end_at", cl.End.In(c.Location()), "reason", cl.Reason)
	}
	return nil
}

// quotaStatuses are the bookings that count against the weekly quota.
var quotaStatuses = []models.BookingStatus{models.BookingPending, models.BookingConfirmed, models.BookingCheckedIn, models.BookingCompleted}

// weekUse is how much of a resource's weekly quota a user's bookings use in one local week.
type weekUse struct {
	week calendar.Span
	used time.Duration
}

// weeklyUse is, for each local week (Monday to Sunday) that span touches, how long the user's
// bookings of the resource that count against its weekly quota last inside it; one query.
func (s *Service) weeklyUse(ctx context.Context, userID int64, res models.Resource, loc *time.Location, span calendar.Span) ([]weekUse, error) {
	var weeks []weekUse
	for week := calendar.WeekStart(span.Start, loc); week.Before(span.End); week = week.AddDate(0, 0, 7) {
		weeks = append(weeks, weekUse{week: calendar.Span{Start: week.UTC(), End: week.AddDate(0, 0, 7).UTC()}})
	}
	if len(weeks) == 0 {
		return nil, nil
	}
	booked, err := s.DB.UserBookingsOverlapping(ctx, userID, res.ID, quotaStatuses, weeks[0].week.Start, weeks[len(weeks)-1].week.End)
	if err != nil {
		return nil, err
	}
	for i := range weeks {
		w := weeks[i].week
		for _, b := range booked {
			weeks[i].used += calendar.Span{Start: b.StartAt.UTC(), End: b.EndAt.UTC()}.Clip(w.Start, w.End).Duration()
		}
	}
	return weeks, nil
}

// checkWeeklyQuota checks that the user's booked minutes of the resource stay within its weekly
// quota in every local week (Monday to Sunday) the booking touches. The caller has written the
// user's row first so that two bookings by the same user cannot both pass on the same reading.
func (s *Service) checkWeeklyQuota(ctx context.Context, userID int64, res models.Resource, loc *time.Location, want calendar.Span) error {
	if res.WeeklyQuotaMinutes <= 0 {
		return nil
	}
	weeks, err := s.weeklyUse(ctx, userID, res, loc, want)
	if err != nil {
		return err
	}
	if overQuota(weeks, res.WeeklyQuotaMinutes, want) {
		return core.RuleError("end_at", "weekly_quota", "booking.weekly_quota", "quota", core.Minutes(res.WeeklyQuotaMinutes))
	}
	return nil
}

// overQuota reports whether a booking of want would take the user past the weekly quota (in
// minutes) in one of the weeks of their use.
func overQuota(weeks []weekUse, quotaMinutes int, want calendar.Span) bool {
	for _, w := range weeks {
		if w.used+want.Clip(w.week.Start, w.week.End).Duration() > time.Duration(quotaMinutes)*time.Minute {
			return true
		}
	}
	return false
}
