package booking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// MaxOccurrences caps the occurrences of one recurring booking (a term of weekly classes).
const MaxOccurrences = 30

// Recurrence modes: what to do when some occurrences cannot be booked.
const (
	RecurrenceAllOrNothing  = "all_or_nothing"
	RecurrenceSkipConflicts = "skip_conflicts"
)

// Occurrence outcomes.
const (
	OccurrenceCreated       = "created"
	OccurrenceConflict      = "conflict"
	OccurrenceRuleViolation = "rule_violation"
)

// ErrRecurrenceConflict is answered when a recurring booking is refused as a whole; Details
// list every occurrence with its outcome and the failing dates.
var ErrRecurrenceConflict = &core.Error{Kind: core.KindConflict, Code: "recurrence_conflict",
	Key: "booking.recurrence_conflict"}

// RecurringInput asks for a weekly recurring booking: the first occurrence, every Interval
// weeks (1 when 0), until the facility-local date Until (inclusive) or Count occurrences,
// whichever ends first.
type RecurringInput struct {
	Reservation
	Interval int
	Until    *time.Time // a date; its year, month and day are read in the facility's time zone
	Count    int
	Mode     string
}

// Occurrence is one date of a recurring booking and what became of it.
type Occurrence struct {
	Date    string // facility-local date, YYYY-MM-DD
	StartAt time.Time
	EndAt   time.Time
	Outcome string
	Booking *models.Booking // when created
	Refusal *core.Error     // why it was not created
}

// RecurringResult is a recurrence and the outcome of each of its occurrences.
type RecurringResult struct {
	Recurrence  models.Recurrence
	Occurrences []Occurrence
}

// errRecurrenceRefused rolls back the transaction of a refused recurring booking.
var errRecurrenceRefused = errors.New("recurring booking refused")

// CreateRecurringBooking books every occurrence of a weekly rule in ONE transaction, each through
// the same rules and claims as a single booking (save the lead time and advance window, which
// only the first occurrence must meet: later ones keep to the facility's series horizon), so a
// conflict or broken rule is reported per date. all_or_nothing writes nothing when any occurrence fails; skip_conflicts books the others
// (and writes nothing when none can be booked). What the series asks as a whole (checkSeries)
// is refused before anything is written. Teachers, admins and the facility's managers may.
func (s *Service) CreateRecurringBooking(ctx context.Context, ac core.Actor, in RecurringInput) (RecurringResult, error) {
	var out RecurringResult
	err := s.Tx(ctx, func(ctx context.Context) error {
		out = RecurringResult{}
		res, fac, err := s.bookableResource(ctx, in.ResourceID)
		if err != nil {
			return err
		}
		if ac.Role != models.RoleTeacher && !ac.ManagesFacility(fac.ID) {
			return core.ErrForbidden.Say("booking.recurring_forbidden")
		}
		loc := s.catalog.Location(fac)
		dates, rule, err := weeklyOccurrences(in, loc)
		if err != nil {
			return err
		}
		if err := s.checkSeries(ctx, ac, res, fac, in, dates); err != nil {
			return err
		}
		out.Recurrence = models.Recurrence{UserID: ac.UserID, ResourceID: res.ID, Rule: rule, CreatedAt: s.Now()}
		if err := s.DB.CreateRecurrence(ctx, &out.Recurrence); err != nil {
			return err
		}
		failed := 0
		for i, d := range dates {
			p := PersonalBooking
			if i > 0 {
				p = SeriesOccurrence
			}
			occ, err := s.bookOccurrence(ctx, ac, res, fac, in.Reservation, p, out.Recurrence.ID, d, loc)
			if err != nil {
				return err
			}
			if occ.Outcome != OccurrenceCreated {
				failed++
			}
			out.Occurrences = append(out.Occurrences, occ)
		}
		if failed > 0 && (in.Mode != RecurrenceSkipConflicts || failed == len(dates)) {
			return errRecurrenceRefused
		}
		return nil
	})
	if errors.Is(err, errRecurrenceRefused) {
		return out, recurrenceConflict(out.Occurrences)
	}
	return out, err
}

// checkSeries checks what a series asks as a whole, before anything is written: its claim rows
// and, for anyone but the facility's managers, the series horizon for its last date and the caps
// on open series and upcoming bookings (counting every date). Each occurrence is then checked
// as a booking of its own.
func (s *Service) checkSeries(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, in RecurringInput, dates [][2]time.Time) error {
	lengthField := "weekly.count"
	if in.Until != nil {
		lengthField = "weekly.until"
	}
	var slots int64
	for _, d := range dates {
		slots += claimSlots(res, calendar.Span{Start: d[0], End: d[1]})
	}
	if err := checkClaimRows(res, in.Seats, slots, lengthField); err != nil || ac.ManagesFacility(fac.ID) {
		return err
	}
	now := s.Now()
	if err := checkSeriesHorizon(res, fac, dates[len(dates)-1][0], lengthField, now); err != nil {
		return err
	}
	if err := s.DB.GuardUserBookings(ctx, ac.UserID, now); err != nil {
		return err
	}
	open, err := s.DB.CountOpenSeries(ctx, ac.UserID, fac.ID, now)
	if err != nil {
		return err
	}
	if open >= MaxOpenSeries {
		return core.RuleError("weekly", "open_series", "booking.open_series", "limit", MaxOpenSeries, "open", open)
	}
	return s.checkUpcomingBookings(ctx, ac.UserID, fac.ID, len(dates), now)
}

// bookOccurrence books one date of the series. A conflict or a broken rule is an outcome, not an
// error: Reserve leaves nothing behind then, so the transaction goes on. Errors that concern
// the user rather than the date (suspended, unqualified) and lost races end it.
func (s *Service) bookOccurrence(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy, recID int64, d [2]time.Time, loc *time.Location) (Occurrence, error) {
	r.StartAt, r.EndAt, r.RecurrenceID = d[0], d[1], &recID
	occ := Occurrence{Date: d[0].In(loc).Format(time.DateOnly), StartAt: d[0].UTC(), EndAt: d[1].UTC()}
	b, err := s.reserve(ctx, ac, res, fac, r, p)
	var ae *core.Error
	switch {
	case err == nil:
		occ.Outcome, occ.Booking = OccurrenceCreated, &b
	case errors.As(err, &ae) && ae.Kind == core.KindConflict:
		occ.Outcome, occ.Refusal = OccurrenceConflict, ae
	case errors.As(err, &ae) && ae.Kind == core.KindRule:
		occ.Outcome, occ.Refusal = OccurrenceRuleViolation, ae
	default:
		return occ, err
	}
	return occ, nil
}

// recurrenceConflict builds ErrRecurrenceConflict with every outcome and the failing dates.
func recurrenceConflict(occs []Occurrence) error {
	var failed []string
	list := make([]map[string]any, 0, len(occs))
	for _, o := range occs {
		item := map[string]any{"date": o.Date, "start_at": o.StartAt, "end_at": o.EndAt, "outcome": o.Outcome}
		if o.Outcome != OccurrenceCreated {
			failed = append(failed, o.Date)
			item["code"], item["reason"] = o.Refusal.Code, o.Refusal.Text()
		}
		list = append(list, item)
	}
	return ErrRecurrenceConflict.Say("booking.recurrence_failed", "failed_dates", failed, "occurrences", list)
}

// weeklyOccurrences lists the [start, end) of every occurrence, computed in the facility's local
// time so that 08:00 stays 08:00 whatever the UTC offset does, and the RRULE that describes them.
func weeklyOccurrences(in RecurringInput, loc *time.Location) ([][2]time.Time, string, error) {
	interval := in.Interval
	if interval == 0 {
		interval = 1
	}
	switch {
	case interval < 1 || interval > 4:
		return nil, "", core.FieldError("weekly.interval", "field.between", "min", 1, "max", 4)
	case in.Count == 0 && in.Until == nil:
		return nil, "", core.FieldError("weekly.count", "booking.count_or_until")
	case in.Count < 0 || in.Count > MaxOccurrences:
		return nil, "", core.FieldError("weekly.count", "field.between", "min", 1, "max", MaxOccurrences)
	case in.StartAt.IsZero() || !in.EndAt.After(in.StartAt):
		return nil, "", core.RuleError("end_at", "end_after_start", "field.after_start")
	case in.Mode != RecurrenceAllOrNothing && in.Mode != RecurrenceSkipConflicts:
		return nil, "", core.FieldError("mode", "field.choose")
	}
	start, end := in.StartAt.In(loc), in.EndAt.In(loc)
	var last time.Time // the first instant after the until date, local
	if in.Until != nil {
		y, m, d := in.Until.Date()
		last = calendar.Midnight(y, m, d+1, loc)
		if !last.After(start) {
			return nil, "", core.FieldError("weekly.until", "booking.until_before_first")
		}
	}
	var out [][2]time.Time
	for i := 0; in.Count == 0 || i < in.Count; i++ {
		s, e := calendar.AddDays(start, 7*interval*i, loc), calendar.AddDays(end, 7*interval*i, loc)
		if !e.After(s) { // the day skips the whole wall time (a DST gap): as long as the first
			e = s.Add(end.Sub(start))
		}
		if in.Until != nil && !s.Before(last) {
			break
		}
		if len(out) == MaxOccurrences {
			return nil, "", core.FieldError("weekly.until", "booking.too_many_occurrences", "max", MaxOccurrences)
		}
		out = append(out, [2]time.Time{s.UTC(), e.UTC()})
	}
	rule := fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d", interval)
	if in.Count > 0 {
		rule += fmt.Sprintf(";COUNT=%d", in.Count)
	}
	if in.Until != nil {
		rule += ";UNTIL=" + last.Add(-time.Second).UTC().Format("20060102T150405Z")
	}
	return out, rule, nil
}

// Recurrence loads a recurrence with all its occurrences; the owner and the facility's managers
// may read it, others find nothing.
func (s *Service) Recurrence(ctx context.Context, ac core.Actor, id int64) (models.Recurrence, []models.Booking, error) {
	rec, err := s.visibleRecurrence(ctx, ac, id)
	if err != nil {
		return rec, nil, err
	}
	bookings, err := s.DB.RecurrenceBookings(ctx, rec.ID, time.Time{}, nil)
	return rec, bookings, err
}

func (s *Service) visibleRecurrence(ctx context.Context, ac core.Actor, id int64) (models.Recurrence, error) {
	rec, err := s.DB.RecurrenceByID(ctx, id)
	if err != nil {
		return rec, core.NotFound(err)
	}
	if rec.UserID == ac.UserID {
		return rec, nil
	}
	res, _, err := s.DB.ResourceWithFacility(ctx, rec.ResourceID)
	if err != nil {
		return rec, core.NotFound(err)
	}
	if !ac.ManagesFacility(res.FacilityID) {
		return rec, core.ErrNotFound
	}
	return rec, nil
}

// CancelRecurrence cancels, in one transaction, every pending or confirmed occurrence of a
// series that starts at or after from (now when zero, never earlier), each as CancelBooking
// would: by its owner (late ones cost credit) or by a manager of the facility with a reason.
// Others find nothing. It returns the cancelled occurrences.
func (s *Service) CancelRecurrence(ctx context.Context, ac core.Actor, id int64, from time.Time, reason string) ([]models.BookingView, error) {
	var out []models.BookingView
	err := s.Tx(ctx, func(ctx context.Context) error {
		out = nil
		rec, err := s.visibleRecurrence(ctx, ac, id)
		if err != nil {
			return err
		}
		if now := s.Now(); from.Before(now) {
			from = now
		}
		occs, err := s.DB.RecurrenceBookings(ctx, rec.ID, from, []models.BookingStatus{models.BookingPending, models.BookingConfirmed})
		if err != nil {
			return err
		}
		for _, b := range occs {
			v, err := s.CancelBooking(ctx, ac, b.ID, reason)
			if err != nil {
				return fmt.Errorf("cancel the occurrence of %s: %w", b.StartAt.Format(time.RFC3339), err)
			}
			out = append(out, v)
		}
		return nil
	})
	return out, err
}
