package billing_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// shanghai is the zone the fixture's facilities and the default zone read in.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// local is a wall-clock time in Shanghai.
func local(month time.Month, day, hour, minute int) time.Time {
	return time.Date(2026, month, day, hour, minute, 0, 0, shanghai)
}

// world is a small city: a practice center, a training base and a tech platform of one
// consortium, and people of every price type.
type world struct {
	*apptest.Fixture
	practice, base, platform models.Facility
	other                    models.Facility // of another consortium
	room, odd, free          models.Resource // 60/120 yuan an hour; 0/123.45; free
	manager, otherManager    core.Actor
	internal, member, sme    core.Actor // of a member school, of another consortium's school, of an SME
	loner                    core.Actor // of no organization
	internalOrg, memberOrg   int64
	smeOrg                   int64
	smeColleague             core.Actor // another SME account of the same enterprise
	otherSME                 core.Actor // of another enterprise
}

func newWorld(t *testing.T, now time.Time) *world {
	t.Helper()
	w := &world{Fixture: apptest.NewFixture(t, now)}
	w.practice = w.Facility("Asia/Shanghai")
	w.other = w.Facility("")
	w.base = w.sibling(w.practice, models.KindTrainingBase)
	w.platform = w.sibling(w.practice, models.KindTechPlatform)
	w.room = w.Resource(w.practice.ID, func(r *models.Resource) {
		r.Capacity, r.RateInternalFen, r.RateExternalFen = 2, 6000, 12000
	})
	w.odd = w.Resource(w.practice.ID, func(r *models.Resource) { r.RateExternalFen = 12345 })
	w.free = w.Resource(w.practice.ID, nil)
	w.manager = w.User(models.RoleManager, w.practice.ID, w.base.ID, w.platform.ID)
	w.otherManager = w.User(models.RoleManager, w.other.ID)
	w.internalOrg = w.org(false, w.practice.ConsortiumID)
	w.memberOrg = w.org(false, w.other.ConsortiumID)
	w.smeOrg = w.org(true)
	w.internal = w.person(models.RoleStudent, &w.internalOrg)
	w.member = w.person(models.RoleTeacher, &w.memberOrg)
	w.sme = w.person(models.RoleSME, &w.smeOrg)
	w.smeColleague = w.person(models.RoleSME, &w.smeOrg)
	otherSMEOrg := w.org(true)
	w.otherSME = w.person(models.RoleSME, &otherSMEOrg)
	w.loner = w.person(models.RoleStudent, nil)
	return w
}

func (w *world) sibling(of models.Facility, kind string) models.Facility {
	f := of
	f.ID, f.Kind, f.Name = 0, kind, fmt.Sprintf("%s %s", of.Name, kind)
	w.Must(w.DB.W(w.Ctx).Create(&f).Error)
	return f
}

func (w *world) org(sme bool, consortia ...int64) int64 {
	now := w.Clock.Now()
	o := models.Organization{Name: fmt.Sprintf("单位 %d", now.UnixNano()), Kind: "enterprise", IsSME: sme, CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&o).Error)
	for _, c := range consortia {
		w.Must(w.DB.W(w.Ctx).Create(&models.ConsortiumMember{ConsortiumID: c, OrganizationID: o.ID, Role: "member"}).Error)
	}
	return o.ID
}

func (w *world) person(role string, org *int64) core.Actor {
	u := w.User(role)
	w.Must(w.DB.W(w.Ctx).Model(&models.User{}).Where("id = ?", u.UserID).Update("organization_id", org).Error)
	return w.ActorOf(u.UserID)
}

// booking inserts a booking of the status as it stands after its life (the billing reads the
// rows, not the engine's path to them); in and out are the check-in and check-out, if any.
func (w *world) booking(res models.Resource, who core.Actor, start, end time.Time, seats int, status models.BookingStatus, in, out *time.Time) models.Booking {
	now := w.Clock.Now()
	b := models.Booking{ResourceID: res.ID, UserID: who.UserID, StartAt: start.UTC(), EndAt: end.UTC(), Seats: seats,
		Purpose: "实验", PurposeCategory: "research", Status: status, CheckedInAt: utc(in), CheckedOutAt: utc(out),
		CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.CreateBooking(w.Ctx, &b))
	return b
}

func utc(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// session inserts a course session of the training base between start and end, and an
// enrolment of each status given for who, at the fee.
func (w *world) session(start, end time.Time, status models.SessionStatus, who core.Actor, fee int64, statuses ...models.EnrollmentStatus) []models.Enrollment {
	now := w.Clock.Now()
	c := models.Course{FacilityID: w.base.ID, Title: "数控加工", TitleEn: "CNC machining", Description: "", Level: "beginner",
		Hours: 8, Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&c).Error)
	s := models.CourseSession{CourseID: c.ID, InstructorID: w.manager.UserID, Seats: 10, StartAt: start.UTC(), EndAt: end.UTC(),
		EnrollOpensAt: start.Add(-720 * time.Hour).UTC(), EnrollClosesAt: start.UTC(), CancelDeadline: start.UTC(),
		Audience: models.AudienceOpen, Status: status, CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&s).Error)
	var out []models.Enrollment
	for i, st := range statuses {
		u := who
		if i > 0 {
			u = w.person(models.RoleSME, who.OrganizationID)
		}
		e := models.Enrollment{SessionID: s.ID, UserID: u.UserID, Status: st, FeeFen: fee, CreatedAt: now, UpdatedAt: now}
		w.Must(w.DB.W(w.Ctx).Create(&e).Error)
		out = append(out, e)
	}
	return out
}

// request inserts a service request of the SME at the platform in the status, with an
// accepted quote of the amount, closed at closed when given.
func (w *world) request(status models.ServiceRequestStatus, amount int64, closed *time.Time) models.ServiceRequest {
	now := w.Clock.Now()
	r := models.ServiceRequest{FacilityID: w.platform.ID, OrganizationID: w.smeOrg, RequesterID: w.sme.UserID, Title: "材料检测",
		Description: "拉伸试验", Quantity: 3, Status: status, SubmittedAt: now, ClosedAt: utc(closed), CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&r).Error)
	q := models.ServiceQuote{RequestID: r.ID, AmountFen: amount, DueDate: "2026-01-20", ValidUntil: now, Status: models.QuoteAccepted,
		CreatedBy: w.manager.UserID, CreatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&q).Error)
	w.Must(w.DB.W(w.Ctx).Model(&r).Update("quote_id", q.ID).Error)
	return r
}

// charge is the charge of a source, failing the test when there is none.
func (w *world) charge(kind models.ChargeKind, sourceID int64) models.Charge {
	w.T.Helper()
	var c models.Charge
	if err := w.DB.R(w.Ctx).Where("kind = ? AND source_id = ?", kind, sourceID).Take(&c).Error; err != nil {
		w.T.Fatalf("charge of %s %d: %v", kind, sourceID, err)
	}
	return c
}

// statement is the issued statement of the subject for the period, or nil.
func (w *world) statement(scope string, subject int64, period string) *models.BillingStatement {
	w.T.Helper()
	var s []models.BillingStatement
	w.Must(w.DB.R(w.Ctx).Where("scope = ? AND subject_id = ? AND period = ?", scope, subject, period).Find(&s).Error)
	if len(s) == 0 {
		return nil
	}
	return &s[0]
}

func at(t time.Time) *time.Time { return &t }
