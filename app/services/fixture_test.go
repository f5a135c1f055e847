package services_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

// servicesFixture is an App on a fresh database with a tech platform in Asia/Shanghai (open
// WeekdayHours), a piece of its equipment and an offering of it, a manager of it, a verified SME
// with two members, and the strangers: another SME's member, another platform's manager and a
// student. The clock starts on Monday 2026-03-02 08:00 local.
type servicesFixture struct {
	*apptest.Fixture
	loc                             *time.Location
	platform                        models.Facility
	equipment                       models.Resource
	offering                        services.OfferingDetail
	manager, sme, colleague         core.Actor
	otherSME, otherManager, student core.Actor
	unverifiedSME                   core.Actor
}

func newServicesFixture(t testing.TB) *servicesFixture {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	f := &servicesFixture{loc: loc, Fixture: apptest.NewFixture(t, time.Date(2026, 3, 2, 8, 0, 0, 0, loc))}
	f.platform = f.techPlatform()
	f.equipment = f.Resource(f.platform.ID, nil)
	f.manager = f.User(models.RoleManager, f.platform.ID)
	other := f.techPlatform()
	f.otherManager = f.User(models.RoleManager, other.ID)
	org := f.organization(true)
	f.sme, f.colleague = f.member(org), f.member(org)
	f.otherSME = f.member(f.organization(true))
	f.unverifiedSME = f.member(f.organization(false))
	f.student = f.User(models.RoleStudent)
	f.offering, err = f.App.Services.CreateOffering(f.Ctx, f.manager, services.OfferingInput{FacilityID: f.platform.ID,
		Name: "材料拉伸试验", NameEn: "Tensile testing", PriceBasis: models.PricePerSample, PriceFen: 30000, TurnaroundDays: 5,
		FirstResponseHours: 8, Active: true, ResourceIDs: []int64{f.equipment.ID}})
	f.Must(err)
	return f
}

func (f *servicesFixture) techPlatform() models.Facility {
	fac := f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, fac.ID, map[string]any{"kind": models.KindTechPlatform}))
	fac.Kind = models.KindTechPlatform
	return fac
}

var orgSeq int

func (f *servicesFixture) organization(verified bool) models.Organization {
	orgSeq++
	now := f.Clock.Now()
	o := models.Organization{Name: fmt.Sprintf("企业 %d-%d", orgSeq, now.UnixNano()), Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	if verified {
		o.VerifiedAt = &now
	}
	f.Must(f.DB.Insert(f.Ctx, &o))
	return o
}

func (f *servicesFixture) member(o models.Organization) core.Actor {
	ac := f.User(models.RoleSME)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, ac.UserID, map[string]any{"organization_id": o.ID}))
	return f.ActorOf(ac.UserID)
}

// local is a wall-clock time at the platform, days after Monday 2026-03-02.
func (f *servicesFixture) local(day, h, m int) time.Time {
	return time.Date(2026, 3, 2+day, h, m, 0, 0, f.loc)
}

// submit makes a request for the offering as the SME.
func (f *servicesFixture) submit() services.RequestDetail {
	f.T.Helper()
	d, err := f.App.Services.SubmitRequest(f.Ctx, f.sme, services.NewRequest{OfferingID: &f.offering.ID, Title: "拉伸试验 10 件",
		Description: "铝合金试样", Quantity: 10, ContactName: "王工", ContactPhone: "13800000000", ContactEmail: "wang@example.cn"})
	f.Must(err)
	return d
}

// quote quotes the request as the manager, due in a week, valid for three days.
func (f *servicesFixture) quote(id int64, amount int64) services.RequestDetail {
	f.T.Helper()
	d, err := f.App.Services.QuoteRequest(f.Ctx, f.manager, id, services.NewQuote{AmountFen: amount,
		DueDate: f.Clock.Now().In(f.loc).AddDate(0, 0, 7).Format(time.DateOnly), ValidUntil: f.Clock.Now().Add(72 * time.Hour)})
	f.Must(err)
	return d
}

// inState brings a new request to the status through the table's moves.
func (f *servicesFixture) inState(st models.ServiceRequestStatus) services.RequestDetail {
	f.T.Helper()
	d := f.submit()
	path := map[models.ServiceRequestStatus][]struct {
		by core.Actor
		a  services.Action
	}{
		models.RequestSubmitted:  nil,
		models.RequestQuoted:     {{f.manager, services.ActionQuote}},
		models.RequestAccepted:   {{f.manager, services.ActionQuote}, {f.sme, services.ActionAccept}},
		models.RequestInProgress: {{f.manager, services.ActionQuote}, {f.sme, services.ActionAccept}, {f.manager, services.ActionStart}},
		models.RequestDelivered: {{f.manager, services.ActionQuote}, {f.sme, services.ActionAccept}, {f.manager, services.ActionStart},
			{f.manager, services.ActionDeliver}},
		models.RequestClosed: {{f.manager, services.ActionQuote}, {f.sme, services.ActionAccept}, {f.manager, services.ActionStart},
			{f.manager, services.ActionDeliver}, {f.sme, services.ActionConfirm}},
		models.RequestRejected:  {{f.manager, services.ActionReject}},
		models.RequestDeclined:  {{f.manager, services.ActionQuote}, {f.sme, services.ActionDecline}},
		models.RequestCancelled: {{f.sme, services.ActionCancel}},
	}
	for _, s := range path[st] {
		var err error
		if s.a == services.ActionQuote {
			d = f.quote(d.ID, 50000)
			continue
		}
		d, err = f.App.Services.Transition(f.Ctx, s.by, d.ID, s.a, "说明")
		f.Must(err)
	}
	if d.Status != st {
		f.T.Fatalf("got status %s, want %s", d.Status, st)
	}
	return d
}

// eventCount is how many events the request has.
func (f *servicesFixture) eventCount(id int64) int64 {
	return f.Count(&models.ServiceRequestEvent{}, "request_id = ?", id)
}
