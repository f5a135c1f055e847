package app

import (
	"context"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"cqshare/models"
)

// MaxPurposeLength caps the purpose of a booking, in characters.
const MaxPurposeLength = 500

// ErrQualificationRequired is answered when the resource needs a qualification the user does
// not hold (or holds no longer).
var ErrQualificationRequired = &Error{Kind: KindForbidden, Code: "qualification_required", Rule: "qualification",
	Message: "this resource requires a qualification you do not hold"}

// ErrBookingSuspended is answered while a user's credit (信用) suspends their booking; Details
// carry "until".
var ErrBookingSuspended = &Error{Kind: KindForbidden, Code: "booking_suspended", Rule: "credit",
	Message: "booking is suspended after late cancellations and no-shows"}

// checkBookingRules checks every booking rule of DESIGN.md section 3 except capacity, which the
// claims enforce. Cheap checks of the request come first, then those that read the database.
func (a *App) checkBookingRules(ctx context.Context, ac Actor, res models.Resource, fac models.Facility, in BookingInput) error {
	if err := checkBookingRequest(res, in); err != nil {
		return err
	}
	if res.Status != models.ResourceAvailable {
		return RuleError("resource_id", "resource_unavailable", fmt.Sprintf("the resource is %s and cannot be booked", res.Status))
	}
	now := a.Now()
	if err := a.checkCredit(ctx, ac.UserID, now); err != nil {
		return err
	}
	if res.QualificationID != nil {
		ok, err := a.db.HasQualification(ctx, ac.UserID, *res.QualificationID, now)
		if err != nil {
			return err
		}
		if !ok {
			e := ErrQualificationRequired.With("%s", ErrQualificationRequired.Message)
			e.Details = map[string]any{"qualification_id": *res.QualificationID}
			return e
		}
	}
	loc := a.Location(fac)
	want := Span{in.StartAt.UTC(), in.EndAt.UTC()}
	if err := checkTiming(res.Rules, loc, want, now, ac.ManagesFacility(fac.ID) || in.LaterOccurrence); err != nil {
		return err
	}
	blackouts, err := a.db.BlackoutsOverlapping(ctx, fac.ID, want.Start, want.End)
	if err != nil {
		return err
	}
	if err := checkCalendar(ForFacility(loc, fac, res.ID, blackouts), want); err != nil {
		return err
	}
	return a.checkWeeklyQuota(ctx, ac.UserID, res, loc, want, now)
}

// checkBookingRequest checks what needs no database: times present and ordered, seats, purpose.
func checkBookingRequest(res models.Resource, in BookingInput) error {
	switch {
	case in.StartAt.IsZero():
		return ValidationError(map[string]string{"start_at": "required"})
	case in.EndAt.IsZero():
		return ValidationError(map[string]string{"end_at": "required"})
	case !in.EndAt.After(in.StartAt):
		return RuleError("end_at", "end_after_start", "must be after start_at")
	case in.Seats < 1 || in.Seats > res.Capacity:
		return RuleError("seats", "seats", fmt.Sprintf("must be between 1 and %d", res.Capacity))
	case in.Purpose == "":
		return RuleError("purpose", "purpose", "say what the booking is for")
	case utf8.RuneCountInString(in.Purpose) > MaxPurposeLength:
		return RuleError("purpose", "purpose", fmt.Sprintf("at most %d characters", MaxPurposeLength))
	case !slices.Contains(models.PurposeCategories, in.PurposeCategory):
		return RuleError("purpose_category", "purpose_category", "must be one of teaching, research, training, social_service")
	}
	return nil
}

// checkCredit refuses a user whose booking is suspended.
func (a *App) checkCredit(ctx context.Context, userID int64, now time.Time) error {
	u, err := a.db.UserByID(ctx, userID)
	if err != nil {
		return NotFound(err)
	}
	if u.BookingSuspendedUntil != nil && u.BookingSuspendedUntil.After(now) {
		e := ErrBookingSuspended.With("booking is suspended until %s", u.BookingSuspendedUntil.UTC().Format(time.RFC3339))
		e.Details = map[string]any{"until": u.BookingSuspendedUntil.UTC()}
		return e
	}
	return nil
}

// checkTiming checks the slot grid, the duration, and (unless exempt: the facility's managers
// and admins) the lead time and the advance window. Nobody books the past.
func checkTiming(r models.Rules, loc *time.Location, want Span, now time.Time, exempt bool) error {
	for _, f := range []struct {
		name string
		t    time.Time
	}{{"start_at", want.Start}, {"end_at", want.End}} {
		if !OnSlotGrid(f.t, loc, r.SlotMinutes) {
			return RuleError(f.name, "slot_alignment", fmt.Sprintf("must fall on a %d-minute boundary of the facility's local time", r.SlotMinutes))
		}
	}
	minutes := int(want.Duration() / time.Minute)
	if r.MinMinutes > 0 && minutes < r.MinMinutes {
		return RuleError("end_at", "min_duration", fmt.Sprintf("a booking lasts at least %d minutes", r.MinMinutes))
	}
	if r.MaxMinutes > 0 && minutes > r.MaxMinutes {
		return RuleError("end_at", "max_duration", fmt.Sprintf("a booking lasts at most %d minutes", r.MaxMinutes))
	}
	if want.Start.Before(now) {
		return RuleError("start_at", "min_lead", "cannot start in the past")
	}
	if exempt {
		return nil
	}
	if lead := time.Duration(r.MinLeadMinutes) * time.Minute; want.Start.Before(now.Add(lead)) {
		return RuleError("start_at", "min_lead", fmt.Sprintf("book at least %d minutes ahead", r.MinLeadMinutes))
	}
	if r.MaxAdvanceDays > 0 && want.Start.After(now.AddDate(0, 0, r.MaxAdvanceDays)) {
		return RuleError("start_at", "max_advance", fmt.Sprintf("book at most %d days ahead", r.MaxAdvanceDays))
	}
	return nil
}

// onSlotGrid reports whether t is a whole number of slots after local midnight.
func OnSlotGrid(t time.Time, loc *time.Location, slotMinutes int) bool {
	if slotMinutes <= 0 {
		slotMinutes = 1
	}
	l := t.In(loc)
	return l.Second() == 0 && l.Nanosecond() == 0 && (l.Hour()*60+l.Minute())%slotMinutes == 0
}

// checkCalendar checks that every minute of want is inside opening hours (or a make-up working
// day) and outside closures.
func checkCalendar(c Calendar, want Span) error {
	scheduled := c.Scheduled(want.Start, want.End)
	if !Covers(scheduled, want) {
		field := "end_at"
		if len(scheduled) == 0 || !scheduled[0].Start.Equal(want.Start) {
			field = "start_at"
		}
		return RuleError(field, "opening_hours", "the facility is not open for all of this time")
	}
	if cl, ok := c.ClosureOverlapping(want); ok {
		e := RuleError("start_at", "blackout", fmt.Sprintf("closed from %s to %s",
			cl.Start.In(c.loc).Format(time.RFC3339), cl.End.In(c.loc).Format(time.RFC3339)))
		e.Details = map[string]any{"start_at": cl.Start, "end_at": cl.End}
		return e
	}
	return nil
}

// quotaStatuses are the bookings that count against the weekly quota.
var quotaStatuses = []models.BookingStatus{models.BookingPending, models.BookingConfirmed, models.BookingCheckedIn, models.BookingCompleted}

// checkWeeklyQuota checks that the user's booked minutes of the resource stay within its weekly
// quota in every local week (Monday to Sunday) the booking touches. It first writes the user's
// row so that two bookings by the same user cannot both pass on the same reading.
func (a *App) checkWeeklyQuota(ctx context.Context, userID int64, res models.Resource, loc *time.Location, want Span, now time.Time) error {
	if res.WeeklyQuotaMinutes <= 0 {
		return nil
	}
	if err := a.db.GuardUserBookings(ctx, userID, now); err != nil {
		return err
	}
	for week := WeekStart(want.Start, loc); week.Before(want.End); week = week.AddDate(0, 0, 7) {
		w := Span{week.UTC(), week.AddDate(0, 0, 7).UTC()}
		booked, err := a.db.UserBookingsOverlapping(ctx, userID, res.ID, quotaStatuses, w.Start, w.End)
		if err != nil {
			return err
		}
		used := want.Clip(w.Start, w.End).Duration()
		for _, b := range booked {
			used += Span{b.StartAt.UTC(), b.EndAt.UTC()}.Clip(w.Start, w.End).Duration()
		}
		if used > time.Duration(res.WeeklyQuotaMinutes)*time.Minute {
			return RuleError("end_at", "weekly_quota", fmt.Sprintf("at most %d minutes a week on this resource", res.WeeklyQuotaMinutes))
		}
	}
	return nil
}

// weekStart is local midnight of the Monday of t's week.
func WeekStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, loc)
}
