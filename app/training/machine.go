package training

import (
	"context"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// EnrollmentAction is a move of an enrolment's state machine that a caller may ask for.
type EnrollmentAction string

// The actions a caller may be offered on an enrolment (its "actions" in the API).
const (
	ActionCancel         EnrollmentAction = "cancel"
	ActionMove           EnrollmentAction = "move"
	ActionMarkResult     EnrollmentAction = "mark_result"
	ActionMarkAttendance EnrollmentAction = "mark_attendance"
)

// EnrollmentActions lists, in the order a screen shows them, the actions the API offers.
var EnrollmentActions = []EnrollmentAction{ActionCancel, ActionMove, ActionMarkResult, ActionMarkAttendance}

// party is who asks for a move, as seen from the enrolment.
type party uint8

const (
	partyOwner      party = 1 << iota // the trainee
	partyInstructor                   // the session's instructor
	partyManager                      // a manager of the training base, or an admin
)

// live are the states of an enrolment that holds a seat or a waitlist place before any result.
var live = []models.EnrollmentStatus{models.EnrollmentEnrolled, models.EnrollmentWaitlisted}

// resulted are the states a result may be marked (or changed) from: a seat holder's.
var resulted = models.SeatHoldingEnrollmentStatuses

// transition is one row of the enrolment state machine: who may take the action from which
// states and any condition of time. Where the action leads depends on the request (a result,
// a seat or a waitlist place) and is set by its step.
type transition struct {
	action EnrollmentAction
	by     party
	from   []models.EnrollmentStatus
	guard  func(e models.Enrollment, s models.CourseSession, now time.Time, loc *time.Location) error
}

// machine is the enrolment state machine (docs/enrolment.md). Where one action has a row for
// several parties, the first row whose party the caller is decides: a trainee who also manages
// the base cancels as a trainee.
var machine = []transition{
	{action: ActionCancel, by: partyOwner, from: live, guard: beforeCancelDeadline},
	{action: ActionCancel, by: partyManager, from: live},
	{action: ActionMove, by: partyManager, from: live},
	{action: ActionMarkResult, by: partyInstructor | partyManager, from: resulted, guard: sessionStarted},
	{action: ActionMarkAttendance, by: partyInstructor | partyManager, from: resulted, guard: attendanceOpen},
}

func beforeCancelDeadline(_ models.Enrollment, s models.CourseSession, now time.Time, loc *time.Location) error {
	if now.After(s.CancelDeadline) {
		return ErrCancelDeadlinePassed.Say("training.cancel_deadline_passed", "deadline", s.CancelDeadline.In(loc))
	}
	return nil
}

func sessionStarted(_ models.Enrollment, s models.CourseSession, now time.Time, loc *time.Location) error {
	if now.Before(s.StartAt) {
		return core.RuleError("result", "session_not_started", "training.not_started", "start_at", s.StartAt.In(loc))
	}
	return nil
}

// AttendanceWindow is how long before a meeting's start its attendance may be taken.
const AttendanceWindow = 30 * time.Minute

func attendanceOpen(_ models.Enrollment, s models.CourseSession, now time.Time, loc *time.Location) error {
	if now.Before(s.StartAt.Add(-AttendanceWindow)) {
		return core.RuleError("present", "session_not_started", "training.not_started", "start_at", s.StartAt.In(loc))
	}
	return nil
}

// partiesOf says in which roles the actor stands to an enrolment of the user in the session.
func partiesOf(ac core.Actor, userID int64, s models.CourseSession, facilityID int64) party {
	var p party
	if ac.UserID != 0 && ac.UserID == userID {
		p |= partyOwner
	}
	if ac.UserID != 0 && ac.UserID == s.InstructorID {
		p |= partyInstructor
	}
	if ac.ManagesFacility(facilityID) {
		p |= partyManager
	}
	return p
}

// transitionFor finds the row of the machine that lets the parties take the action on the
// enrolment now: ErrForbidden when no row is theirs, ErrInvalidTransition when the status
// allows no such move, or the row's refusal of the time (worded in loc, the base's zone).
func transitionFor(action EnrollmentAction, parties party, e models.Enrollment, s models.CourseSession, now time.Time, loc *time.Location) (transition, error) {
	for _, t := range machine {
		if t.action != action || t.by&parties == 0 {
			continue
		}
		if !slices.Contains(t.from, e.Status) {
			return t, core.ErrInvalidTransition.Say("training.cannot_"+string(action), "status", core.T("training.status_"+string(e.Status)))
		}
		if t.guard != nil {
			if err := t.guard(e, s, now, loc); err != nil {
				return t, err
			}
		}
		return t, nil
	}
	return transition{}, core.ErrForbidden
}

// actionsOn lists what the parties may do to the enrolment now, from the same table that
// enforces it.
func actionsOn(parties party, e models.Enrollment, s models.CourseSession, now time.Time) []EnrollmentAction {
	out := []EnrollmentAction{}
	if s.Status == models.SessionCancelled {
		return out
	}
	for _, a := range EnrollmentActions {
		if _, err := transitionFor(a, parties, e, s, now, time.UTC); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// moveEnrollment applies a change to an enrolment in the caller's transaction while it is still
// in one of the row's from states; a concurrent move that got there first (or a seat taken
// meanwhile) runs the transaction again, and the fresh attempt answers from the new state.
func (s *Service) moveEnrollment(ctx context.Context, e models.Enrollment, from []models.EnrollmentStatus, c models.EnrollmentChange) (models.Enrollment, error) {
	if c.Columns == nil {
		c.Columns = map[string]any{}
	}
	c.Columns["updated_at"] = s.Now()
	ok, err := s.DB.UpdateEnrollmentFrom(ctx, e.ID, from, c)
	if err != nil {
		return e, err
	}
	if !ok {
		return e, models.ErrRetry
	}
	return s.DB.EnrollmentByID(ctx, e.ID)
}

// baseLocation is the time zone of a training base, in which its times are worded.
func (s *Service) baseLocation(ctx context.Context, facilityID int64) (*time.Location, error) {
	fac, err := s.DB.FacilityByID(ctx, facilityID)
	if err != nil {
		return nil, err
	}
	return s.catalog.Location(fac), nil
}
