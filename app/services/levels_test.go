package services_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

// TestServiceLevelsFollowTheStoredTimes moves the clock through a request and checks the figures
// counted in the platform's opening hours (Monday to Friday 08:00–22:00, Saturday 09:00–17:00),
// the flags and the jobs, which tell the managers once.
func TestServiceLevelsFollowTheStoredTimes(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.submit() // Monday 08:00; the offering's target is 8 working hours
	if want := f.local(0, 16, 0); !r.ResponseDueAt.Equal(want) {
		t.Fatalf("response due %v, want %v", r.ResponseDueAt, want)
	}
	f.Clock.Set(f.local(0, 17, 0))
	d, err := f.App.Services.Request(f.Ctx, f.manager, r.ID)
	f.Must(err)
	if !slices.Equal(d.Flags, []string{services.FlagResponseOverdue}) {
		t.Fatalf("flags %v, want response_overdue", d.Flags)
	}
	overdue, _, err := f.App.Services.Requests(f.Ctx, f.manager, services.RequestFilter{Overdue: true}, core.NewPage(1, 20))
	if err != nil || len(overdue) != 1 {
		t.Fatalf("overdue list: got %d, %v, want 1", len(overdue), err)
	}
	for i, want := range []int64{1, 0} {
		if n, err := f.App.Services.NotifyOverdue(f.Ctx); err != nil || n != want {
			t.Fatalf("overdue run %d: got %d, %v, want %d", i, n, err, want)
		}
	}
	if n := f.Count(&models.Notification{}, "user_id = ? AND kind = ?", f.manager.UserID, "service_response_overdue"); n != 1 {
		t.Fatalf("got %d overdue notifications, want 1", n)
	}

	f.Clock.Set(f.local(1, 9, 0)) // Tuesday 09:00: 14 hours on Monday and one on Tuesday
	d, err = f.App.Services.QuoteRequest(f.Ctx, f.manager, r.ID, services.NewQuote{AmountFen: 300000, DueDate: "2026-03-05",
		ValidUntil: f.local(2, 9, 0)})
	f.Must(err)
	if d.FirstResponseMinutes == nil || *d.FirstResponseMinutes != 900 || !d.QuotedAt.Equal(f.local(1, 9, 0)) || len(d.Flags) != 0 {
		t.Fatalf("first response %v minutes at %v, flags %v; want 900 at Tuesday 09:00, none", d.FirstResponseMinutes, d.FirstResponseAt, d.Flags)
	}
	f.Clock.Set(f.local(1, 10, 0))
	d, err = f.App.Services.QuoteRequest(f.Ctx, f.manager, r.ID, services.NewQuote{AmountFen: 250000, DueDate: "2026-03-05",
		ValidUntil: f.local(2, 9, 0)})
	f.Must(err)
	if *d.FirstResponseMinutes != 900 || len(d.Quotes) != 2 || d.Quotes[1].Status != models.QuoteSuperseded || d.Quote.AmountFen != 250000 {
		t.Fatalf("a revised quote: got %v minutes, quotes %+v", *d.FirstResponseMinutes, d.Quotes)
	}
	d, err = f.App.Services.Transition(f.Ctx, f.sme, r.ID, services.ActionAccept, "")
	f.Must(err)
	if want := time.Date(2026, 3, 6, 0, 0, 0, 0, f.loc); !d.DueAt.Equal(want) || d.Quote.Status != models.QuoteAccepted {
		t.Fatalf("due %v, quote %s; want %v, accepted", d.DueAt, d.Quote.Status, want)
	}
	_, err = f.App.Services.Transition(f.Ctx, f.manager, r.ID, services.ActionStart, "")
	f.Must(err)
	f.Clock.Set(f.local(2, 10, 0)) // Wednesday 10:00: 12 hours on Tuesday and two on Wednesday
	d, err = f.App.Services.Transition(f.Ctx, f.manager, r.ID, services.ActionDeliver, "报告见附件")
	f.Must(err)
	if d.TurnaroundMinutes == nil || *d.TurnaroundMinutes != 840 {
		t.Fatalf("turnaround %v, want 840", d.TurnaroundMinutes)
	}

	d, err = f.App.Services.RateRequest(f.Ctx, f.sme, r.ID, 2, "报告延迟")
	f.Must(err)
	// Five working days from Wednesday: Thursday, Friday, Saturday, Monday, Tuesday (Sunday is closed).
	if want := time.Date(2026, 3, 11, 0, 0, 0, 0, f.loc); d.Rating == nil || !d.Rating.ReplyDueAt.Equal(want) {
		t.Fatalf("reply due %v, want %v", d.Rating, want)
	}
	f.Clock.Set(time.Date(2026, 3, 11, 1, 0, 0, 0, f.loc))
	d, err = f.App.Services.Request(f.Ctx, f.manager, r.ID)
	f.Must(err)
	if !slices.Equal(d.Flags, []string{services.FlagReplyOverdue}) || !slices.Contains(d.Actions, services.ActionReply) {
		t.Fatalf("flags %v, actions %v; want reply_overdue and reply", d.Flags, d.Actions)
	}
	for i, want := range []int64{1, 0} {
		if n, err := f.App.Services.NotifyOverdue(f.Ctx); err != nil || n != want {
			t.Fatalf("reply overdue run %d: got %d, %v, want %d", i, n, err, want)
		}
	}

	f.Clock.Set(f.local(2, 10, 0).Add(services.AutoCloseAfter - time.Minute))
	if n, err := f.App.Services.AutoClose(f.Ctx); err != nil || n != 0 {
		t.Fatalf("auto-close before 14 days: got %d, %v", n, err)
	}
	f.Clock.Set(f.local(2, 10, 0).Add(services.AutoCloseAfter))
	for i, want := range []int64{1, 0} {
		if n, err := f.App.Services.AutoClose(f.Ctx); err != nil || n != want {
			t.Fatalf("auto-close run %d: got %d, %v, want %d", i, n, err, want)
		}
	}
	d, err = f.App.Services.Request(f.Ctx, f.sme, r.ID)
	f.Must(err)
	last := d.Events[len(d.Events)-1]
	if d.Status != models.RequestClosed || !d.AutoClosed || last.Action != "auto_close" || last.ActorID != nil {
		t.Fatalf("got %s auto %v, last event %+v; want closed by the system", d.Status, d.AutoClosed, last)
	}
}

// TestOneMoveWinsARace: many SME members accept and decline the same quoted request at once
// (both moves leave only from quoted, so no order makes two of them legal); exactly one wins,
// the others are 409, and one event records the move.
func TestOneMoveWinsARace(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.inState(models.RequestQuoted)
	events := f.eventCount(r.ID)
	const n = 12
	errs := make([]error, n)
	got := make([]services.RequestDetail, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := services.ActionAccept
			if i%2 == 1 {
				a = services.ActionDecline
			}
			by := f.sme
			if i%3 == 0 {
				by = f.colleague
			}
			got[i], errs[i] = f.App.Services.Transition(f.Ctx, by, r.ID, a, "")
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		if err == nil {
			won++
			want := map[bool]models.ServiceRequestStatus{true: models.RequestAccepted, false: models.RequestDeclined}[i%2 == 0]
			if got[i].Status != want {
				t.Errorf("winner %d left the request %s, want %s", i, got[i].Status, want)
			}
			continue
		}
		apptest.CheckErr(t, err, "invalid_transition")
	}
	if moved := f.eventCount(r.ID) - events; won != 1 || moved != 1 {
		t.Fatalf("got %d winners and %d events, want 1 and 1", won, moved)
	}
}

// TestDueOverdue flags accepted work past its due date and tells the managers once.
func TestDueOverdue(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.inState(models.RequestInProgress) // due at the end of the local day a week on
	f.Clock.Set(r.DueAt.Add(time.Minute))
	d, err := f.App.Services.Request(f.Ctx, f.manager, r.ID)
	f.Must(err)
	if !slices.Equal(d.Flags, []string{services.FlagDueOverdue}) {
		t.Fatalf("flags %v, want due_overdue", d.Flags)
	}
	for i, want := range []int64{1, 0} {
		if n, err := f.App.Services.NotifyOverdue(f.Ctx); err != nil || n != want {
			t.Fatalf("run %d: got %d, %v, want %d", i, n, err, want)
		}
	}
}

// TestMovesTellTheOtherSide: a quote reaches every SME account of the organization in the app
// and by e-mail, not a member of another role (who cannot open the request) nor the manager who
// made it; the SME's acceptance reaches the platform's managers.
func TestMovesTellTheOtherSide(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	staff := f.User(models.RoleInstructor)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, staff.UserID, map[string]any{"organization_id": f.sme.OrganizationID}))
	r := f.inState(models.RequestQuoted)
	count := func(userID int64, kind string) (int64, int64) {
		return f.Count(&models.Notification{}, "user_id = ? AND kind = ?", userID, kind), f.Count(&models.Email{}, "user_id = ? AND kind = ?", userID, kind)
	}
	for _, ac := range []int64{f.sme.UserID, f.colleague.UserID} {
		if n, e := count(ac, "service_quoted"); n != 1 || e != 1 {
			t.Errorf("user %d: got %d notifications and %d e-mails of the quote, want 1 and 1", ac, n, e)
		}
	}
	if n, _ := count(f.manager.UserID, "service_quoted"); n != 0 {
		t.Errorf("the quoting manager got %d notifications of it", n)
	}
	if n, _ := count(staff.UserID, "service_quoted"); n != 0 {
		t.Errorf("the organization's instructor got %d notifications of a request they cannot open", n)
	}
	_, err := f.App.Services.Transition(f.Ctx, f.sme, r.ID, services.ActionAccept, "")
	f.Must(err)
	if n, e := count(f.manager.UserID, "service_accepted"); n != 1 || e != 1 {
		t.Errorf("manager: got %d notifications and %d e-mails of the acceptance, want 1 and 1", n, e)
	}
	if n, _ := count(f.colleague.UserID, "service_accepted"); n != 0 {
		t.Errorf("the SME's colleague got %d notifications of its own side's move", n)
	}
}
