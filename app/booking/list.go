package booking

import (
	"context"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Booking list scopes.
const (
	ScopeMine    = "mine"
	ScopeManaged = "managed"
)

// BookingFilter selects bookings for a list. The approval queue of a manager is
// {Scope: managed, Statuses: [pending]}.
type BookingFilter struct {
	Scope      string // mine (default) or managed: the facilities the actor manages (admins: all)
	Statuses   []models.BookingStatus
	When       string // upcoming (not yet over, soonest first) or past (over, latest first)
	From, To   time.Time
	ResourceID int64
	FacilityID int64 // managed scope only
	UserID     int64 // managed scope only
}

// GetBooking returns a booking the actor may see (owner, the facility's managers, admins);
// others get ErrNotFound.
func (s *Service) GetBooking(ctx context.Context, ac core.Actor, id int64) (models.BookingView, error) {
	v, err := s.DB.BookingViewByID(ctx, id)
	if err != nil {
		return v, core.NotFound(err)
	}
	if v.UserID != ac.UserID && !ac.ManagesFacility(v.FacilityID) {
		return models.BookingView{}, core.ErrNotFound
	}
	return v, nil
}

// ListBookings lists one page of the actor's bookings, or of the bookings of the facilities the
// actor manages, and how many match.
func (s *Service) ListBookings(ctx context.Context, ac core.Actor, f BookingFilter, p core.Page) ([]models.BookingView, int64, error) {
	q, err := s.bookingQuery(ac, f)
	if err != nil {
		return nil, 0, err
	}
	return s.DB.ListBookings(ctx, q, p.Size, p.Offset())
}

func (s *Service) bookingQuery(ac core.Actor, f BookingFilter) (models.BookingQuery, error) {
	q := models.BookingQuery{ResourceID: f.ResourceID, Statuses: f.Statuses}
	for _, s := range f.Statuses {
		if !slices.Contains(models.BookingStatuses, s) {
			return q, core.FieldError("status", "field.choose")
		}
	}
	switch f.Scope {
	case "", ScopeMine:
		if f.FacilityID != 0 || f.UserID != 0 {
			return q, core.FieldError("scope", "booking.scope_managed")
		}
		q.UserID = ac.UserID
	case ScopeManaged:
		if !ac.IsStaff() {
			return q, core.ErrForbidden
		}
		if f.FacilityID != 0 && !ac.ManagesFacility(f.FacilityID) {
			return q, core.ErrForbidden.Say("booking.not_your_facility")
		}
		if !ac.IsAdmin() {
			q.FacilityIDs = slices.Clone(ac.ManagedFacilityIDs)
			if q.FacilityIDs == nil {
				q.FacilityIDs = []int64{}
			}
		}
		q.FacilityID, q.UserID = f.FacilityID, f.UserID
	default:
		return q, core.FieldError("scope", "field.choose")
	}
	now := s.Now()
	switch f.When {
	case "":
	case "upcoming":
		q.EndAfter, q.Ascending = &now, true
	case "past":
		q.EndBy = &now
	default:
		return q, core.FieldError("when", "field.choose")
	}
	if !f.From.IsZero() {
		from := f.From
		if q.EndAfter == nil || from.After(*q.EndAfter) {
			q.EndAfter = &from
		}
	}
	if !f.To.IsZero() {
		if !f.From.IsZero() && !f.To.After(f.From) {
			return q, core.FieldError("to", "field.after_from")
		}
		to := f.To
		q.StartBefore = &to
	}
	return q, nil
}
