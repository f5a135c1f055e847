package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/app/governance"
	"cqshare/app/services"
	"cqshare/app/talent"
	"cqshare/app/training"
	"cqshare/models"
)

// The actors of the authorization matrix. Every "own" object of the fixture belongs to student,
// sme (organization 1), teacher (the recurring booking) or instructor (the session), and lives
// in facility A's consortium; B is another consortium's facility.
const (
	anon        = "anonymous"
	student     = "student"
	student2    = "student2"
	teacher     = "teacher"
	instructor  = "instructor"  // teaches the session
	instructor2 = "instructor2" // teaches none of the fixture's sessions
	sme         = "sme"
	sme2        = "sme2" // of another organization
	managerA    = "manager_a"
	managerB    = "manager_b"
	conAdminA   = "consortium_admin_a" // administers facility A's consortium
	conAdminB   = "consortium_admin_b" // administers facility B's
	admin       = "admin"
)

// matrixActors is the order every route is tried in (refused ones first, see runMatrixRoute).
var matrixActors = []string{anon, student, student2, teacher, instructor, instructor2, sme, sme2, managerA, managerB,
	conAdminA, conAdminB, admin}

var (
	signedIn = []string{student, student2, teacher, instructor, instructor2, sme, sme2, managerA, managerB, conAdminA, conAdminB, admin}
	public   = append([]string{anon}, signedIn...)
	managers = []string{managerA, managerB, admin} // pass the role gate; the service decides the scope
	admins   = []string{admin}
	nobody   = []string{}
)

// withConsortiumAdmins adds to the actors allowed a route the administrators of the consortia
// whose manager is allowed: a consortium administrator may do what their facilities' managers may.
func withConsortiumAdmins(allowed []string) []string {
	out := slices.Clone(allowed)
	for manager, conAdmin := range map[string]string{managerA: conAdminA, managerB: conAdminB} {
		if slices.Contains(allowed, manager) && !slices.Contains(allowed, conAdmin) {
			out = append(out, conAdmin)
		}
	}
	return out
}

func who(actors ...string) []string { return actors }

// authzFixture is a small world of objects owned by the matrix's actors.
type authzFixture struct {
	*bookingAPI
	ctx    context.Context
	tokens map[string]string
	actors map[string]core.Actor
	emails map[string]string

	conA, conB, conDel               int64
	facA, platA, baseA, facB, facDel int64
	org1, org2                       int64
	cluster                          int64
	resA, resApproval                int64
	booking, bookingCancel, hold     int64
	pendingApprove, pendingReject    int64
	recurrence, recurrenceCancel     int64
	watch, notification, deviceToken int64
	blackout                         int64
	qualification                    int64
	course, session, sessionCancel   int64
	meeting                          int64
	enrollment, enrollmentCancel     int64
	certificate                      int64
	certificateCode, feed            string
	offering                         int64
	statement, charge                int64
	attachment                       int64
	pendingUser, pendingUserReject   int64
	leaver                           int64            // a person who asks for their account's anonymisation
	requests                         map[string]int64 // service requests of org 1 at platform A, by the state they were walked to
	studentOf, teacherOf, smeUser    int64
	ssoProvider, ssoProviderDel      int64    // campus sign-on providers (CAS) of organization 1
	seat, seatDel                    int64    // seats of consortium A's secretariat
	talentNeed, talentNeedClose      int64    // organization 1's openings on the talent board
	talentOffer, talentOfferClose    int64    // offers of training base A (manager A's)
	talentApps                       [4]int64 // student's applications to four more of organization 1's openings
	importRun                        int64    // a check of a resources file for facility A by its manager
}

func newAuthzFixture(t *testing.T) *authzFixture {
	t.Helper()
	b := newBookingAPI(t)
	f := &authzFixture{bookingAPI: b, ctx: context.Background(), tokens: map[string]string{}, actors: map[string]core.Actor{},
		emails: map[string]string{}, requests: map[string]int64{}}
	now := b.clock.Now().UTC()
	f.facA, f.conA = b.fac.ID, b.fac.ConsortiumID
	facility := func(consortium int64, kind, name string) int64 {
		fac := models.Facility{ConsortiumID: consortium, Kind: kind, Name: name, TimeZone: "Asia/Shanghai",
			OpeningHours: b.fac.OpeningHours, DefaultRules: b.fac.DefaultRules, CreatedAt: now, UpdatedAt: now}
		b.create(&fac)
		return fac.ID
	}
	f.platA = facility(f.conA, models.KindTechPlatform, "检测平台 A")
	f.baseA = facility(f.conA, models.KindTrainingBase, "培训基地 A")
	f.facDel = facility(f.conA, models.KindPracticeCenter, "待撤销的中心")
	f.facB = b.facility().ID
	facB, err := b.db.FacilityByID(f.ctx, f.facB)
	f.must(err)
	f.conB = facB.ConsortiumID
	conDel := models.Consortium{Name: "待撤销的联合体", Level: models.LevelParkLed, CreatedAt: now, UpdatedAt: now}
	b.create(&conDel)
	f.conDel = conDel.ID
	for i, id := range []*int64{&f.org1, &f.org2} {
		code := fmt.Sprintf("91500000MA5A%06d", i)
		org := models.Organization{Name: fmt.Sprintf("企业 %d", i+1), Kind: "enterprise", CreditCode: &code, IsSME: true,
			VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
		b.create(&org)
		*id = org.ID
	}
	cluster := models.IndustryCluster{Code: "authz-cluster", Name: "测试产业集群", Tier: "trillion"}
	b.create(&cluster)
	f.cluster = cluster.ID

	people := []struct {
		name, role string
		org        *int64
		managed    []int64
		consortium *int64
	}{
		{student, models.RoleStudent, nil, nil, nil},
		{student2, models.RoleStudent, nil, nil, nil},
		{teacher, models.RoleTeacher, nil, nil, nil},
		{instructor, models.RoleInstructor, nil, nil, nil},
		{instructor2, models.RoleInstructor, nil, nil, nil},
		{sme, models.RoleSME, &f.org1, nil, nil},
		{sme2, models.RoleSME, &f.org2, nil, nil},
		{managerA, models.RoleManager, nil, []int64{f.facA, f.platA, f.baseA}, nil},
		{managerB, models.RoleManager, nil, []int64{f.facB}, nil},
		{conAdminA, models.RoleConsortiumAdmin, nil, nil, &f.conA},
		{conAdminB, models.RoleConsortiumAdmin, nil, nil, &f.conB},
		{admin, models.RoleAdmin, nil, nil, nil},
	}
	for _, p := range people {
		email := strings.ReplaceAll(p.name, "_", "-") + "@authz.test"
		_, err := b.app.Accounts.CreateUser(f.ctx, core.System, accounts.NewUser{Email: email, Password: "test-pass-2026",
			Name: p.name, Role: p.role, OrganizationID: p.org, ManagedFacilityIDs: p.managed, AdminConsortiumID: p.consortium})
		f.must(err)
		f.emails[p.name] = email
		f.tokens[p.name] = f.login(p.name)
	}
	f.studentOf, f.teacherOf, f.smeUser = f.actors[student].UserID, f.actors[teacher].UserID, f.actors[sme].UserID
	for i, id := range []*int64{&f.pendingUser, &f.pendingUserReject} {
		u := models.User{Email: fmt.Sprintf("pending-%d@authz.test", i), PasswordHash: "x", Name: "待审核", Role: models.RoleTeacher,
			Pending: true, CreatedAt: now, UpdatedAt: now}
		f.must(b.db.CreateUser(f.ctx, &u))
		*id = u.ID
	}
	leaver := models.User{Email: "leaver@authz.test", PasswordHash: "x", Name: "离开的人", Role: models.RoleStudent, Active: true,
		CreatedAt: now, UpdatedAt: now}
	f.must(b.db.CreateUser(f.ctx, &leaver))
	f.leaver = leaver.ID

	// Equipment of facility A and the bookings on it.
	f.resA = b.resource("数控车床 A", nil).ID
	f.resApproval = b.resource("电镜 A", func(r *models.Resource) { r.Rules.RequiresApproval = true }).ID
	book := func(who string, res int64, day int, start, end string) int64 {
		bk, err := b.app.Booking.CreateBooking(f.ctx, f.actors[who], f.reservation(res, day, start, end))
		f.must(err)
		return bk.ID
	}
	f.booking = book(student, f.resA, 1, "09:00", "10:00")
	f.bookingCancel = book(student, f.resA, 1, "10:00", "11:00")
	f.pendingApprove = book(student, f.resApproval, 1, "09:00", "10:00")
	f.pendingReject = book(student, f.resApproval, 1, "10:00", "11:00")
	book(teacher, f.resA, 4, "09:00", "10:00") // the slot student watches
	for _, id := range []*int64{&f.recurrence, &f.recurrenceCancel} {
		day := 2
		if id == &f.recurrenceCancel {
			day = 3
		}
		rr, err := b.app.Booking.CreateRecurringBooking(f.ctx, f.actors[teacher], booking.RecurringInput{
			Reservation: f.reservation(f.resA, day, "14:00", "15:00"), Interval: 1, Count: 2, Mode: booking.RecurrenceAllOrNothing})
		f.must(err)
		*id = rr.Recurrence.ID
	}
	w, err := b.app.Booking.WatchSlot(f.ctx, f.actors[student], f.reservation(f.resA, 4, "09:00", "10:00"))
	f.must(err)
	f.watch = w.ID
	expires := now.Add(30 * time.Minute)
	held := models.Booking{ResourceID: f.resA, UserID: f.studentOf, StartAt: f.time(5, "09:00"), EndAt: f.time(5, "10:00"), Seats: 1,
		Purpose: "数控加工实训", PurposeCategory: "training", Status: models.BookingHeld, HoldExpiresAt: &expires, CreatedAt: now, UpdatedAt: now}
	b.create(&held)
	f.hold = held.ID
	note := models.Notification{UserID: f.studentOf, Kind: "booking_confirmed", Title: "预约已确认", Body: "数控车床 A",
		Data: models.JSONColumn[map[string]any]{V: map[string]any{}}, CreatedAt: now}
	b.create(&note)
	f.notification = note.ID
	tok, _, err := b.app.Booking.IssueDeviceToken(f.ctx, f.actors[managerA], f.resA, "工时计")
	f.must(err)
	f.deviceToken = tok.ID
	bo := models.Blackout{FacilityID: f.facA, Kind: models.BlackoutClosure, StartAt: f.time(10, "00:00"), EndAt: f.time(11, "00:00"),
		Reason: "设备检修", CreatedAt: now}
	b.create(&bo)
	f.blackout = bo.ID
	q := models.Qualification{Code: "authz-lathe", Name: "车床操作资格", ValidMonths: 12, OwnerFacilityID: &f.facA}
	b.create(&q)
	f.qualification = q.ID
	b.create(&models.UserQualification{UserID: f.studentOf, QualificationID: q.ID, GrantedAt: now, Source: "manual"})
	feed, err := b.app.Booking.RotateCalendarToken(f.ctx, f.actors[student], "http://localhost")
	f.must(err)
	f.feed = feed[strings.LastIndex(feed, "/")+1:]

	// A course of training base A: a session of the instructor with student enrolled, one to cancel.
	room := b.resource("多媒体教室 A", func(r *models.Resource) { r.FacilityID, r.Category, r.Capacity = f.baseA, "room", 40 }).ID
	c, err := b.app.Training.CreateCourse(f.ctx, f.actors[managerA], training.NewCourse{FacilityID: f.baseA, Title: "数控车床操作",
		Level: "beginner", Hours: 8, GivesCertificate: true, Status: models.CoursePublished})
	f.must(err)
	f.course = c.ID
	session := func(day int) training.SessionView {
		sv, err := b.app.Training.CreateSession(f.ctx, f.actors[managerA], training.NewSession{CourseID: c.ID,
			InstructorID: f.actors[instructor].UserID, Seats: 10, RoomResourceID: &room, Audience: models.AudienceOpen,
			Meetings: []training.Meeting{{StartAt: f.time(day, "09:00"), EndAt: f.time(day, "12:00")}}})
		f.must(err)
		return sv
	}
	sv := session(6)
	f.session, f.meeting = sv.ID, sv.Meetings[0].ID
	f.sessionCancel = session(7).ID
	other := session(8).ID
	enrol := func(sessionID int64) int64 {
		e, err := b.app.Training.Enroll(f.ctx, f.actors[student], sessionID, f.studentOf)
		f.must(err)
		return e.ID
	}
	f.enrollment, f.enrollmentCancel = enrol(f.session), enrol(other)
	cert := models.Certificate{EnrollmentID: f.enrollment, UserID: f.studentOf, Code: "AZ2026CERT0001", IssuedAt: now}
	b.create(&cert)
	f.certificate, f.certificateCode = cert.ID, cert.Code

	// Platform A's offering and organization 1's requests to it, one walked to each state a
	// transition starts from.
	off := models.ServiceOffering{FacilityID: f.platA, Name: "拉伸试验", PriceBasis: models.PriceByQuote, TurnaroundDays: 5,
		FirstResponseHours: 8, Active: true, CreatedAt: now, UpdatedAt: now}
	b.create(&off)
	f.offering = off.ID
	walk := []struct {
		state string
		step  func(id int64) error
	}{
		{"submitted", nil},
		{"quoted", func(id int64) error {
			_, err := b.app.Services.QuoteRequest(f.ctx, f.actors[managerA], id, services.NewQuote{AmountFen: 80000,
				DueDate: "2026-03-20", ValidUntil: now.Add(7 * 24 * time.Hour)})
			return err
		}},
		{"accepted", f.transition(sme, services.ActionAccept)},
		{"in_progress", f.transition(managerA, services.ActionStart)},
		{"delivered", f.transition(managerA, services.ActionDeliver)},
		{"rated", func(id int64) error {
			_, err := b.app.Services.RateRequest(f.ctx, f.actors[sme], id, 5, "服务很好")
			return err
		}},
	}
	for i, stop := range walk {
		for _, name := range []string{stop.state, stop.state + "#2"} {
			r, err := b.app.Services.SubmitRequest(f.ctx, f.actors[sme], services.NewRequest{OfferingID: &f.offering,
				Title: "拉伸试验 " + name, Description: "十个试样", Quantity: 10})
			f.must(err)
			for _, s := range walk[1 : i+1] {
				f.must(s.step(r.ID))
			}
			f.requests[name] = r.ID
		}
	}
	pdf := []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
	att, err := b.app.Services.UploadAttachments(f.ctx, f.actors[sme], f.requests["submitted"], models.AttachmentRequest,
		[]services.Upload{{Name: "图纸.pdf", Size: int64(len(pdf)), Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(pdf)), nil }}})
	f.must(err)
	f.attachment = att[0].ID
	f.must(b.app.RegisterJobs(app.JobSpec{Name: "authz_noop", Schedule: "@every 1h",
		Next: func(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) },
		Run:  func(context.Context) (int64, error) { return 0, nil }}))
	st := models.BillingStatement{Scope: models.ScopeFacility, SubjectID: f.facA, Period: "2026-02", Status: models.StatementIssued,
		LineCount: 1, TotalFen: 80000, ExternalFen: 80000, IssuedAt: now}
	b.create(&st)
	f.statement = st.ID
	srID := f.requests["rated"]
	ch := models.Charge{Kind: models.ChargeService, SourceID: &srID, FacilityID: f.platA, OrganizationID: &f.org1, UserID: &f.smeUser,
		PriceType: models.PriceExternal, IncomeType: models.IncomeExternal, Quantity: 1, Unit: models.UnitItem, UnitFen: 80000,
		AmountFen: 80000, Description: "拉伸试验", OccurredAt: now, Period: "2026-03", CreatedAt: now}
	b.create(&ch)
	f.charge = ch.ID
	for _, id := range []*int64{&f.ssoProvider, &f.ssoProviderDel} {
		p, err := b.app.Accounts.CreateSSOProvider(f.ctx, core.System, accounts.SSOProviderInput{OrganizationID: f.org1,
			Kind: models.SSOKindCAS, Name: "统一身份认证", BaseURL: "https://cas.authz.test/cas", MatchBy: models.SSOMatchEmail, Enabled: true})
		f.must(err)
		*id = p.ID
	}
	for _, id := range []*int64{&f.seat, &f.seatDel} {
		seat, err := b.app.Governance.AddSeat(f.ctx, core.System, f.conA, governance.SeatInput{Body: models.BodySecretariat,
			Position: "staff", PersonName: "秘书处干事", TermStart: "2026-01-01"})
		f.must(err)
		*id = seat.ID
	}
	talentNeed := func() int64 {
		n, err := b.app.Talent.CreateNeed(f.ctx, f.actors[sme], talent.NeedInput{Kind: models.NeedPosition, Title: "设备运维工程师",
			ClusterID: f.cluster, Headcount: 2, Skills: []string{"数控"}})
		f.must(err)
		return n.ID
	}
	f.talentNeed, f.talentNeedClose = talentNeed(), talentNeed()
	for _, id := range []*int64{&f.talentOffer, &f.talentOfferClose} {
		o, err := b.app.Talent.CreateOffer(f.ctx, f.actors[managerA], talent.OfferInput{Kind: models.OfferCohort, FacilityID: &f.baseA,
			Title: "数控培训班", ClusterID: f.cluster, Headcount: 20})
		f.must(err)
		*id = o.ID
	}
	for i := range f.talentApps {
		a, err := b.app.Talent.Apply(f.ctx, f.actors[student], talentNeed(), talent.ApplyInput{Share: talent.Share{Name: true}})
		f.must(err)
		f.talentApps[i] = a.ID
	}
	run := models.ImportRun{Kind: models.ImportResources, ActorID: new(f.actors[managerA].UserID), FacilityID: new(f.facA),
		FileName: "仪器.xlsx", FileSHA256: strings.Repeat("0", 64), RowsTotal: 1, CheckedAt: now}
	b.create(&run)
	f.importRun = run.ID
	return f
}

func (f *authzFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// login opens a new session of an actor and returns its token.
func (f *authzFixture) login(name string) string {
	f.t.Helper()
	l, err := f.app.Accounts.LoginWithPassword(f.ctx, f.emails[name], "test-pass-2026", "192.0.2.1", "authz-test")
	f.must(err)
	f.actors[name] = l.Actor
	return l.Token
}

// time is a facility-local time, days after Monday 2026-03-02.
func (f *authzFixture) time(day int, hhmm string) time.Time {
	t, err := time.Parse(time.RFC3339, f.at(day, hhmm))
	f.must(err)
	return t.UTC()
}

func (f *authzFixture) reservation(res int64, day int, start, end string) booking.Reservation {
	return booking.Reservation{ResourceID: res, StartAt: f.time(day, start), EndAt: f.time(day, end), Purpose: "数控加工实训",
		PurposeCategory: "training"}
}

func (f *authzFixture) transition(who string, a services.Action) func(int64) error {
	return func(id int64) error {
		_, err := f.app.Services.Transition(f.ctx, f.actors[who], id, a, "按约定推进")
		return err
	}
}

// fingerprint is the content of the tables a request may change: a refused request must leave
// it as it was. Sessions (their last use) are left out.
func (f *authzFixture) fingerprint() string {
	f.t.Helper()
	var out strings.Builder
	for _, table := range authzTables {
		var rows []map[string]any
		f.must(f.db.R(f.ctx).Table(table).Find(&rows).Error)
		lines := make([]string, 0, len(rows))
		for _, r := range rows {
			b, err := json.Marshal(r)
			f.must(err)
			lines = append(lines, string(b))
		}
		sort.Strings(lines)
		fmt.Fprintf(&out, "%s:%s\n", table, strings.Join(lines, "\n"))
	}
	return out.String()
}

var authzTables = []string{"attendance_marks", "audit_logs", "billing_statements", "blackouts", "booking_claims", "bookings",
	"calendar_feeds", "certificates", "charges", "consortia", "consortium_clusters", "consortium_members", "course_sessions",
	"courses", "credit_events", "device_tokens", "email_outbox", "enrollments", "facilities", "facility_managers",
	"industry_clusters", "league_weights", "notification_settings", "notifications", "organizations", "qualifications",
	"recurrences", "resources", "service_attachments", "service_message_reads", "service_messages", "service_offerings",
	"service_quotes", "service_ratings", "service_request_events", "service_requests", "session_meetings", "slot_watches",
	"usage_records", "user_qualifications", "users",
	"sso_providers",
	"governance_seats", "consortium_charters", "consortium_goals",
	"talent_applications", "talent_need_skills", "talent_needs", "talent_offer_skills", "talent_offers",
	"import_runs"}

// authzRoute is one row of the matrix: a route, the objects its path parameters name (in order),
// and the actors allowed to use it on those objects. Writes send body ("{}" when nil, marked as
// bad input: the route may require fields).
type authzRoute struct {
	method, route string
	args          []any
	allowed       []string
	body          any
	// once marks a route that changes its object for good (a delete, a cancel): the first
	// allowed actor must succeed, later ones may find it gone or changed (404, 409, 422).
	once bool
	// freshSession logs each actor in anew for the request (logout ends the session it uses).
	freshSession bool
	query        string            // appended to the path
	form         map[string]string // sent as a multipart form with these fields and one file, not JSON
	// ownCredential marks a route that does not take the session: whoever is refused gets 401,
	// 403 or 404, signed in or not.
	ownCredential bool
	// bodyNamesScope marks a row whose body, not its path, says whose object it acts on: the
	// refused actors are not also tried with an empty body.
	bodyNamesScope bool
}

// path is the route with its parameters filled in.
func (r authzRoute) path() string {
	i := 0
	p := pathParam.ReplaceAllStringFunc(r.route, func(string) string {
		v := r.args[i]
		i++
		return url.PathEscape(fmt.Sprint(v))
	})
	if r.query != "" {
		p += "?" + r.query
	}
	return p
}

// TestAuthorizationMatrix tries every route of the API as every kind of actor, on objects that
// belong to one of them: an actor the row does not allow is refused (401 without a token, else 403
// or 404) and changes nothing; an allowed one is not.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	f := newAuthzFixture(t)
	t.Run("lists show only what the actor may see", func(t *testing.T) { checkListScopes(t, f) })
	t.Run("no one raises their own role or scope", func(t *testing.T) { checkNoSelfPromotion(t, f) })
	t.Run("bodies cannot reach into another facility", func(t *testing.T) { checkBodyScopes(t, f) })

	const v = "/api/v1"
	sr := f.requests
	note := map[string]any{"note": "按约定推进"}
	quote := map[string]any{"amount_fen": 90000, "due_date": "2026-03-25", "valid_until": "2026-03-09T00:00:00+08:00"}
	table := []authzRoute{
		{method: "GET", route: "/healthz", allowed: public},
		{method: "GET", route: "/readyz", allowed: public},
		// Served to this machine only (or on a listener of its own): a client elsewhere is refused, signed in or not.
		{method: "GET", route: "/metrics", allowed: nobody, ownCredential: true},
		{method: "GET", route: "/api/openapi.json", allowed: public},
		{method: "GET", route: "/api/docs", allowed: public},
		{method: "GET", route: v + "/settings", allowed: public},
		{method: "POST", route: v + "/auth/register", allowed: public},
		{method: "POST", route: v + "/auth/login", allowed: public},
		{method: "POST", route: v + "/auth/logout", allowed: signedIn, freshSession: true},
		{method: "GET", route: v + "/me", allowed: signedIn},
		{method: "POST", route: v + "/me/password", allowed: signedIn},
		{method: "GET", route: v + "/me/personal-data", allowed: signedIn},

		// Catalog: anyone signed in reads it; admins write consortia, organizations, facilities;
		// managers write within the facilities they manage.
		{method: "GET", route: v + "/clusters", allowed: signedIn},
		{method: "POST", route: v + "/clusters", allowed: admins},
		{method: "PATCH", route: v + "/clusters/:id", args: []any{f.cluster}, allowed: admins},
		{method: "GET", route: v + "/organizations", allowed: signedIn},
		{method: "POST", route: v + "/organizations", allowed: admins},
		{method: "GET", route: v + "/organizations/:id", args: []any{f.org1}, allowed: signedIn},
		{method: "PATCH", route: v + "/organizations/:id", args: []any{f.org1}, allowed: admins},
		{method: "GET", route: v + "/consortia", allowed: signedIn},
		{method: "POST", route: v + "/consortia", allowed: admins},
		{method: "GET", route: v + "/consortia/:id", args: []any{f.conA}, allowed: signedIn},
		{method: "PATCH", route: v + "/consortia/:id", args: []any{f.conA}, allowed: who(conAdminA, admin)},
		{method: "DELETE", route: v + "/consortia/:id", args: []any{f.conDel}, allowed: admins, once: true},
		{method: "PUT", route: v + "/consortia/:id/members/:organization_id", args: []any{f.conA, f.org1}, allowed: who(conAdminA, admin),
			body: map[string]any{"role": "member"}},
		{method: "DELETE", route: v + "/consortia/:id/members/:organization_id", args: []any{f.conA, f.org1}, allowed: who(conAdminA, admin),
			once: true},
		{method: "GET", route: v + "/facilities", allowed: signedIn},
		{method: "POST", route: v + "/facilities", allowed: who(conAdminA, admin), bodyNamesScope: true, body: map[string]any{
			"consortium_id": f.conA, "kind": models.KindPracticeCenter, "name": "新建中心", "time_zone": "Asia/Shanghai"}},
		{method: "GET", route: v + "/facilities/:id", args: []any{f.facA}, allowed: signedIn},
		{method: "PATCH", route: v + "/facilities/:id", args: []any{f.facA}, allowed: who(managerA, admin)},
		{method: "DELETE", route: v + "/facilities/:id", args: []any{f.facDel}, allowed: who(conAdminA, admin), once: true},
		{method: "GET", route: v + "/facilities/:id/blackouts", args: []any{f.facA}, allowed: signedIn},
		{method: "POST", route: v + "/facilities/:id/blackouts", args: []any{f.facA}, allowed: who(managerA, admin)},
		{method: "DELETE", route: v + "/blackouts/:id", args: []any{f.blackout}, allowed: who(managerA, admin), once: true},
		{method: "GET", route: v + "/resources", allowed: signedIn},
		// The body names no facility: each manager may create resources in their own.
		{method: "POST", route: v + "/resources", allowed: managers},
		{method: "GET", route: v + "/resources/:id", args: []any{f.resA}, allowed: signedIn},
		{method: "PATCH", route: v + "/resources/:id", args: []any{f.resA}, allowed: who(managerA, admin)},
		{method: "GET", route: v + "/resources/:id/blackouts", args: []any{f.resA}, allowed: signedIn},
		{method: "GET", route: v + "/resource-categories", allowed: signedIn},
		{method: "GET", route: v + "/qualifications", allowed: signedIn},
		{method: "POST", route: v + "/qualifications", allowed: managers},
		// Facility A issues the qualification.
		// Managers pass the gate, but only admins edit a qualification, even one their facility issues.
		{method: "PATCH", route: v + "/qualifications/:id", args: []any{f.qualification}, allowed: admins},
		// A manager sees the people who use their facilities (student booked at A), not everyone.
		{method: "GET", route: v + "/users/:id/qualifications", args: []any{f.studentOf}, allowed: who(student, managerA, admin)},
		// The body names the qualification, and so whose it is: without one, manager B may be granting B's.
		{method: "POST", route: v + "/users/:id/qualifications", args: []any{f.studentOf}, allowed: who(managerA, admin),
			body: map[string]any{"qualification_id": f.qualification}, bodyNamesScope: true},
		{method: "DELETE", route: v + "/users/:id/qualifications/:qualification_id", args: []any{f.studentOf, f.qualification},
			allowed: who(managerA, admin), once: true},

		// Bookings: the booker, the managers of the resource's facility and admins.
		{method: "GET", route: v + "/resources/:id/availability", args: []any{f.resA}, allowed: signedIn},
		{method: "GET", route: v + "/resources/:id/quote", args: []any{f.resA}, allowed: signedIn,
			query: "start_at=2026-03-05T09:00:00%2B08:00&end_at=2026-03-05T10:00:00%2B08:00"},
		// Anyone sees when a facility is busy; who booked is its managers' (checkListScopes).
		{method: "GET", route: v + "/facilities/:id/schedule", args: []any{f.facA}, allowed: signedIn},
		{method: "GET", route: v + "/bookings", allowed: signedIn},
		{method: "POST", route: v + "/bookings", allowed: signedIn},
		{method: "GET", route: v + "/bookings/:id", args: []any{f.booking}, allowed: who(student, managerA, admin)},
		{method: "POST", route: v + "/bookings/:id/cancel", args: []any{f.bookingCancel}, allowed: who(student, managerA, admin), once: true},
		{method: "POST", route: v + "/bookings/:id/approve", args: []any{f.pendingApprove}, allowed: who(managerA, admin), once: true},
		{method: "POST", route: v + "/bookings/:id/reject", args: []any{f.pendingReject}, allowed: who(managerA, admin), once: true,
			body: map[string]any{"reason": "时段另有安排"}},
		{method: "POST", route: v + "/bookings/:id/check-in", args: []any{f.booking}, allowed: who(student, managerA, admin)},
		{method: "POST", route: v + "/bookings/:id/check-out", args: []any{f.booking}, allowed: who(student, managerA, admin)},
		{method: "GET", route: v + "/me/credit", allowed: signedIn},
		{method: "GET", route: v + "/users/:id/credit", args: []any{f.studentOf}, allowed: who(managerA, admin)},
		{method: "POST", route: v + "/users/:id/credit/clear", args: []any{f.studentOf}, allowed: who(managerA, admin),
			body: map[string]any{"note": "误记爽约"}},

		// Booking extras.
		{method: "POST", route: v + "/bookings/recurring", allowed: signedIn},
		{method: "GET", route: v + "/recurrences/:id", args: []any{f.recurrence}, allowed: who(teacher, managerA, admin)},
		{method: "POST", route: v + "/recurrences/:id/cancel", args: []any{f.recurrenceCancel}, allowed: who(teacher, managerA, admin), once: true},
		{method: "POST", route: v + "/bookings/:id/confirm-hold", args: []any{f.hold}, allowed: who(student), once: true,
			body: map[string]any{"purpose": "数控加工实训", "purpose_category": "training"}},
		{method: "GET", route: v + "/bookings/:id/ical", args: []any{f.booking}, allowed: who(student, managerA, admin)},
		{method: "HEAD", route: v + "/bookings/:id/ical", args: []any{f.booking}, allowed: who(student, managerA, admin)},
		// The secret in the URL is the credential: whoever holds it reads the feed, token or not.
		{method: "GET", route: v + "/calendar/:feed", args: []any{f.feed}, allowed: public},
		{method: "HEAD", route: v + "/calendar/:feed", args: []any{f.feed}, allowed: public},
		{method: "POST", route: v + "/me/calendar-token", allowed: signedIn},
		{method: "POST", route: v + "/resources/:id/watches", args: []any{f.resA}, allowed: signedIn},
		{method: "GET", route: v + "/me/watches", allowed: signedIn},
		{method: "DELETE", route: v + "/watches/:id", args: []any{f.watch}, allowed: who(student), once: true},
		{method: "GET", route: v + "/me/notifications", allowed: signedIn},
		{method: "POST", route: v + "/notifications/read-all", allowed: signedIn},
		{method: "POST", route: v + "/notifications/:id/read", args: []any{f.notification}, allowed: who(student)},
		{method: "GET", route: v + "/me/notification-settings", allowed: signedIn},
		{method: "PUT", route: v + "/me/notification-settings", allowed: signedIn},
		{method: "GET", route: v + "/resources/:id/my-current-booking", args: []any{f.resA}, allowed: signedIn},
		{method: "POST", route: v + "/resources/:id/scan", args: []any{f.resA}, allowed: signedIn},
		{method: "GET", route: v + "/resources/:id/qr.svg", args: []any{f.resA}, allowed: signedIn},
		{method: "GET", route: v + "/resources/:id/device-tokens", args: []any{f.resA}, allowed: who(managerA, admin)},
		{method: "POST", route: v + "/resources/:id/device-tokens", args: []any{f.resA}, allowed: who(managerA, admin)},
		{method: "DELETE", route: v + "/device-tokens/:id", args: []any{f.deviceToken}, allowed: who(managerA, admin), once: true},
		{method: "GET", route: v + "/resources/:id/usage", args: []any{f.resA}, allowed: who(managerA, admin)},
		// Only a device token posts usage: no person's session does.
		{method: "POST", route: v + "/device/usage", allowed: nobody, ownCredential: true},

		// Training: the base's managers run courses and sessions; the session's instructor its
		// roster, attendance and results; the trainee their enrolment and certificate.
		{method: "GET", route: v + "/courses", allowed: signedIn},
		{method: "POST", route: v + "/courses", allowed: managers},
		{method: "GET", route: v + "/courses/:id", args: []any{f.course}, allowed: signedIn},
		{method: "PATCH", route: v + "/courses/:id", args: []any{f.course}, allowed: who(managerA, admin)},
		{method: "GET", route: v + "/course-sessions", allowed: signedIn},
		// Instructors schedule sessions they teach; the body names no course, so each may try.
		{method: "POST", route: v + "/course-sessions", allowed: who(instructor, instructor2, managerA, managerB, admin)},
		{method: "GET", route: v + "/course-sessions/:id", args: []any{f.session}, allowed: signedIn},
		{method: "PATCH", route: v + "/course-sessions/:id", args: []any{f.session}, allowed: who(instructor, managerA, admin)},
		{method: "POST", route: v + "/course-sessions/:id/cancel", args: []any{f.sessionCancel}, allowed: who(instructor, managerA, admin),
			body: map[string]any{"reason": "讲师出差"}, once: true},
		{method: "GET", route: v + "/course-sessions/:id/enrollments", args: []any{f.session}, allowed: who(instructor, managerA, admin)},
		{method: "POST", route: v + "/course-sessions/:id/enrollments", args: []any{f.session}, allowed: signedIn},
		{method: "GET", route: v + "/me/enrollments", allowed: signedIn},
		{method: "POST", route: v + "/enrollments/:id/cancel", args: []any{f.enrollmentCancel}, allowed: who(student, managerA, admin), once: true},
		{method: "POST", route: v + "/enrollments/:id/move", args: []any{f.enrollment}, allowed: who(managerA, admin)},
		{method: "POST", route: v + "/enrollments/:id/result", args: []any{f.enrollment}, allowed: who(instructor, managerA, admin)},
		{method: "GET", route: v + "/course-sessions/:id/signin-code", args: []any{f.session}, allowed: who(instructor, managerA, admin)},
		{method: "GET", route: v + "/course-sessions/:id/signin-qr.svg", args: []any{f.session}, allowed: who(instructor, managerA, admin)},
		{method: "POST", route: v + "/signin", allowed: signedIn},
		{method: "PUT", route: v + "/enrollments/:id/attendance/:meeting_id", args: []any{f.enrollment, f.meeting},
			allowed: who(instructor, managerA, admin), body: map[string]any{"present": true}},
		{method: "GET", route: v + "/me/certificates", allowed: signedIn},
		{method: "GET", route: v + "/certificates/:id", args: []any{f.certificate}, allowed: who(student, managerA, admin)},
		{method: "GET", route: v + "/certificates/:id/qr.svg", args: []any{f.certificate}, allowed: who(student, managerA, admin)},
		{method: "POST", route: v + "/certificates/:id/revoke", args: []any{f.certificate}, allowed: who(managerA, admin),
			body: map[string]any{"reason": "资料有误"}, once: true},
		// Public: anyone who holds a certificate's code checks it.
		{method: "GET", route: v + "/verify/:code", args: []any{f.certificateCode}, allowed: public},
		{method: "GET", route: v + "/me/learning-record", allowed: signedIn},
		{method: "GET", route: v + "/users/:id/learning-record", args: []any{f.studentOf}, allowed: who(student, managerA, admin)},

		// Services: organization 1's SME accounts on one side, platform A's managers (and admins)
		// on the other; each transition is tried on a request in a state it may start from.
		{method: "GET", route: v + "/service-offerings", allowed: signedIn},
		{method: "POST", route: v + "/service-offerings", allowed: managers},
		{method: "GET", route: v + "/service-offerings/:id", args: []any{f.offering}, allowed: signedIn},
		{method: "PATCH", route: v + "/service-offerings/:id", args: []any{f.offering}, allowed: who(managerA, admin)},
		{method: "GET", route: v + "/service-requests", allowed: who(sme, sme2, managerA, managerB, admin)},
		{method: "POST", route: v + "/service-requests", allowed: who(sme, sme2)},
		{method: "GET", route: v + "/service-requests/:id", args: []any{sr["submitted"]}, allowed: who(sme, managerA, admin)},
		{method: "POST", route: v + "/service-requests/:id/quotes", args: []any{sr["submitted"]}, allowed: who(managerA, admin), body: quote},
		{method: "POST", route: v + "/service-requests/:id/accept", args: []any{sr["quoted"]}, allowed: who(sme), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/decline", args: []any{sr["quoted#2"]}, allowed: who(sme), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/reject", args: []any{sr["submitted#2"]}, allowed: who(managerA, admin), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/cancel", args: []any{sr["accepted"]}, allowed: who(sme), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/start", args: []any{sr["accepted#2"]}, allowed: who(managerA, admin), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/deliver", args: []any{sr["in_progress"]}, allowed: who(managerA, admin), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/request-revision", args: []any{sr["delivered"]}, allowed: who(sme), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/confirm", args: []any{sr["delivered#2"]}, allowed: who(sme), once: true, body: note},
		{method: "POST", route: v + "/service-requests/:id/bookings", args: []any{sr["in_progress#2"]}, allowed: who(managerA, admin)},
		{method: "POST", route: v + "/service-requests/:id/rating", args: []any{sr["rated"]}, allowed: who(sme)},
		{method: "POST", route: v + "/service-requests/:id/rating/reply", args: []any{sr["rated#2"]}, allowed: who(managerA, admin),
			body: map[string]any{"reply": "感谢评价"}, once: true},
		{method: "GET", route: v + "/service-requests/:id/messages", args: []any{sr["submitted"]}, allowed: who(sme, managerA, admin)},
		{method: "POST", route: v + "/service-requests/:id/messages", args: []any{sr["submitted"]}, allowed: who(sme, managerA, admin),
			form: map[string]string{"body": "样品已寄出"}},
		// Files of the request itself are the SME's; the platform uploads its delivery.
		{method: "POST", route: v + "/service-requests/:id/attachments", args: []any{sr["submitted"]}, allowed: who(sme),
			form: map[string]string{"kind": "request"}},
		{method: "GET", route: v + "/service-attachments/:id", args: []any{f.attachment}, allowed: who(sme, managerA, admin)},
		{method: "GET", route: v + "/me/service-unread", allowed: signedIn},

		// Billing: a facility's statement is its managers' and admins'.
		{method: "GET", route: v + "/billing/statements", allowed: who(sme, sme2, managerA, managerB, admin)},
		{method: "GET", route: v + "/billing/statements/:id", args: []any{f.statement}, allowed: who(managerA, admin)},
		{method: "GET", route: v + "/billing/charges", allowed: who(sme, sme2, managerA, managerB, admin)},
		{method: "POST", route: v + "/billing/adjustments", allowed: managers},

		// Reports: of facility A, its managers' and admins'.
		{method: "GET", route: v + "/reports/utilization", query: fmt.Sprintf("scope=facility&id=%d&period=month&from=2026-02-01&to=2026-02-28", f.facA), allowed: who(managerA, admin)},
		{method: "GET", route: v + "/reports/annual", query: fmt.Sprintf("scope=facility&id=%d&year=2025", f.facA), allowed: who(managerA, admin)},
		{method: "GET", route: v + "/reports/resources", query: fmt.Sprintf("scope=facility&id=%d&from=2026-02-01&to=2026-02-28", f.facA), allowed: who(managerA, admin)},
		{method: "GET", route: v + "/reports/idle", query: fmt.Sprintf("scope=facility&id=%d", f.facA), allowed: who(managerA, admin)},
		{method: "GET", route: v + "/reports/heatmap", query: fmt.Sprintf("scope=facility&id=%d&from=2026-02-01&to=2026-02-28", f.facA), allowed: who(managerA, admin)},
		{method: "GET", route: v + "/league", allowed: public},
		{method: "GET", route: v + "/league/weights", allowed: public},
		{method: "PUT", route: v + "/league/weights", allowed: admins},

		// Administration.
		// A consortium administrator lists their consortium's people, creates managers of its
		// facilities and assigns those (see checkListScopes).
		{method: "GET", route: v + "/admin/users", allowed: who(conAdminA, conAdminB, admin)},
		{method: "POST", route: v + "/admin/users", allowed: who(conAdminA, admin), bodyNamesScope: true, body: map[string]any{
			"email": "new-manager@authz.test", "password": "test-pass-2026", "name": "新经理", "role": models.RoleManager,
			"managed_facility_ids": []int64{f.facA}}},
		{method: "GET", route: v + "/admin/users/:id", args: []any{f.actors[managerA].UserID}, allowed: who(conAdminA, admin)},
		{method: "PATCH", route: v + "/admin/users/:id", args: []any{f.actors[managerA].UserID}, allowed: who(conAdminA, admin),
			body: map[string]any{"managed_facility_ids": []int64{f.facA, f.platA, f.baseA}}},
		{method: "POST", route: v + "/admin/users/:id/approve", args: []any{f.pendingUser}, allowed: admins, once: true},
		{method: "POST", route: v + "/admin/users/:id/reject", args: []any{f.pendingUserReject}, allowed: admins, once: true},
		{method: "GET", route: v + "/admin/users/:id/personal-data", args: []any{f.studentOf}, allowed: admins},
		{method: "POST", route: v + "/admin/users/:id/anonymize", args: []any{f.leaver}, allowed: admins, once: true},
		{method: "GET", route: v + "/admin/audit-logs", allowed: admins},
		{method: "GET", route: v + "/admin/retention", allowed: admins},
		{method: "GET", route: v + "/admin/jobs", allowed: admins},
		{method: "POST", route: v + "/admin/jobs/:name/run", args: []any{"authz_noop"}, allowed: admins},

		// Campus sign-on: the round trip is public (a refusal is a redirect to the login page);
		// providers are administrators'.
		{method: "GET", route: v + "/auth/sso/providers", allowed: public},
		{method: "GET", route: v + "/auth/sso/:id/start", args: []any{f.ssoProvider}, allowed: public},
		{method: "GET", route: v + "/auth/sso/:id/callback", args: []any{f.ssoProvider}, allowed: public},
		{method: "GET", route: v + "/admin/sso-providers", allowed: admins},
		{method: "POST", route: v + "/admin/sso-providers", allowed: admins},
		{method: "PUT", route: v + "/admin/sso-providers/:id", args: []any{f.ssoProvider}, allowed: admins},
		{method: "DELETE", route: v + "/admin/sso-providers/:id", args: []any{f.ssoProviderDel}, allowed: admins, once: true},

		// Governance: the consortium's insiders read it (B: the manager of its facility), its
		// administrators write it.
		{method: "GET", route: v + "/governance", allowed: signedIn},
		{method: "GET", route: v + "/consortia/:id/governance", args: []any{f.conB}, allowed: who(managerB, conAdminB, admin)},
		{method: "PUT", route: v + "/consortia/:id/charter", args: []any{f.conA}, allowed: who(conAdminA, admin),
			body: map[string]any{"body": "第一章 总则", "adopted_on": "2026-01-01"}},
		{method: "POST", route: v + "/consortia/:id/seats", args: []any{f.conA}, allowed: who(conAdminA, admin),
			body: map[string]any{"body": "secretariat", "position": "staff", "person_name": "王五", "term_start": "2026-01-01"}},
		{method: "PUT", route: v + "/consortia/:id/seats/:seat_id", args: []any{f.conA, f.seat}, allowed: who(conAdminA, admin),
			body: map[string]any{"body": "secretariat", "position": "secretary_general", "person_name": "秘书长", "term_start": "2026-01-01"}},
		{method: "DELETE", route: v + "/consortia/:id/seats/:seat_id", args: []any{f.conA, f.seatDel}, allowed: who(conAdminA, admin), once: true},
		{method: "PUT", route: v + "/consortia/:id/goals/:year", args: []any{f.conA, 2026}, allowed: who(conAdminA, admin),
			body: map[string]any{"goals": []map[string]any{{"indicator": "utilization", "target": 0.6}}}},
	}

	// Talent board: organization 1 (sme) posts needs; training base A offers; students apply.
	notStudents := who(teacher, instructor, instructor2, sme, sme2, managerA, managerB, conAdminA, conAdminB, admin)
	talentOfferers := who(teacher, instructor, instructor2, managerA, managerB, admin)
	table = append(table,
		authzRoute{method: "GET", route: v + "/talent/needs", allowed: signedIn},
		// The body names no organization: each may try, the service posts for their own enterprise.
		authzRoute{method: "POST", route: v + "/talent/needs", allowed: signedIn},
		authzRoute{method: "GET", route: v + "/talent/needs/:id", args: []any{f.talentNeed}, allowed: signedIn},
		authzRoute{method: "PATCH", route: v + "/talent/needs/:id", args: []any{f.talentNeed}, allowed: who(sme)},
		authzRoute{method: "POST", route: v + "/talent/needs/:id/close", args: []any{f.talentNeedClose}, allowed: who(sme, admin), once: true,
			body: map[string]any{"outcome": "withdrawn"}},
		authzRoute{method: "GET", route: v + "/talent/needs/:id/matches", args: []any{f.talentNeed}, allowed: notStudents},
		authzRoute{method: "GET", route: v + "/talent/needs/:id/applications", args: []any{f.talentNeed}, allowed: who(sme)},
		authzRoute{method: "POST", route: v + "/talent/needs/:id/applications", args: []any{f.talentNeed}, allowed: who(student, student2)},
		authzRoute{method: "GET", route: v + "/talent/offers", allowed: signedIn},
		authzRoute{method: "POST", route: v + "/talent/offers", allowed: talentOfferers},
		authzRoute{method: "GET", route: v + "/talent/offers/:id", args: []any{f.talentOffer}, allowed: signedIn},
		// The instructor teaches at base A, so offers for it too.
		authzRoute{method: "POST", route: v + "/talent/offers/:id/close", args: []any{f.talentOfferClose}, allowed: who(instructor, managerA, admin), once: true},
		authzRoute{method: "GET", route: v + "/talent/summary", query: "from=2026-03-01&to=2026-03-31", allowed: who(conAdminA, conAdminB, admin)},
		authzRoute{method: "GET", route: v + "/me/talent-applications", allowed: who(student, student2)},
		authzRoute{method: "POST", route: v + "/talent-applications/:id/shortlist", args: []any{f.talentApps[0]}, allowed: who(sme)},
		authzRoute{method: "POST", route: v + "/talent-applications/:id/accept", args: []any{f.talentApps[1]}, allowed: who(sme), once: true},
		authzRoute{method: "POST", route: v + "/talent-applications/:id/decline", args: []any{f.talentApps[2]}, allowed: who(sme), once: true},
		authzRoute{method: "POST", route: v + "/talent-applications/:id/withdraw", args: []any{f.talentApps[3]}, allowed: who(student), once: true},
	)

	// Imports: a facility's files are its managers'; a check is applied by those who may import there.
	table = append(table,
		authzRoute{method: "GET", route: v + "/imports/templates/:kind", args: []any{"resources"}, allowed: managers},
		authzRoute{method: "POST", route: v + "/imports/check", allowed: who(managerA, admin), bodyNamesScope: true,
			form: map[string]string{"kind": "resources", "facility_id": fmt.Sprint(f.facA)}},
		authzRoute{method: "GET", route: v + "/imports/:id", args: []any{f.importRun}, allowed: who(managerA, admin)},
		authzRoute{method: "POST", route: v + "/imports/:id/apply", args: []any{f.importRun}, allowed: who(managerA, admin),
			form: map[string]string{"good_only": "true"}},
	)
	for i := range table {
		table[i].allowed = withConsortiumAdmins(table[i].allowed)
	}
	inTable := map[string]bool{}
	for _, r := range table {
		key := r.method + " " + r.route
		if inTable[key] {
			t.Errorf("%s is in the matrix twice", key)
		}
		inTable[key] = true
	}
	served := map[string]bool{}
	for _, r := range f.echo.Routes() {
		if strings.HasSuffix(r.Path, "/*") || r.Method == echoRouteNotFound {
			continue
		}
		key := r.Method + " " + r.Path
		served[key] = true
		if !inTable[key] {
			t.Errorf("%s has no row in the authorization matrix", key)
		}
	}
	for key := range inTable {
		if !served[key] {
			t.Errorf("the matrix names %s, which is not a route", key)
		}
	}

	for _, r := range table {
		t.Run(r.method+" "+r.route, func(t *testing.T) { runMatrixRoute(t, f, r) })
	}
}

// runMatrixRoute tries one route as every actor, the refused ones first (so an allowed actor's
// cancel or delete cannot hide a refusal).
func runMatrixRoute(t *testing.T, f *authzFixture, r authzRoute) {
	send := func(actor string, body any) response {
		req := request{method: r.method, path: r.path(), body: body}
		if r.form != nil {
			req = multipartRequest(req.path, "", r.form, upload{name: "样品.pdf", body: pdfBytes})
		} else if r.method != http.MethodGet && r.method != http.MethodHead && r.method != http.MethodDelete && req.body == nil {
			req.body, req.invalid = "{}", true
		}
		if actor != anon {
			req.token = f.tokens[actor]
			if r.freshSession {
				req.token = f.login(actor)
			}
		}
		return f.do(req)
	}
	var refused, allowed []string
	for _, a := range matrixActors {
		if slices.Contains(r.allowed, a) {
			allowed = append(allowed, a)
		} else {
			refused = append(refused, a)
		}
	}
	// A refused actor is refused before their body is read: with the row's body, and with an
	// empty one where the row sends fields.
	bodies := []any{r.body}
	if r.body != nil && !r.bodyNamesScope {
		bodies = append(bodies, nil)
	}
	before := f.fingerprint()
	for _, a := range refused {
		for i, body := range bodies {
			label := a
			if i > 0 {
				label += " with {}"
			}
			checkRefusal(t, r, a, label, send(a, body))
		}
	}
	if after := f.fingerprint(); after != before {
		t.Errorf("refused actors %v changed the database:\n%s", refused, firstDifference(before, after))
	}
	for i, a := range allowed {
		res := send(a, r.body)
		switch {
		case r.once && i == 0 && (res.Status < 200 || res.Status > 299):
			t.Errorf("%s (first allowed): got %d %s, want 2xx", a, res.Status, truncateBody(res.Body))
		case r.once && i > 0 && slices.Contains([]int{http.StatusNotFound, http.StatusConflict, http.StatusUnprocessableEntity}, res.Status):
			// the first allowed actor deleted or moved the object
		case res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden || res.Status == http.StatusNotFound:
			t.Errorf("%s (allowed): got %d %s", a, res.Status, truncateBody(res.Body))
		}
		checkNoOneElsesEmail(t, f, a, res)
	}
}

// checkNoOneElsesEmail checks that an answer to a person without staff duties (no manager,
// admin or instructor) holds no other actor's e-mail address.
func checkNoOneElsesEmail(t *testing.T, f *authzFixture, a string, res response) {
	t.Helper()
	if !slices.Contains([]string{anon, student, student2, teacher, sme, sme2}, a) {
		return
	}
	for other, email := range f.emails {
		if other != a && bytes.Contains(res.Body, []byte(email)) {
			t.Errorf("%s (allowed): the answer holds %s's e-mail address: %s", a, other, truncateBody(res.Body))
		}
	}
}

// checkRefusal checks the answer to an actor the row does not allow.
func checkRefusal(t *testing.T, r authzRoute, a, label string, res response) {
	t.Helper()
	switch {
	case r.ownCredential && slices.Contains([]int{http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}, res.Status):
	case a == anon && !r.ownCredential:
		if res.Status != http.StatusUnauthorized {
			t.Errorf("%s: got %d %s, want 401", label, res.Status, truncateBody(res.Body))
		}
	case res.Status == http.StatusForbidden || res.Status == http.StatusNotFound:
	default:
		t.Errorf("%s: got %d %s, want 403 or 404", label, res.Status, truncateBody(res.Body))
	}
}

// firstDifference is the first line of two fingerprints that differs.
func firstDifference(before, after string) string {
	b, a := strings.Split(before, "\n"), strings.Split(after, "\n")
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return fmt.Sprintf("before: %s\nafter:  %s", b[i], a[i])
		}
	}
	return fmt.Sprintf("%d lines before, %d after", len(b), len(a))
}

// checkListScopes checks that lists hold only the actor's own objects, or their scope's.
func checkListScopes(t *testing.T, f *authzFixture) {
	list := func(actor, path string) []map[string]any {
		t.Helper()
		res := f.do(request{method: http.MethodGet, path: path, token: f.tokens[actor]})
		if res.Status != http.StatusOK {
			t.Fatalf("%s GET %s: got %d %s", actor, path, res.Status, res.Body)
		}
		var page struct{ Items []map[string]any }
		res.JSON(t, &page)
		return page.Items
	}
	num := func(v any) int64 { n, _ := v.(float64); return int64(n) }
	only := func(actor, path, key string, want int64, atLeast int) {
		t.Helper()
		items := list(actor, path)
		if len(items) < atLeast {
			t.Errorf("%s GET %s: got %d items, want at least %d", actor, path, len(items), atLeast)
		}
		for _, it := range items {
			if num(it[key]) != want {
				t.Errorf("%s GET %s: got an item with %s %v, want only %d: %v", actor, path, key, it[key], want, it)
			}
		}
	}
	none := func(actor, path, key string, not ...int64) {
		t.Helper()
		for _, it := range list(actor, path) {
			if slices.Contains(not, num(it[key])) {
				t.Errorf("%s GET %s: got an item with %s %v, want none of %v: %v", actor, path, key, it[key], not, it)
			}
		}
	}
	only(student, "/api/v1/bookings", "user_id", f.studentOf, 4)
	only(teacher, "/api/v1/bookings", "user_id", f.teacherOf, 1)
	only(student2, "/api/v1/bookings", "user_id", f.actors[student2].UserID, 0)
	none(managerB, "/api/v1/bookings", "facility_id", f.facA, f.baseA)
	// A consortium administrator sees its facilities' bookings and people, none of another's.
	none(conAdminB, "/api/v1/bookings?scope=managed", "facility_id", f.facA, f.platA, f.baseA)
	only(conAdminB, "/api/v1/bookings?scope=managed", "facility_id", f.facB, 0)
	if n := len(list(conAdminA, "/api/v1/bookings?scope=managed")); n == 0 {
		t.Errorf("consortium_admin_a sees none of facility A's bookings")
	}
	none(conAdminB, "/api/v1/admin/users", "id", f.actors[managerA].UserID, f.actors[conAdminA].UserID, f.studentOf, f.actors[admin].UserID)
	none(conAdminA, "/api/v1/admin/users", "id", f.actors[managerB].UserID, f.actors[conAdminB].UserID, f.actors[admin].UserID)
	none(conAdminB, "/api/v1/service-requests", "facility_id", f.platA)
	// Asking for facility A's bookings by name: refused, or an empty page.
	if res := f.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/bookings?scope=managed&facility_id=%d", f.facA),
		token: f.tokens[managerB]}); res.Status == http.StatusOK {
		none(managerB, fmt.Sprintf("/api/v1/bookings?scope=managed&facility_id=%d", f.facA), "facility_id", f.facA)
	} else if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound && res.Status != http.StatusUnprocessableEntity {
		t.Errorf("manager_b GET facility A's bookings: got %d %s", res.Status, res.Body)
	}
	// Filters naming someone else's objects: refused, or a page without them.
	filtered := []struct {
		actor, path, key string
		not              []int64
	}{
		{student2, fmt.Sprintf("/api/v1/bookings?user_id=%d", f.studentOf), "user_id", []int64{f.studentOf}},
		{student2, fmt.Sprintf("/api/v1/bookings?resource_id=%d", f.resA), "user_id", []int64{f.studentOf, f.teacherOf}},
		{managerB, fmt.Sprintf("/api/v1/bookings?scope=managed&user_id=%d", f.studentOf), "facility_id", []int64{f.facA}},
		{managerB, fmt.Sprintf("/api/v1/service-requests?facility_id=%d", f.platA), "facility_id", []int64{f.platA}},
		{sme2, fmt.Sprintf("/api/v1/service-requests?facility_id=%d", f.platA), "organization_id", []int64{f.org1}},
		{sme2, fmt.Sprintf("/api/v1/billing/charges?organization_id=%d", f.org1), "id", []int64{f.charge}},
		{sme2, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d", f.platA), "id", []int64{f.charge}},
		{managerB, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d", f.platA), "id", []int64{f.charge}},
		{managerB, fmt.Sprintf("/api/v1/billing/statements?scope=facility&facility_id=%d", f.facA), "id", []int64{f.statement}},
		{sme, fmt.Sprintf("/api/v1/billing/statements?scope=facility&facility_id=%d", f.facA), "id", []int64{f.statement}},
	}
	for _, q := range filtered {
		res := f.do(request{method: http.MethodGet, path: q.path, token: f.tokens[q.actor]})
		switch res.Status {
		case http.StatusOK:
			none(q.actor, q.path, q.key, q.not...)
		case http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity:
		default:
			t.Errorf("%s GET %s: got %d %s", q.actor, q.path, res.Status, truncateBody(res.Body))
		}
	}
	// The schedule names who booked only to the facility's managers.
	for _, a := range signedIn {
		res := f.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/facilities/%d/schedule", f.facA), token: f.tokens[a]})
		named := bytes.Contains(res.Body, []byte(`"user_name"`)) || bytes.Contains(res.Body, []byte(`"user_id"`))
		if res.Status != http.StatusOK || named != (a == managerA || a == conAdminA || a == admin) {
			t.Errorf("%s GET facility A's schedule: got %d, names the bookers %v: %s", a, res.Status, named, truncateBody(res.Body))
		}
	}
	only(sme, "/api/v1/service-requests", "organization_id", f.org1, len(f.requests))
	only(sme2, "/api/v1/service-requests", "organization_id", f.org2, 0)
	none(managerB, "/api/v1/service-requests", "facility_id", f.platA)
	only(managerA, "/api/v1/service-requests", "facility_id", f.platA, len(f.requests))
	for _, a := range []string{student2, teacher, sme, managerA, managerB, admin} {
		none(a, "/api/v1/me/notifications", "id", f.notification)
		none(a, "/api/v1/me/watches", "id", f.watch)
		none(a, "/api/v1/me/enrollments", "id", f.enrollment, f.enrollmentCancel)
		none(a, "/api/v1/me/certificates", "id", f.certificate)
	}
	none(managerB, "/api/v1/billing/statements", "id", f.statement)
	for _, a := range []string{sme, sme2} {
		none(a, "/api/v1/billing/statements", "id", f.statement)
	}
	// Organization 1's charge at platform A: its SMEs' and the platform's, no one else's.
	only(sme, "/api/v1/billing/charges", "organization_id", f.org1, 1)
	only(managerA, "/api/v1/billing/charges", "facility_id", f.platA, 1)
	none(sme2, "/api/v1/billing/charges", "id", f.charge)
	none(managerB, "/api/v1/billing/charges", "id", f.charge)
}

// checkNoSelfPromotion sends a role and managed facilities in every body that describes a user,
// as each actor but admins: no route takes them, and the actor's role and scope stay as they were.
func checkNoSelfPromotion(t *testing.T, f *authzFixture) {
	raise := map[string]any{"role": models.RoleAdmin, "managed_facility_ids": []int64{f.facA, f.facB}, "organization_id": f.org1,
		"active": true, "email": "someone-else@authz.test", "name": "x"}
	for _, a := range signedIn {
		if a == admin {
			continue
		}
		self := f.actors[a]
		// A consortium administrator passes the role gate of these routes: the body is read,
		// and one that binds (the second) is refused by the service.
		pastGate := self.Role == models.RoleConsortiumAdmin
		for i, req := range []request{
			{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/admin/users/%d", self.UserID), body: raise},
			{method: http.MethodPost, path: "/api/v1/admin/users", body: raise},
			{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/admin/users/%d", self.UserID),
				body: map[string]any{"role": models.RoleAdmin, "managed_facility_ids": []int64{f.facA, f.facB}}},
			{method: http.MethodPost, path: "/api/v1/admin/users", body: map[string]any{"email": "someone-else@authz.test",
				"password": "test-pass-2026", "name": "x", "role": models.RoleAdmin}},
		} {
			req.token, req.invalid = f.tokens[a], true
			res := f.do(req)
			if res.Status != http.StatusForbidden && (!pastGate || res.Status != http.StatusBadRequest || i >= 2) {
				t.Errorf("%s %s %s: got %d %s, want 403", a, req.method, req.path, res.Status, res.Body)
			}
		}
		for _, req := range []request{
			{method: http.MethodPost, path: "/api/v1/me/password", body: withField(raise, "current_password", "test-pass-2026")},
			{method: http.MethodPut, path: "/api/v1/me/notification-settings", body: raise},
			{method: http.MethodPost, path: "/api/v1/auth/register", body: withField(raise, "password", "test-pass-2026")},
		} {
			req.token, req.invalid = f.tokens[a], true
			if res := f.do(req); res.Status < 400 || res.Status >= 500 {
				t.Errorf("%s %s %s with a role: got %d %s, want it refused", a, req.method, req.path, res.Status, res.Body)
			}
		}
		now, err := f.app.Accounts.CurrentActor(f.ctx, self.UserID)
		f.must(err)
		if now.Role != self.Role || !slices.Equal(now.ManagedFacilityIDs, self.ManagedFacilityIDs) ||
			orgOf(now) != orgOf(self) {
			t.Errorf("%s: got role %s, facilities %v, organization %d; want %s, %v, %d", a, now.Role, now.ManagedFacilityIDs,
				orgOf(now), self.Role, self.ManagedFacilityIDs, orgOf(self))
		}
	}
	if res := f.do(request{method: http.MethodGet, path: "/api/v1/me", token: f.tokens[student]}); !bytes.Contains(res.Body, []byte(`"role":"student"`)) {
		t.Errorf("GET /me as student: got %s, want role student", res.Body)
	}
}

func orgOf(ac core.Actor) int64 {
	if ac.OrganizationID == nil {
		return 0
	}
	return *ac.OrganizationID
}

// checkBodyScopes sends requests whose body, not their path, names facility A's objects, as
// manager B (refused, nothing changes), and patches that would move A's objects to facility B, as
// manager A (the object stays where it was).
func checkBodyScopes(t *testing.T, f *authzFixture) {
	meeting := []map[string]any{{"start_at": f.at(9, "09:00"), "end_at": f.at(9, "12:00")}}
	creates := []string{"/api/v1/resources", "/api/v1/courses", "/api/v1/service-offerings", "/api/v1/qualifications",
		"/api/v1/billing/adjustments", "/api/v1/course-sessions"}
	bodies := []map[string]any{
		{"facility_id": f.facA, "name": "越权设备", "category": "equipment", "capacity": 1},
		{"facility_id": f.baseA, "title": "越权课程", "level": "beginner", "hours": 4},
		{"facility_id": f.platA, "name": "越权服务", "price_basis": "by_quote", "turnaround_days": 3, "first_response_hours": 8},
		{"code": "authz_b", "name": "越权资格", "owner_facility_id": f.facA},
		{"facility_id": f.facA, "amount_fen": -100, "reason": "越权调整"},
		{"course_id": f.course, "instructor_id": f.actors[instructor].UserID, "seats": 5, "audience": "open", "meetings": meeting},
	}
	for i, path := range creates {
		before := f.fingerprint()
		res := f.do(request{method: http.MethodPost, path: path, token: f.tokens[managerB], body: bodies[i]})
		if res.Status != http.StatusForbidden && res.Status != http.StatusNotFound {
			t.Errorf("manager_b POST %s for facility A: got %d %s, want 403 or 404", path, res.Status, truncateBody(res.Body))
		}
		if after := f.fingerprint(); after != before {
			t.Errorf("manager_b POST %s for facility A changed the database:\n%s", path, firstDifference(before, after))
		}
	}
	moves := []struct {
		actor, path, table string
		id                 int64
		body               map[string]any
	}{
		{managerA, fmt.Sprintf("/api/v1/resources/%d", f.resA), "resources", f.resA, map[string]any{"facility_id": f.facB}},
		{managerA, fmt.Sprintf("/api/v1/courses/%d", f.course), "courses", f.course, map[string]any{"facility_id": f.facB}},
		{managerA, fmt.Sprintf("/api/v1/service-offerings/%d", f.offering), "service_offerings", f.offering, map[string]any{"facility_id": f.facB}},
		{managerA, fmt.Sprintf("/api/v1/facilities/%d", f.facA), "facilities", f.facA, map[string]any{"consortium_id": f.conDel}},
	}
	for _, m := range moves {
		var before, after map[string]any
		f.must(f.db.R(f.ctx).Table(m.table).Where("id = ?", m.id).Take(&before).Error)
		f.do(request{method: http.MethodPatch, path: m.path, token: f.tokens[m.actor], body: m.body, invalid: true})
		f.must(f.db.R(f.ctx).Table(m.table).Where("id = ?", m.id).Take(&after).Error)
		for field := range m.body {
			if fmt.Sprint(after[field]) != fmt.Sprint(before[field]) {
				t.Errorf("%s PATCH %s %v: %s went from %v to %v", m.actor, m.path, m.body, field, before[field], after[field])
			}
		}
	}
	// The session's instructor edits it, but hands it to no one else: that is the base's call.
	path := fmt.Sprintf("/api/v1/course-sessions/%d", f.session)
	if res := f.do(request{method: http.MethodPatch, path: path, token: f.tokens[instructor],
		body: map[string]any{"instructor_id": f.teacherOf}}); res.Status != http.StatusForbidden {
		t.Errorf("instructor PATCH %s to another instructor: got %d %s, want 403", path, res.Status, truncateBody(res.Body))
	}
}
