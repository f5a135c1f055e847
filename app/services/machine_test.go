package services_test

import (
	"slices"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

// moves is the transition table as the tests expect it: action → from states, to state, and
// whether the platform (else the SME) takes it.
var moves = []struct {
	a        services.Action
	from     []models.ServiceRequestStatus
	to       models.ServiceRequestStatus
	platform bool
}{
	{services.ActionQuote, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestQuoted, true},
	{services.ActionReject, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted}, models.RequestRejected, true},
	{services.ActionAccept, []models.ServiceRequestStatus{models.RequestQuoted}, models.RequestAccepted, false},
	{services.ActionDecline, []models.ServiceRequestStatus{models.RequestQuoted}, models.RequestDeclined, false},
	{services.ActionCancel, []models.ServiceRequestStatus{models.RequestSubmitted, models.RequestQuoted, models.RequestAccepted}, models.RequestCancelled, false},
	{services.ActionStart, []models.ServiceRequestStatus{models.RequestAccepted}, models.RequestInProgress, true},
	{services.ActionDeliver, []models.ServiceRequestStatus{models.RequestInProgress}, models.RequestDelivered, true},
	{services.ActionRequestRevision, []models.ServiceRequestStatus{models.RequestDelivered}, models.RequestInProgress, false},
	{services.ActionConfirm, []models.ServiceRequestStatus{models.RequestDelivered}, models.RequestClosed, false},
}

// act takes an action on a request for the actor, with a note.
func (f *servicesFixture) act(ac core.Actor, id int64, a services.Action) (services.RequestDetail, error) {
	if a == services.ActionQuote {
		return f.App.Services.QuoteRequest(f.Ctx, ac, id, services.NewQuote{AmountFen: 1000,
			DueDate: f.Clock.Now().In(f.loc).AddDate(0, 0, 3).Format(time.DateOnly), ValidUntil: f.Clock.Now().Add(time.Hour)})
	}
	return f.App.Services.Transition(f.Ctx, ac, id, a, "说明")
}

// TestEveryMoveFromEveryState takes every action from every state: the allowed ones move and
// record one event, the others are 409 and change nothing; the other side is 403.
func TestEveryMoveFromEveryState(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	for _, st := range models.ServiceRequestStatuses {
		for _, m := range moves {
			t.Run(string(st)+"/"+string(m.a), func(t *testing.T) {
				r := f.inState(st)
				right, wrong := f.sme, f.manager
				if m.platform {
					right, wrong = f.manager, f.sme
				}
				events := f.eventCount(r.ID)
				_, err := f.act(wrong, r.ID, m.a)
				apptest.CheckErr(t, err, "forbidden")
				got, err := f.act(right, r.ID, m.a)
				if !slices.Contains(m.from, st) {
					apptest.CheckErr(t, err, "invalid_transition")
					if now, _ := f.DB.ServiceRequestByID(f.Ctx, r.ID); now.Status != st || f.eventCount(r.ID) != events {
						t.Fatalf("a refused move changed the request: %s, %d events, want %s, %d", now.Status, f.eventCount(r.ID), st, events)
					}
					return
				}
				if err != nil {
					t.Fatalf("got %v, want the move", err)
				}
				if got.Status != m.to || f.eventCount(r.ID) != events+1 {
					t.Fatalf("got %s with %d events, want %s with %d", got.Status, f.eventCount(r.ID), m.to, events+1)
				}
				if last := got.Events[len(got.Events)-1]; last.Action != string(m.a) || last.FromStatus != st || last.ToStatus != m.to ||
					last.ActorID == nil || *last.ActorID != right.UserID {
					t.Fatalf("got event %+v", last)
				}
			})
		}
	}
}

// TestStrangersSeeNothing: another SME's member, another platform's manager and a student get
// 404 on the request and on every action; they are told nothing exists.
func TestStrangersSeeNothing(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.inState(models.RequestDelivered)
	for name, ac := range map[string]core.Actor{"other SME": f.otherSME, "other manager": f.otherManager, "student": f.student} {
		t.Run(name, func(t *testing.T) {
			_, err := f.App.Services.Request(f.Ctx, ac, r.ID)
			apptest.CheckErr(t, err, "not_found")
			for _, m := range moves {
				_, err := f.act(ac, r.ID, m.a)
				apptest.CheckErr(t, err, "not_found")
			}
			_, err = f.App.Services.RateRequest(f.Ctx, ac, r.ID, 5, "")
			apptest.CheckErr(t, err, "not_found")
			_, err = f.App.Services.ReplyToRating(f.Ctx, ac, r.ID, "谢谢")
			apptest.CheckErr(t, err, "not_found")
			_, err = f.App.Services.ReserveEquipment(f.Ctx, ac, r.ID, services.Equipment{ResourceID: f.equipment.ID,
				StartAt: f.local(1, 9, 0), EndAt: f.local(1, 10, 0)})
			apptest.CheckErr(t, err, "not_found")
		})
	}
	// Every member of the requesting SME sees it and may act on it.
	if d, err := f.App.Services.Request(f.Ctx, f.colleague, r.ID); err != nil || !slices.Contains(d.Actions, services.ActionConfirm) {
		t.Fatalf("colleague: got %v %v, want the request with confirm", err, d.Actions)
	}
	list, _, err := f.App.Services.Requests(f.Ctx, f.otherManager, services.RequestFilter{}, core.NewPage(1, 20))
	if err != nil || len(list) != 0 {
		t.Fatalf("other manager's list: got %d, %v, want none", len(list), err)
	}
	if _, _, err := f.App.Services.Requests(f.Ctx, f.student, services.RequestFilter{}, core.NewPage(1, 20)); err == nil {
		t.Fatal("student's list: got no error, want 403")
	}
}
