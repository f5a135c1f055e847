package booking

import (
	"context"
	"fmt"
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
// not hold (or holds no longer).
var ErrQualificationRequired = &core.Error{Kind: core.KindForbidden, Code: "qualification_required", Rule: "qualification",
	Message: "this resource requires a qualification you do not hold"}

// ErrBookingSuspended is answered while a user's credit (信用) suspends their booking; Details
// carry "until".
var ErrBookingSuspended = &core.Error{Kind: core.KindForbidden, Code: "booking_suspended", Rule: "credit",
	Message: "booking is suspended after late cancellations and no-shows"}

// checkBookingRules checks the rules of the policy: every booking rule of DESIGN.md section 3
// for a person's booking, the request and the calendar for any reservation. Capacity is the
// claims' work. Cheap checks of the request come first, then those that read the database.
func (s *Service) checkBookingRules(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) error {
	if err := checkReservation(res, r, p.Rules); err != nil {
		return err
	}
	if res.Status != models.ResourceAvailable {
		return core.RuleError("resource_id", "resource_unavailable", fmt.Sprintf("the resource is %s and cannot be booked", res.Status))
	}
	now := s.Now()
	loc := s.catalog.Location(fac)
	want := calendar.Span{Start: r.StartAt.UTC(), End: r.EndAt.UTC()}
	manager := ac.ManagesFacility(fac.ID)
	if p.Rules {
		if err := s.checkBooker(ctx, ac.UserID, res, now); err != nil {
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
	if err := checkCalendar(calendar.ForFacility(loc, fac, res.ID, blackouts), want); err != nil {
		return err
	}
	if !p.Rules {
		return nil
	}
	// The facility's managers are exempt from the cap, and a series checked it for all its dates.
	capped := !manager && !p.Series
	if res.WeeklyQuotaMinutes > 0 || capped {
		// Both read the user's other bookings: two bookings by the same user must not both pass
		// on the same reading.
		if err := s.DB.GuardUserBookings(ctx, ac.UserID, now); err != nil {
			return err
		}
	}
	if err := s.checkWeeklyQuota(ctx, ac.UserID, res, loc, want); err != nil {
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
		return core.RuleError(lengthField, "claim_limit", fmt.Sprintf("too long: one request holds at most %d seat-slots of 15 minutes", MaxClaimRows))
	}
	return core.RuleError("seats", "claim_limit", fmt.Sprintf("for this length at most %d seats (at most %d seat-slots of 15 minutes, buffer included)",
		MaxClaimRows/slots, MaxClaimRows))
}

// checkSeriesHorizon refuses a later occurrence of a series that starts past the facility's
// series horizon, or past the resource's advance window where that reaches further: a series
// books one term, not years.
func checkSeriesHorizon(res models.Resource, fac models.Facility, start time.Time, field string, now time.Time) error {
	days := max(fac.SeriesHorizonDays, res.MaxAdvanceDays)
	if !start.After(now.AddDate(0, 0, days)) {
		return nil
	}
	return core.RuleError(field, "series_horizon", fmt.Sprintf("a series reaches at most %d days ahead at this facility; book the next term later", days)).
		WithDetails(map[string]any{"series_horizon_days": days, "until": now.AddDate(0, 0, days).UTC()})
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
	return core.RuleError("resource_id", "upcoming_bookings", fmt.Sprintf("at most %d upcoming bookings at one facility; you hold %d", MaxUpcomingBookings, n)).
		WithDetails(map[string]any{"limit": MaxUpcomingBookings, "upcoming": n})
}

// checkBooker checks what the person must be for the resource: not suspended, and qualified
// where the resource needs it.
func (s *Service) checkBooker(ctx context.Context, userID int64, res models.Resource, now time.Time) error {
	if err := s.checkCredit(ctx, userID, now); err != nil {
		return err
	}
	if res.QualificationID == nil {
		return nil
	}
	ok, err := s.DB.HasQualification(ctx, userID, *res.QualificationID, now)
	if err != nil || ok {
		return err
	}
	return ErrQualificationRequired.WithDetails(map[string]any{"qualification_id": *res.QualificationID})
}

// checkReservation checks what needs no database: times present and ordered, seats, and for a
// person's booking the purpose.
func checkReservation(res models.Resource, r Reservation, purpose bool) error {
	switch {
	case r.StartAt.IsZero():
		return core.ValidationError(map[string]string{"start_at": "required"})
	case r.EndAt.IsZero():
		return core.ValidationError(map[string]string{"end_at": "required"})
	case !r.EndAt.After(r.StartAt):
		return core.RuleError("end_at", "end_after_start", "must be after start_at")
	case r.Seats < 1 || r.Seats > res.Capacity:
		return core.RuleError("seats", "seats", fmt.Sprintf("must be between 1 and %d", res.Capacity))
	case !purpose:
		return nil
	case r.Purpose == "":
		return core.RuleError("purpose", "purpose", "say what the booking is for")
	case utf8.RuneCountInString(r.Purpose) > MaxPurposeLength:
		return core.RuleError("purpose", "purpose", fmt.Sprintf("at most %d characters", MaxPurposeLength))
	case !slices.Contains(models.PurposeCategories, r.PurposeCategory):
		return core.RuleError("purpose_category", "purpose_category", "must be one of teaching, research, training, social_service")
	}
	return nil
}

// checkCredit refuses a user whose booking is suspended.
func (s *Service) checkCredit(ctx context.Context, userID int64, now time.Time) error {
	u, err := s.DB.UserByID(ctx, userID)
	if err != nil {
		return core.NotFound(err)
	}
	if u.BookingSuspendedUntil != nil && u.BookingSuspendedUntil.After(now) {
		return ErrBookingSuspended.With("booking is suspended until %s", u.BookingSuspendedUntil.UTC().Format(time.RFC3339)).
			WithDetails(map[string]any{"until": u.BookingSuspendedUntil.UTC()})
	}
	return nil
}

// errInThePast refuses a booking that would start before now: nobody books the past.
var errInThePast = core.RuleError("start_at", "min_lead", "cannot start in the past")

// checkTiming checks the slot grid, the duration, and (unless exempt: the facility's managers
// and admins, and later occurrences of a series) the lead time and the advance window.
func checkTiming(r models.Rules, loc *time.Location, want calendar.Span, now time.Time, exempt bool) error {
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"start_at", want.Start}, {"end_at", want.End}} {
		if !calendar.OnSlotGrid(f.t, loc, r.SlotMinutes) {
			return core.RuleError(f.name, "slot_alignment", fmt.Sprintf("must fall on a %d-minute boundary of the facility's local time", r.SlotMinutes))
		}
	}
	minutes := int(want.Duration() / time.Minute)
	if r.MinMinutes > 0 && minutes < r.MinMinutes {
		return core.RuleError("end_at", "min_duration", fmt.Sprintf("a booking lasts at least %d minutes", r.MinMinutes))
	}
	if r.MaxMinutes > 0 && minutes > r.MaxMinutes {
		return core.RuleError("end_at", "max_duration", fmt.Sprintf("a booking lasts at most %d minutes", r.MaxMinutes))
	}
	if want.Start.Before(now) {
		return errInThePast
	}
	if exempt {
		return nil
	}
	if lead := time.Duration(r.MinLeadMinutes) * time.Minute; want.Start.Before(now.Add(lead)) {
		return core.RuleError("start_at", "min_lead", fmt.Sprintf("book at least %d minutes ahead", r.MinLeadMinutes))
	}
	if r.MaxAdvanceDays > 0 && want.Start.After(now.AddDate(0, 0, r.MaxAdvanceDays)) {
		return core.RuleError("start_at", "max_advance", fmt.Sprintf("book at most %d days ahead", r.MaxAdvanceDays))
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
		return core.RuleError(field, "opening_hours", "the facility is not open for all of this time")
	}
	if cl, ok := c.ClosureOverlapping(want); ok {
		return core.RuleError("start_at", "blackout", fmt.Sprintf("closed from %s to %s",
			cl.Start.In(c.Location()).Format(time.RFC3339), cl.End.In(c.Location()).Format(time.RFC3339))).
			WithDetails(map[string]any{"start_at": cl.Start, "end_at": cl.End})
	}
	return nil
}

// quotaStatuses are the bookings that count against the weekly quota.
var quotaStatuses = []models.BookingStatus{models.BookingPending, models.BookingConfirmed, models.BookingCheckedIn, models.BookingCompleted}

// checkWeeklyQuota checks that the user's booked minutes of the resource stay within its weekly
// quota in every local week (Monday to Sunday) the booking touches. The caller has written the
// user's row first so that two bookings by the same user cannot both pass on the same reading.
func (s *Service) checkWeeklyQuota(ctx context.Context, userID int64, res models.Resource, loc *time.Location, want calendar.Span) error {
	if res.WeeklyQuotaMinutes <= 0 {
		return nil
	}
	for _, w := range quotaWeeks(want, loc) {
		used, err := s.weeklyQuotaUsed(ctx, userID, res.ID, w)
		if err != nil {
			return err
		}
		if used+want.Clip(w.Start, w.End).Duration() > time.Duration(res.WeeklyQuotaMinutes)*time.Minute {
			return core.RuleError("end_at", "weekly_quota", fmt.Sprintf("at most %d minutes a week on this resource", res.WeeklyQuotaMinutes))
		}
	}
	return nil
}

// quotaWeeks are the local weeks (Monday to Sunday) that want touches, as UTC spans.
func quotaWeeks(want calendar.Span, loc *time.Location) []calendar.Span {
	var out []calendar.Span
	for week := calendar.WeekStart(want.Start, loc); week.Before(want.End); week = week.AddDate(0, 0, 7) {
		out = append(out, calendar.Span{Start: week.UTC(), End: week.AddDate(0, 0, 7).UTC()})
	}
	return out
}

// weeklyQuotaUsed is how much of the week w the user's bookings of the resource that count
// against the weekly quota take.
func (s *Service) weeklyQuotaUsed(ctx context.Context, userID, resourceID int64, w calendar.Span) (time.Duration, error) {
	booked, err := s.DB.UserBookingsOverlapping(ctx, userID, resourceID, quotaStatuses, w.Start, w.End)
	if err != nil {
		return 0, err
	}
	var used time.Duration
	for _, b := range booked {
		used += calendar.Span{Start: b.StartAt.UTC(), End: b.EndAt.UTC()}.Clip(w.Start, w.End).Duration()
	}
	return used, nil
}
