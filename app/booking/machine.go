package booking

import (
	"context"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// BookingAction is a move of a booking's state machine that a caller may ask for.
type BookingAction string

// The actions a caller may be offered on a booking (its "actions" in the API), and the moves
// only the system makes.
const (
	ActionCancel      BookingAction = "cancel"
	ActionApprove     BookingAction = "approve"
	ActionReject      BookingAction = "reject"
	ActionCheckIn     BookingAction = "check_in"
	ActionCheckOut    BookingAction = "check_out"
	ActionConfirmHold BookingAction = "confirm_hold"

	actionDeclineHold BookingAction = "decline_hold" // the watcher leaves the queue
	actionExpireHold  BookingAction = "expire_hold"
	actionMarkNoShow  BookingAction = "mark_no_show"
)

// BookingActions lists, in the order a screen shows them, the actions the API offers.
var BookingActions = []BookingAction{ActionApprove, ActionReject, ActionConfirmHold, ActionCheckIn, ActionCheckOut, ActionCancel}

// party is who asks for a move, as seen from the booking.
type party uint8

const (
	partyOwner   party = 1 << iota // the user the booking is for
	partyManager                   // a manager of the booking's facility, or an admin
	partySystem                    // the scheduled jobs and an instrument's reported usage
)

// bookingTransition is one row of the booking state machine: who may take the action from
// which states, the state it leads to, the time stamp it sets and any condition of time.
type bookingTransition struct {
	action BookingAction
	by     party
	from   []models.BookingStatus
	to     models.BookingStatus
	stamp  func(c *models.BookingChange, at time.Time)
	guard  func(b models.Booking, graceMinutes int, now time.Time) error
}

// bookingMachine is the booking state machine (DESIGN.md section 3). Where one action has a row
// for several parties, the first row whose party the caller is decides: an owner who also
// manages the facility cancels as an owner.
var bookingMachine = []bookingTransition{
	{action: ActionCancel, by: partyOwner, from: []models.BookingStatus{models.BookingPending, models.BookingConfirmed},
		to: models.BookingCancelled, stamp: stampCancelled, guard: notStarted},
	{action: ActionCancel, by: partyManager, from: []models.BookingStatus{models.BookingPending, models.BookingConfirmed, models.BookingCheckedIn},
		to: models.BookingCancelled, stamp: stampCancelled},
	{action: ActionApprove, by: partyManager, from: []models.BookingStatus{models.BookingPending}, to: models.BookingConfirmed, stamp: stampDecided},
	{action: ActionReject, by: partyManager, from: []models.BookingStatus{models.BookingPending}, to: models.BookingRejected, stamp: stampDecided},
	{action: ActionCheckIn, by: partyOwner | partyManager, from: []models.BookingStatus{models.BookingConfirmed},
		to: models.BookingCheckedIn, stamp: stampCheckedIn, guard: inCheckinWindow},
	{action: ActionCheckIn, by: partySystem, from: []models.BookingStatus{models.BookingConfirmed}, to: models.BookingCheckedIn, stamp: stampCheckedIn},
	{action: ActionCheckOut, by: partyOwner | partyManager | partySystem, from: []models.BookingStatus{models.BookingCheckedIn},
		to: models.BookingCompleted, stamp: stampCheckedOut},
	{action: ActionConfirmHold, by: partyOwner, from: []models.BookingStatus{models.BookingHeld}, to: models.BookingConfirmed, guard: holdOpen},
	{action: actionDeclineHold, by: partyOwner, from: []models.BookingStatus{models.BookingHeld}, to: models.BookingCancelled, stamp: stampCancelled},
	{action: actionExpireHold, by: partySystem, from: []models.BookingStatus{models.BookingHeld}, to: models.BookingExpired},
	{action: actionMarkNoShow, by: partySystem, from: []models.BookingStatus{models.BookingConfirmed}, to: models.BookingNoShow, guard: graceOver},
}

func stampCancelled(c *models.BookingChange, at time.Time)  { c.CancelledAt = &at }
func stampDecided(c *models.BookingChange, at time.Time)    { c.DecidedAt = &at }
func stampCheckedIn(c *models.BookingChange, at time.Time)  { c.CheckedInAt = &at }
func stampCheckedOut(c *models.BookingChange, at time.Time) { c.CheckedOutAt = &at }

func notStarted(b models.Booking, _ int, now time.Time) error {
	if !now.Before(b.StartAt) {
		return core.ErrInvalidTransition.Say("booking.started")
	}
	return nil
}

func inCheckinWindow(b models.Booking, grace int, now time.Time) error {
	g := time.Duration(grace) * time.Minute
	if now.Before(b.StartAt.Add(-g)) || now.After(b.StartAt.Add(g)) {
		return core.RuleError("checked_in_at", "checkin_window", "booking.checkin_window", "grace", core.Minutes(grace))
	}
	return nil
}

func holdOpen(b models.Booking, _ int, now time.Time) error {
	if b.HoldExpiresAt != nil && !now.Before(*b.HoldExpiresAt) {
		return ErrHoldExpired
	}
	return nil
}

func graceOver(b models.Booking, grace int, now time.Time) error {
	if !now.After(b.StartAt.Add(time.Duration(grace) * time.Minute)) {
		return core.ErrInvalidTransition.Say("booking.checkin_open")
	}
	return nil
}

// partiesOf says in which roles the actor stands to a booking of the user in the facility.
func partiesOf(ac core.Actor, userID, facilityID int64) party {
	var p party
	if ac.UserID != 0 && ac.UserID == userID {
		p |= partyOwner
	}
	if ac.ManagesFacility(facilityID) {
		p |= partyManager
	}
	return p
}

// bookingTransitionFor finds the row of the machine that lets the parties take the action on
// the booking now: ErrForbidden when no row is theirs, ErrInvalidTransition when the booking's
// status allows no such move, or the row's refusal of the time.
func bookingTransitionFor(action BookingAction, parties party, b models.Booking, graceMinutes int, now time.Time) (bookingTransition, error) {
	for _, t := range bookingMachine {
		if t.action != action || t.by&parties == 0 {
			continue
		}
		if !slices.Contains(t.from, b.Status) {
			// A lapsed hold says so. Expired stays out of the row's from-states: they are also
			// the UPDATE's guard, which must not confirm a hold that lapsed meanwhile.
			if b.Status == models.BookingExpired && action == ActionConfirmHold {
				return t, ErrHoldExpired
			}
			return t, core.ErrInvalidTransition.Say("booking.cannot_"+string(action), "status", core.T("booking.status_"+string(b.Status)))
		}
		if t.guard != nil {
			if err := t.guard(b, graceMinutes, now); err != nil {
				return t, err
			}
		}
		return t, nil
	}
	return bookingTransition{}, core.ErrForbidden
}

// ActionsOnBooking lists what the actor may do to the booking now, from the same table that
// enforces it.
func (s *Service) ActionsOnBooking(ac core.Actor, v models.BookingView) []BookingAction {
	parties, now := partiesOf(ac, v.UserID, v.FacilityID), s.Now()
	out := []BookingAction{}
	for _, action := range BookingActions {
		if _, err := bookingTransitionFor(action, parties, v.Booking, v.CheckinGraceMinutes, now); err == nil {
			out = append(out, action)
		}
	}
	return out
}

// moveBooking applies a transition to a booking in the caller's transaction, with the row's
// time stamp at the given instant and the extra columns of c. A concurrent move that got there
// first makes the transaction run again, and the fresh attempt answers from the new status.
func (s *Service) moveBooking(ctx context.Context, b models.Booking, t bookingTransition, at time.Time, c models.BookingChange) (models.Booking, error) {
	if c.Status == "" {
		c.Status = t.to
	}
	c.UpdatedAt = s.Now()
	if t.stamp != nil {
		t.stamp(&c, at.UTC())
	}
	ok, err := s.DB.UpdateBookingFrom(ctx, b.ID, t.from, c)
	if err != nil {
		return b, err
	}
	if !ok {
		return b, models.ErrRetry
	}
	// A day the reports computed already is recomputed by their next run (docs/reports.md).
	if err := s.DB.MarkBookingDirty(ctx, b.ID, c.UpdatedAt); err != nil {
		return b, err
	}
	return s.DB.BookingByID(ctx, b.ID)
}
