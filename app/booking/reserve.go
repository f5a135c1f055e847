package booking

import (
	"context"
	"errors"
	"strings"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// Reservation is what a booking asks for: seats of a resource for an interval, for a purpose.
type Reservation struct {
	ResourceID      int64
	StartAt         time.Time
	EndAt           time.Time
	Seats           int // 0 means 1
	Purpose         string
	PurposeCategory string
	// RecurrenceID links an occurrence of a recurring booking to its series.
	RecurrenceID *int64
	// ServiceRequestID links equipment time booked for a service request.
	ServiceRequestID *int64
}

// Policy says which rules a reservation must pass besides capacity and buffers, which the
// claims enforce for every reservation (invariant 1), and the calendar (opening hours,
// blackouts, the resource's status), which every reservation keeps to.
type Policy struct {
	// Rules checks every booking rule of the resource for the booker: the purpose, credit (信用),
	// the qualification, the slot grid and duration, the lead time and advance window (not for
	// the facility's managers) and the weekly quota.
	Rules bool
	// Series exempts a later occurrence of a recurring booking from the lead time and the
	// advance window, which the first one passed, so a term of weekly classes can be booked: it
	// keeps to the facility's series horizon instead. The cap on upcoming bookings the series
	// checked for all its dates.
	Series bool
	// Status is the status the booking starts in; empty means confirmed, or pending where the
	// resource needs approval.
	Status models.BookingStatus
	// HoldUntil is when a held booking lapses.
	HoldUntil *time.Time
	// Facility marks the facility's own time: nobody checks in to it, so it is never a no-show.
	Facility bool
}

// The policies of the callers of Reserve.
var (
	// PersonalBooking is a person's booking: every rule.
	PersonalBooking = Policy{Rules: true}
	// SeriesOccurrence is an occurrence after the first of a recurring booking.
	SeriesOccurrence = Policy{Rules: true, Series: true}
	// FacilityTime is time a facility books for its own work (a course session's room, a service
	// request's equipment): the calendar and capacity only, and never a no-show.
	FacilityTime = Policy{Facility: true}
)

// CreateBooking books seats of a resource for the actor and returns it as its holder sees it.
// The rules that read only the catalog and the person are checked first, outside the write
// transaction, against the resource and facility as last read (bookables); the transaction then
// holds only what must be decided inside it: that the two are unchanged since (else they are
// read and checked again there), the person's limits, the booking and its claims. It runs
// again from the start when it loses a race. A refusal that another time would cure names the
// next free one (withNextFree).
func (s *Service) CreateBooking(ctx context.Context, ac core.Actor, r Reservation) (models.BookingView, error) {
	r = r.normalized()
	var res models.Resource
	var fac models.Facility
	var err error
	c, cached := s.bookables.get(r.ResourceID)
	if cached {
		res, fac = c.res, c.fac
		err = s.checkRequest(ctx, ac, res, fac, r, PersonalBooking)
	}
	if !cached || err != nil { // none kept, or a refusal on one that may be stale
		if res, fac, err = s.loadBookable(ctx, r.ResourceID); err == nil {
			err = s.checkRequest(ctx, ac, res, fac, r, PersonalBooking)
		}
	}
	var b models.Booking
	if err == nil {
		err = s.Tx(ctx, func(ctx context.Context) error {
			stamp, err := s.DB.LockCatalogStamp(ctx, r.ResourceID)
			if err != nil {
				return err
			}
			if !stamp.Matches(res, fac) {
				if res, fac, err = s.loadBookable(ctx, r.ResourceID); err != nil {
					return err
				}
				if err := s.checkRequest(ctx, ac, res, fac, r, PersonalBooking); err != nil {
					return err
				}
			}
			if err := s.checkLimits(ctx, ac, res, fac, r, PersonalBooking); err != nil {
				return err
			}
			b, err = s.insertBooking(ctx, ac, res, fac, r, PersonalBooking)
			return err
		})
	}
	if err != nil {
		return models.BookingView{}, s.withNextFree(ctx, ac, r, err)
	}
	return models.BookingView{Booking: b, ResourceName: res.Name, ResourceNameEn: res.NameEn, FacilityID: fac.ID,
		FacilityName: fac.Name, FacilityNameEn: fac.NameEn, FacilityTimeZone: fac.TimeZone, UserName: ac.Name,
		CheckinGraceMinutes: res.CheckinGraceMinutes}, nil
}

// normalized is the reservation with its defaults: one seat, the purpose trimmed.
func (r Reservation) normalized() Reservation {
	if r.Seats == 0 {
		r.Seats = 1
	}
	r.Purpose = strings.TrimSpace(r.Purpose)
	return r
}

// Reserve is the front door of the booking engine for a caller inside a transaction of its own
// (Tx): it checks the rules of the policy, inserts the booking for the actor and claims its
// seats. When it fails with a rule or conflict error it leaves nothing behind in the
// transaction, so a caller booking several intervals may skip the one that failed.
func (s *Service) Reserve(ctx context.Context, ac core.Actor, r Reservation, p Policy) (models.Booking, error) {
	if !models.InTx(ctx) {
		return models.Booking{}, errors.New("booking.Reserve called outside a transaction")
	}
	res, fac, err := s.bookableResource(ctx, r.ResourceID)
	if err != nil {
		return models.Booking{}, err
	}
	return s.reserve(ctx, ac, res, fac, r, p)
}

// reserve is Reserve for a resource its caller has loaded already (a series books all its
// dates on one, a freeing offers the same resource to several watchers).
func (s *Service) reserve(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) (models.Booking, error) {
	r = r.normalized()
	if err := s.checkBookingRules(ctx, ac, res, fac, r, p); err != nil {
		return models.Booking{}, err
	}
	return s.insertBooking(ctx, ac, res, fac, r, p)
}

// insertBooking inserts the booking of a reservation that passed its rules and claims its
// seats, inside the transaction of ctx; on a conflict it takes the row back.
func (s *Service) insertBooking(ctx context.Context, ac core.Actor, res models.Resource, fac models.Facility, r Reservation, p Policy) (models.Booking, error) {
	now := s.Now().Truncate(time.Microsecond) // as stored: the booking answered is the booking read later
	b := models.Booking{
		ResourceID: res.ID, UserID: ac.UserID, StartAt: r.StartAt.UTC(), EndAt: r.EndAt.UTC(), Seats: r.Seats,
		Purpose: r.Purpose, PurposeCategory: r.PurposeCategory, Status: p.Status, HoldExpiresAt: p.HoldUntil,
		RecurrenceID: r.RecurrenceID, ServiceRequestID: r.ServiceRequestID, FacilityTime: p.Facility,
		CreatedAt: now, UpdatedAt: now,
	}
	if b.Status == "" {
		b.Status = models.BookingConfirmed
		if res.RequiresApproval {
			b.Status = models.BookingPending
		}
	}
	if err := s.DB.CreateBooking(ctx, &b); err != nil {
		return models.Booking{}, err
	}
	if err := s.claimSeats(ctx, res, s.catalog.Location(fac), b); err != nil {
		var ae *core.Error
		if errors.As(err, &ae) {
			// A conflict, not a lost race: take the row back so the transaction stays clean.
			if derr := s.DB.DeleteBooking(ctx, b.ID); derr != nil {
				return models.Booking{}, derr
			}
		}
		return models.Booking{}, err
	}
	return b, nil
}

// bookableResource loads a resource with its facility; an unknown resource is a 422 on
// resource_id, since it is named in the request body.
func (s *Service) bookableResource(ctx context.Context, id int64) (models.Resource, models.Facility, error) {
	res, fac, err := s.DB.ResourceWithFacility(ctx, id)
	if models.IsNotFound(err) {
		return res, fac, core.FieldError("resource_id", "catalog.no_such_resource")
	}
	return res, fac, err
}

// Release gives back a booking's seats from the given time on (all of them when from is at or
// before the start), inside the transaction of ctx, and tells the slot watchers. The slot of the claim grid that contains
// from stays claimed, so callers pass the first instant that may be booked again (for an early
// check-out: the check-out time plus the buffer).
func (s *Service) Release(ctx context.Context, b models.Booking, from time.Time) error {
	release := time.Time{} // everything
	if from.After(b.StartAt) {
		from = calendar.CeilToGrid(from, models.ClaimGrid)
		release = from
	} else {
		from = b.StartAt
	}
	if err := s.releaseClaims(ctx, b.ID, release); err != nil {
		return err
	}
	return s.onSlotFreed(ctx, b, from)
}

// ClaimRetention is how long the claims of past slots are kept before PurgePastClaims removes
// them (a day, so bookings under way and their buffers keep theirs).
const ClaimRetention = 24 * time.Hour

// PurgePastClaims deletes the claims of slots that ended more than ClaimRetention ago and
// returns how many; a nightly job keeps booking_claims from growing with history.
func (s *Service) PurgePastClaims(ctx context.Context) (int64, error) {
	return s.DB.DeleteClaimsBefore(ctx, s.Now().Add(-ClaimRetention))
}
