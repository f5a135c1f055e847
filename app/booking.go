package app

import (
	"context"
	"errors"
	"strings"
	"time"

	"cqshare/models"
)

// BookingInput is what a booking asks for.
type BookingInput struct {
	ResourceID      int64
	StartAt         time.Time
	EndAt           time.Time
	Seats           int // 0 means 1
	Purpose         string
	PurposeCategory string
	// RecurrenceID links an occurrence of a recurring booking to its series.
	RecurrenceID *int64
	// LaterOccurrence marks an occurrence after the first of a series: the lead time and the
	// advance window are checked on the first one only, so a term of weekly classes can be booked.
	LaterOccurrence bool
	// ServiceRequestID links an equipment booking made for a service request.
	ServiceRequestID *int64
}

// CreateBooking books seats of a resource for the actor: every rule of the resource is checked
// and the seats are claimed in one transaction, run again from the start when it loses a race.
func (a *App) CreateBooking(ctx context.Context, ac Actor, in BookingInput) (models.Booking, error) {
	var b models.Booking
	err := a.tx(ctx, func(ctx context.Context) error {
		res, fac, err := a.bookableResource(ctx, in.ResourceID)
		if err != nil {
			return err
		}
		b, err = a.createBookingTx(ctx, ac, res, fac, in)
		return err
	})
	return b, err
}

// bookableResource loads a resource with its facility; an unknown resource is a 422 on
// resource_id, since it is named in the request body.
func (a *App) bookableResource(ctx context.Context, id int64) (models.Resource, models.Facility, error) {
	res, fac, err := a.db.ResourceWithFacility(ctx, id)
	if models.IsNotFound(err) {
		return res, fac, ValidationError(map[string]string{"resource_id": "no such resource"})
	}
	return res, fac, err
}

// createBookingTx checks every rule, inserts the booking and claims its seats. It must run
// inside a.tx. When it fails with a rule or conflict error it leaves nothing behind in the
// transaction, so a caller booking several occurrences may skip the one that failed.
func (a *App) createBookingTx(ctx context.Context, ac Actor, res models.Resource, fac models.Facility, in BookingInput) (models.Booking, error) {
	if !models.InTx(ctx) {
		return models.Booking{}, errors.New("createBookingTx called outside a transaction")
	}
	if in.Seats == 0 {
		in.Seats = 1
	}
	in.Purpose = strings.TrimSpace(in.Purpose)
	if err := a.checkBookingRules(ctx, ac, res, fac, in); err != nil {
		return models.Booking{}, err
	}
	now := a.Now()
	b := models.Booking{
		ResourceID: res.ID, UserID: ac.UserID, StartAt: in.StartAt.UTC(), EndAt: in.EndAt.UTC(), Seats: in.Seats,
		Purpose: in.Purpose, PurposeCategory: in.PurposeCategory, Status: models.BookingConfirmed,
		RecurrenceID: in.RecurrenceID, ServiceRequestID: in.ServiceRequestID, CreatedAt: now, UpdatedAt: now,
	}
	if res.RequiresApproval {
		b.Status = models.BookingPending
	}
	if err := a.db.CreateBooking(ctx, &b); err != nil {
		return models.Booking{}, err
	}
	if err := a.claimSeats(ctx, res, b); err != nil {
		var ae *Error
		if errors.As(err, &ae) {
			// A conflict, not a lost race: take the row back so the transaction stays clean.
			if derr := a.db.DeleteBooking(ctx, b.ID); derr != nil {
				return models.Booking{}, derr
			}
		}
		return models.Booking{}, err
	}
	return b, nil
}

// freeBooking gives back a booking's seats from the given time on (all of them when from is at
// or before the start) and tells the slot watchers. The slot of the claim grid that contains
// from stays claimed, so callers pass the first instant that may be booked again (for an early
// check-out: the check-out time plus the buffer).
func (a *App) freeBooking(ctx context.Context, b models.Booking, from time.Time) error {
	release := time.Time{} // everything
	if from.After(b.StartAt) {
		from = ceilToGrid(from)
		release = from
	} else {
		from = b.StartAt
	}
	if err := a.releaseClaims(ctx, b.ID, release); err != nil {
		return err
	}
	return a.onSlotFreed(ctx, b, from)
}

// ceilToGrid rounds t up to the claim grid.
func ceilToGrid(t time.Time) time.Time {
	f := t.UTC().Truncate(models.ClaimGrid)
	if f.Before(t) {
		return f.Add(models.ClaimGrid)
	}
	return f
}

// ClaimRetention is how long the claims of past slots are kept before PurgePastClaims removes
// them (a day, so bookings under way and their buffers keep theirs).
const ClaimRetention = 24 * time.Hour

// PurgePastClaims deletes the claims of slots that ended more than ClaimRetention ago and
// returns how many; a nightly job keeps booking_claims from growing with history.
func (a *App) PurgePastClaims(ctx context.Context) (int64, error) {
	return a.db.DeleteClaimsBefore(ctx, a.Now().Add(-ClaimRetention))
}
