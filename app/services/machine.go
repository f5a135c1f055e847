package services

import (
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// Action is something a party may do to a service request (its "actions" in the API).
type Action string

// The actions on a request: the moves of the transition table, then the others.
const (
	ActionQuote           Action = "quote"
	ActionReject          Action = "reject"
	ActionAccept          Action = "accept"
	ActionDecline         Action = "decline"
	ActionCancel          Action = "cancel"
	ActionStart           Action = "start"
	ActionDeliver         Action = "deliver"
	ActionRequestRevision Action = "request_revision"
	ActionConfirm         Action = "confirm"
	ActionReserve         Action = "reserve"
	ActionMessage         Action = "message"
	ActionRate            Action = "rate"
	ActionReply           Action = "reply"
)

// Event actions that no party asks for: the submission and the auto-close job's.
const (
	actionSubmit    = "submit"
	actionAutoClose = "auto_close"
)

// Actions lists, in the order a screen shows them, every action the API offers.
var Actions = []Action{ActionQuote, ActionReject, ActionAccept, ActionDecline, ActionCancel, ActionStart,
	ActionDeliver, ActionRequestRevision, ActionConfirm, ActionReserve, ActionMessage, ActionRate, ActionReply}

// transition is one row of the table: who may take the action from which states, where it
// leads, and the notification the other side gets. Rows without a to state change no status.
type transition struct {
	action Action
	from   []models.ServiceRequestStatus
	to     models.ServiceRequestStatus
	side   Side
	kind   string
}

// closedStates are the states in which the thread is read-only.
var closedStates = []models.ServiceRequestStatus{models.RequestClosed, models.RequestRejected,
	models.RequestDeclined, models.RequestCancelled}

// machine is the one transition table of a service request (docs/services.md).
var machine = []transition{
	{ActionQuote, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestQuoted, SidePlatform, "service_quoted"},
	{ActionReject, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestRejected, SidePlatform, "service_rejected"},
	{ActionAccept, []models.ServiceRequestStatus{models.RequestQuoted}, models.RequestAccepted, SideSME, "service_accepted"},
	{ActionDecline, []models.ServiceRequestStatus{models.RequestQuoted}, models.RequestDeclined, SideSME, "service_declined"},
	{ActionCancel, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted, models.RequestAccepted}, models.RequestCancelled, SideSME, "service_cancelled"},
	{ActionStart, []models.ServiceRequestStatus{models.RequestAccepted}, models.RequestInProgress, SidePlatform, "service_started"},
	{ActionDeliver, []models.ServiceRequestStatus{models.RequestInProgress}, models.RequestDelivered, SidePlatform, "service_delivered"},
	{ActionRequestRevision, []models.ServiceRequestStatus{models.RequestDelivered}, models.RequestInProgress, SideSME, "service_revision"},
	{ActionConfirm, []models.ServiceRequestStatus{models.RequestDelivered}, models.RequestClosed, SideSME, "service_closed"},
	{ActionReserve, []models.ServiceRequestStatus{models.RequestAccepted, models.RequestInProgress}, "", SidePlatform, ""},
	{ActionRate, []models.ServiceRequestStatus{models.RequestDelivered, models.RequestClosed}, "", SideSME, "service_rated"},
	{ActionReply, nil, "", SidePlatform, ""},
}

// transitionFor finds the row of an action for a party on the side, from the status:
// ErrForbidden when the side may not take it, ErrInvalidTransition when the status allows no
// such move.
func transitionFor(a Action, side Side, status models.ServiceRequestStatus) (transition, error) {
	i := slices.IndexFunc(machine, func(t transition) bool { return t.action == a })
	if i < 0 {
		return transition{}, core.ErrForbidden
	}
	t := machine[i]
	if t.side != side {
		return t, core.ErrForbidden
	}
	if t.from != nil && !slices.Contains(t.from, status) {
		return t, invalidTransition(a, status)
	}
	return t, nil
}

// invalidTransition is the 409 of an action the status does not allow.
func invalidTransition(a Action, status models.ServiceRequestStatus) error {
	return core.ErrInvalidTransition.Say("services.invalid_transition", "status", string(status), "action", string(a))
}

// actionsFor lists what a party on the side may do to the request now, from the same table;
// rating is the request's rating, nil before one.
func actionsFor(side Side, r models.ServiceRequest, rating *models.ServiceRating) []Action {
	out := []Action{}
	for _, a := range Actions {
		if mayTake(a, side, r, rating) {
			out = append(out, a)
		}
	}
	return out
}

// mayTake adds to the table the conditions that are not states: the thread stays open until the
// request ends, a request is rated once, a rating replied to once.
func mayTake(a Action, side Side, r models.ServiceRequest, rating *models.ServiceRating) bool {
	switch a {
	case ActionMessage:
		return side != 0 && !slices.Contains(closedStates, r.Status)
	case ActionRate:
		if rating != nil {
			return false
		}
	case ActionReply:
		if rating == nil || rating.Reply != "" {
			return false
		}
	}
	_, err := transitionFor(a, side, r.Status)
	return err == nil
}
