package handlers

import (
	"context"
	"encoding/json"
	goflag "flag"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// The random test's size: operations per engine and its seed (a failure prints the seed; run it
// again with -model.seed). CI runs the defaults; -model.ops=200000 searches longer.
var (
	modelOps  = goflag.Int("model.ops", 0, "random operations of TestRandomOperationsKeepTheInvariants (0: the engine's default)")
	modelSeed = goflag.Uint64("model.seed", 0, "seed of TestRandomOperationsKeepTheInvariants (0: from the clock)")
)

const (
	modelWorkers = 12  // people acting at once
	modelBatch   = 600 // operations between two checks of the invariants
)

// TestRandomOperationsKeepTheInvariants drives thousands of random operations through the API
// from many people at once (book, book now, cancel, approve, reject, check in and out, enrol,
// cancel an enrolment, change a session's seats, clear a person's credit, close a resource with a blackout, submit and
// move service requests, read another's booking, advance the clock and run the jobs) and keeps
// a model of what was answered. After every batch it checks with SQL: no instant is overbooked
// (invariant 1); no session holds more than its seats and none keeps a waitlist beside a free
// seat (2); every booking, enrolment, request and blackout answered 201 exists as answered,
// nothing else was created, and what was answered cancelled is cancelled (3); nobody read
// another's booking (5). Seeded: each person's sequence of operations follows from the seed.
func TestRandomOperationsKeepTheInvariants(t *testing.T) {
	t.Parallel()
	ops := *modelOps
	if ops == 0 {
		// make test runs SQLite under the race detector, which slows it tenfold, and MariaDB
		// without: 100,000 operations per CI run between the two.
		ops = 10000
		if apptest.Engine() != "sqlite" {
			ops = 90000
		}
	}
	seed := *modelSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	m := newModelRun(t, seed)
	t.Logf("seed %d: %d operations by %d people (go test ./handlers -run TestRandomOperations -model.seed=%d)", seed, ops, modelWorkers, seed)
	for done := 0; done < ops && !t.Failed(); done += modelBatch {
		m.batch(min(modelBatch, ops-done))
		m.check()
	}
	if t.Failed() {
		t.Logf("seed %d; the last batch's operations, by person:\n%s", seed, m.lastBatch())
		return
	}
	t.Logf("answers: %v", m.tally())
}

// modelRun is the server under test, its people and what the API answered them.
type modelRun struct {
	*bookingAPI
	ctx       context.Context
	seed      uint64
	people    []modelPerson
	manager   modelPerson
	resources []models.Resource
	sessions  []int64
	offering  int64
	signedIn  time.Time // when everyone last signed in

	mu        sync.Mutex
	bookings  map[int64]modelBooking // answered 201, by id
	enrolled  map[int64]modelEnrollment
	requests  map[int64]int64 // service request → its submitter
	blackouts map[int64]bool
	cancelled map[int64]bool // bookings answered 200 to a cancel
	checkedIn map[int64]bool // bookings answered 200 to a check-in
	dropped   map[int64]bool // enrolments answered 200 to a cancel
	counts    map[string]int // "op status" → answers
	log       [][]string     // this batch's operations, per person
}

type modelPerson struct {
	id    int64
	email string
	token string
	sme   bool
}

type modelBooking struct {
	user, resource int64
	start          time.Time
}

type modelEnrollment struct{ user, session int64 }

func newModelRun(t *testing.T, seed uint64) *modelRun {
	t.Helper()
	b := newBookingAPI(t)
	m := &modelRun{bookingAPI: b, ctx: context.Background(), seed: seed, bookings: map[int64]modelBooking{},
		enrolled: map[int64]modelEnrollment{}, requests: map[int64]int64{}, blackouts: map[int64]bool{},
		cancelled: map[int64]bool{}, checkedIn: map[int64]bool{}, dropped: map[int64]bool{}, counts: map[string]int{}}
	now := b.clock.Now().UTC()
	m.signedIn = now
	create := func(fac models.Facility) int64 { b.create(&fac); return fac.ID }
	base := create(models.Facility{ConsortiumID: b.fac.ConsortiumID, Kind: models.KindTrainingBase, Name: "培训基地",
		TimeZone: "Asia/Shanghai", OpeningHours: b.fac.OpeningHours, DefaultRules: b.fac.DefaultRules, CreatedAt: now, UpdatedAt: now})
	platform := create(models.Facility{ConsortiumID: b.fac.ConsortiumID, Kind: models.KindTechPlatform, Name: "检测平台",
		TimeZone: "Asia/Shanghai", OpeningHours: b.fac.OpeningHours, DefaultRules: b.fac.DefaultRules, CreatedAt: now, UpdatedAt: now})
	for i, mod := range []func(*models.Resource){
		nil,
		func(r *models.Resource) { r.Capacity = 2 },
		func(r *models.Resource) { r.Capacity = 3; r.BufferMinutes = 30 },
		func(r *models.Resource) { r.RequiresApproval = true },
		func(r *models.Resource) {
			r.Capacity = 2
			r.BufferMinutes = 15
			r.SlotMinutes = 15
			r.MinMinutes = 15
		},
	} {
		m.resources = append(m.resources, b.resource(fmt.Sprintf("设备 %d", i+1), mod))
	}
	code := "91500000MA5M000001"
	org := models.Organization{Name: "随机企业", Kind: "enterprise", CreditCode: &code, IsSME: true, VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
	b.create(&org)
	person := func(role string, org *int64, managed ...int64) modelPerson {
		email := fmt.Sprintf("model-%s-%d@test.local", role, bookingAPISeq.Add(1))
		u, err := b.app.Accounts.CreateUser(m.ctx, core.System, accounts.NewUser{Email: email, Password: "test-pass-2026",
			Name: email, Role: role, OrganizationID: org, ManagedFacilityIDs: managed})
		m.must(err)
		return modelPerson{id: u.ID, email: email, token: m.signIn(email), sme: role == models.RoleSME}
	}
	m.manager = person(models.RoleManager, nil, b.fac.ID, base, platform)
	instructor := person(models.RoleInstructor, nil)
	for i := range modelWorkers {
		switch {
		case i < 2:
			m.people = append(m.people, person(models.RoleSME, &org.ID))
		case i < 4:
			m.people = append(m.people, person(models.RoleTeacher, nil))
		default:
			m.people = append(m.people, person(models.RoleStudent, nil))
		}
	}
	manager := b.app.Accounts
	ac, err := manager.CurrentActor(m.ctx, m.manager.id)
	m.must(err)
	c, err := b.app.Training.CreateCourse(m.ctx, ac, training.NewCourse{FacilityID: base, Title: "数控车床操作", Level: "beginner",
		Hours: 8, Status: models.CoursePublished})
	m.must(err)
	for day := range 4 {
		start := now.Add(time.Duration(day+3) * 24 * time.Hour).Truncate(time.Hour)
		sv, err := b.app.Training.CreateSession(m.ctx, ac, training.NewSession{CourseID: c.ID, InstructorID: instructor.id,
			Seats: 2 + day, Audience: models.AudienceOpen, Meetings: []training.Meeting{{StartAt: start, EndAt: start.Add(3 * time.Hour)}}})
		m.must(err)
		m.sessions = append(m.sessions, sv.ID)
	}
	off := models.ServiceOffering{FacilityID: platform, Name: "拉伸试验", PriceBasis: models.PriceByQuote, TurnaroundDays: 5,
		FirstResponseHours: 8, Active: true, CreatedAt: now, UpdatedAt: now}
	b.create(&off)
	m.offering = off.ID
	return m
}

func (m *modelRun) signIn(email string) string {
	m.t.Helper()
	l, err := m.app.Accounts.LoginWithPassword(m.ctx, email, "test-pass-2026", "192.0.2.9", "model-test")
	m.must(err)
	return l.Token
}

// signInAgain opens new sessions for everyone when the clock has run far enough for the old
// ones to reach their maximum age (30 days), as people would sign in again; between batches,
// while nobody acts.
func (m *modelRun) signInAgain() {
	if m.clock.Now().Sub(m.signedIn) < 20*24*time.Hour {
		return
	}
	m.signedIn = m.clock.Now()
	m.manager.token = m.signIn(m.manager.email)
	for i := range m.people {
		m.people[i].token = m.signIn(m.people[i].email)
	}
}

func (m *modelRun) must(err error) {
	m.t.Helper()
	if err != nil {
		m.t.Fatal(err)
	}
}

// batch runs n operations spread over the people, each person's from their own generator.
func (m *modelRun) batch(n int) {
	m.signInAgain()
	m.log = make([][]string, len(m.people))
	var wg sync.WaitGroup
	for w := range m.people {
		rng := rand.New(rand.NewPCG(m.seed, uint64(w)))
		wg.Go(func() {
			for i := w; i < n; i += len(m.people) {
				m.step(w, rng)
			}
		})
	}
	wg.Wait()
	m.seed++ // the next batch's sequences
}

// op is one weighted kind of operation.
type modelOp struct {
	name   string
	weight int
	run    func(m *modelRun, w int, rng *rand.Rand) (request, []int)
}

// modelOps are the operations, each with the answers it may get: anything else fails the test.
var modelOpTable = []modelOp{
	{"book", 26, (*modelRun).book},
	{"book now", 6, (*modelRun).bookNow},
	{"cancel", 10, (*modelRun).cancel},
	{"approve", 4, (*modelRun).decide},
	{"check in", 5, (*modelRun).checkIn},
	{"check out", 4, (*modelRun).checkOut},
	{"enrol", 12, (*modelRun).enrol},
	{"drop", 6, (*modelRun).drop},
	{"seats", 3, (*modelRun).seats},
	{"blackout", 2, (*modelRun).blackout},
	{"submit", 4, (*modelRun).submit},
	{"move request", 8, (*modelRun).moveRequest},
	{"clear credit", 3, (*modelRun).clearCredit},
	{"peek", 4, (*modelRun).peek},
	{"read", 4, (*modelRun).read},
	{"tick", 3, (*modelRun).tick},
}

var modelWeights = func() int {
	n := 0
	for _, o := range modelOpTable {
		n += o.weight
	}
	return n
}()

func (m *modelRun) step(w int, rng *rand.Rand) {
	pick := rng.IntN(modelWeights)
	op := modelOpTable[len(modelOpTable)-1]
	for _, o := range modelOpTable {
		if pick < o.weight {
			op = o
			break
		}
		pick -= o.weight
	}
	req, allowed := op.run(m, w, rng)
	if req.method == "" {
		return // nothing to do it to yet
	}
	res := m.do(req)
	entry := fmt.Sprintf("%s %s %s → %d", op.name, req.method, req.path, res.Status)
	m.mu.Lock()
	m.log[w] = append(m.log[w], entry)
	m.counts[op.name+" "+strconv.Itoa(res.Status)]++
	m.mu.Unlock()
	// A transaction that lost every retry is answered 503 busy and changed nothing, like any
	// refusal: the checks after the batch hold it to that.
	busy := res.Status == http.StatusServiceUnavailable && res.ErrorCode() == "busy"
	if !busy && !slices.Contains(allowed, res.Status) {
		m.t.Errorf("%s: answered %d %s, want one of %v", entry, res.Status, res.Body, allowed)
		return
	}
	m.record(op.name, req, res)
}

// record keeps in the model what a successful answer says was done.
func (m *modelRun) record(op string, req request, res response) {
	var body struct {
		ID     int64  `json:"id"`
		UserID int64  `json:"user_id"`
		Status string `json:"status"`
	}
	_ = json.Unmarshal(res.Body, &body)
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case res.Status == http.StatusCreated && strings.HasPrefix(op, "book"):
		asked := req.body.(map[string]any)
		start, _ := time.Parse(time.RFC3339, asked["start_at"].(string))
		m.bookings[body.ID] = modelBooking{user: body.UserID, resource: asked["resource_id"].(int64), start: start}
	case res.Status == http.StatusCreated && op == "enrol":
		m.enrolled[body.ID] = modelEnrollment{user: body.UserID, session: pathNumber(req.path, 3)}
	case res.Status == http.StatusCreated && op == "submit":
		m.requests[body.ID] = tokenOwner(m, req.token)
	case res.Status == http.StatusCreated && op == "blackout":
		m.blackouts[body.ID] = true
	case res.Status == http.StatusOK && op == "check in":
		m.checkedIn[pathNumber(req.path, 3)] = true
	case res.Status == http.StatusOK && op == "check out":
		delete(m.checkedIn, pathNumber(req.path, 3))
	case res.Status == http.StatusOK && op == "cancel":
		m.cancelled[pathNumber(req.path, 3)] = true
	case res.Status == http.StatusOK && op == "drop":
		m.dropped[pathNumber(req.path, 3)] = true
	}
}

// pathNumber is the path's i-th part as a number (/api/v1/bookings/12/cancel: part 3 is 12).
func pathNumber(path string, i int) int64 {
	n, _ := strconv.ParseInt(strings.Split(strings.Trim(path, "/"), "/")[i], 10, 64)
	return n
}

func tokenOwner(m *modelRun, token string) int64 {
	for _, p := range m.people {
		if p.token == token {
			return p.id
		}
	}
	return 0
}

// slotTime is a random start on the half-hour grid in the next week, in the facility's hours
// or a little outside them.
func (m *modelRun) slotTime(rng *rand.Rand) time.Time {
	y, mo, d := m.clock.Now().In(m.loc).Date()
	day := time.Date(y, mo, d+rng.IntN(8), 0, 0, 0, 0, m.loc)
	return day.Add(time.Duration(7*2+rng.IntN(32)) * 30 * time.Minute) // 07:00 to 22:30
}

func (m *modelRun) bookingBody(res models.Resource, start time.Time, rng *rand.Rand) map[string]any {
	length := time.Duration(1+rng.IntN(6)) * 30 * time.Minute
	return map[string]any{"resource_id": res.ID, "start_at": start.Format(time.RFC3339), "end_at": start.Add(length).Format(time.RFC3339),
		"seats": 1 + rng.IntN(res.Capacity), "purpose": "随机测试", "purpose_category": models.PurposeCategories[rng.IntN(len(models.PurposeCategories))]}
}

var bookAnswers = []int{http.StatusCreated, http.StatusForbidden, http.StatusConflict, http.StatusUnprocessableEntity}

func (m *modelRun) book(w int, rng *rand.Rand) (request, []int) {
	res := m.resources[rng.IntN(len(m.resources))]
	return request{method: http.MethodPost, path: "/api/v1/bookings", token: m.people[w].token,
		body: m.bookingBody(res, m.slotTime(rng), rng)}, bookAnswers
}

// bookNow books from the current slot on, so that check-in and the no-show job have work.
func (m *modelRun) bookNow(w int, rng *rand.Rand) (request, []int) {
	res := m.resources[rng.IntN(len(m.resources))]
	start := m.clock.Now().Truncate(30 * time.Minute).Add(30 * time.Minute)
	return request{method: http.MethodPost, path: "/api/v1/bookings", token: m.people[w].token, body: m.bookingBody(res, start, rng)}, bookAnswers
}

// pickBooking is a booking the model knows of, the person's own when mine is set, among those
// that pass the filter (nil: all).
func (m *modelRun) pickBooking(rng *rand.Rand, user int64, mine bool, filter func(id int64, b modelBooking) bool) int64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []int64
	for id, b := range m.bookings {
		if (b.user == user) == mine && (filter == nil || filter(id, b)) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0
	}
	slices.Sort(ids)
	return ids[rng.IntN(len(ids))]
}

var transitionAnswers = []int{http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity}

func (m *modelRun) cancel(w int, rng *rand.Rand) (request, []int) {
	return m.own(w, rng, "cancel", nil)
}

// checkIn checks in to one of the person's bookings that start about now.
func (m *modelRun) checkIn(w int, rng *rand.Rand) (request, []int) {
	now := m.clock.Now()
	return m.own(w, rng, "check-in", func(_ int64, b modelBooking) bool {
		return b.start.After(now.Add(-30*time.Minute)) && b.start.Before(now.Add(20*time.Minute))
	})
}

// checkOut checks out of one of the person's bookings answered checked in.
func (m *modelRun) checkOut(w int, rng *rand.Rand) (request, []int) {
	return m.own(w, rng, "check-out", func(id int64, _ modelBooking) bool { return m.checkedIn[id] })
}

func (m *modelRun) own(w int, rng *rand.Rand, action string, filter func(int64, modelBooking) bool) (request, []int) {
	id := m.pickBooking(rng, m.people[w].id, true, filter)
	if id == 0 {
		return request{}, nil
	}
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/bookings/%d/%s", id, action), token: m.people[w].token,
		body: map[string]any{}}, transitionAnswers
}

// decide is the manager approving or rejecting someone's booking (most are not pending: 409).
func (m *modelRun) decide(w int, rng *rand.Rand) (request, []int) {
	id := m.pickBooking(rng, m.people[w].id, true, nil)
	if id == 0 {
		return request{}, nil
	}
	action, body := "approve", map[string]any{}
	if rng.IntN(3) == 0 {
		action, body = "reject", map[string]any{"reason": "设备另有安排"}
	}
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/bookings/%d/%s", id, action), token: m.manager.token,
		body: body}, transitionAnswers
}

func (m *modelRun) enrol(w int, rng *rand.Rand) (request, []int) {
	id := m.sessions[rng.IntN(len(m.sessions))]
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", id), token: m.people[w].token,
		body: map[string]any{}}, []int{http.StatusCreated, http.StatusConflict, http.StatusUnprocessableEntity}
}

func (m *modelRun) drop(w int, rng *rand.Rand) (request, []int) {
	m.mu.Lock()
	var ids []int64
	for id, e := range m.enrolled {
		if e.user == m.people[w].id {
			ids = append(ids, id)
		}
	}
	m.mu.Unlock()
	if len(ids) == 0 {
		return request{}, nil
	}
	slices.Sort(ids)
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/enrollments/%d/cancel", ids[rng.IntN(len(ids))]),
		token: m.people[w].token, body: map[string]any{}}, transitionAnswers
}

// seats is the manager changing a session's seats (fewer than are taken is refused).
func (m *modelRun) seats(_ int, rng *rand.Rand) (request, []int) {
	id := m.sessions[rng.IntN(len(m.sessions))]
	return request{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/course-sessions/%d", id), token: m.manager.token,
		body: map[string]any{"seats": 1 + rng.IntN(6)}}, transitionAnswers
}

// blackout closes a resource for an hour or two, cancelling or keeping the bookings it covers.
func (m *modelRun) blackout(_ int, rng *rand.Rand) (request, []int) {
	res := m.resources[rng.IntN(len(m.resources))]
	start := m.slotTime(rng)
	on := []string{"cancel", "keep"}[rng.IntN(2)]
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/facilities/%d/blackouts", m.fac.ID), token: m.manager.token,
			body: map[string]any{"resource_id": res.ID, "kind": "closure", "start_at": start.Format(time.RFC3339),
				"end_at": start.Add(time.Duration(1+rng.IntN(2)) * time.Hour).Format(time.RFC3339), "reason": "设备检修", "on_bookings": on}},
		[]int{http.StatusCreated, http.StatusConflict, http.StatusUnprocessableEntity}
}

func (m *modelRun) submit(w int, _ *rand.Rand) (request, []int) {
	if !m.people[w].sme {
		return request{}, nil
	}
	return request{method: http.MethodPost, path: "/api/v1/service-requests", token: m.people[w].token,
			body: map[string]any{"offering_id": m.offering, "title": "拉伸试验", "description": "十个试样", "quantity": 10,
				"contact_name": "王工", "contact_phone": "13800001111", "contact_email": "wang@example.cn"}},
		[]int{http.StatusCreated, http.StatusUnprocessableEntity}
}

// moveRequest takes a random step of a request's workflow as the platform or the enterprise;
// most steps are not allowed from the request's state: 409.
func (m *modelRun) moveRequest(w int, rng *rand.Rand) (request, []int) {
	m.mu.Lock()
	ids := make([]int64, 0, len(m.requests))
	for id := range m.requests {
		ids = append(ids, id)
	}
	m.mu.Unlock()
	if len(ids) == 0 {
		return request{}, nil
	}
	slices.Sort(ids)
	id := ids[rng.IntN(len(ids))]
	path := fmt.Sprintf("/api/v1/service-requests/%d/", id)
	answers := []int{http.StatusOK, http.StatusCreated, http.StatusConflict, http.StatusUnprocessableEntity}
	switch rng.IntN(5) {
	case 0:
		due := m.clock.Now().In(m.loc).Add(10 * 24 * time.Hour).Format(models.DayFormat)
		return request{method: http.MethodPost, path: path + "quotes", token: m.manager.token, body: map[string]any{"amount_fen": 80000,
			"due_date": due, "valid_until": m.clock.Now().Add(7 * 24 * time.Hour).Format(time.RFC3339)}}, answers
	case 1:
		return request{method: http.MethodPost, path: path + []string{"start", "deliver", "reject"}[rng.IntN(3)], token: m.manager.token,
			body: map[string]any{"note": "按约定推进"}}, answers
	default:
		if !m.people[w].sme {
			return request{}, nil
		}
		return request{method: http.MethodPost, path: path + []string{"accept", "decline", "cancel", "confirm", "request-revision"}[rng.IntN(5)],
			token: m.people[w].token, body: map[string]any{"note": "好的"}}, answers
	}
}

// clearCredit is the manager lifting a person's suspension for late cancellations and
// no-shows, which random people soon earn, so that they book again; someone who never booked
// at the manager's facilities is not theirs to see (404).
func (m *modelRun) clearCredit(w int, _ *rand.Rand) (request, []int) {
	return request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/users/%d/credit/clear", m.people[w].id), token: m.manager.token,
		body: map[string]any{"note": "已沟通"}}, []int{http.StatusOK, http.StatusNotFound}
}

// peek asks for someone else's booking: it must be refused.
func (m *modelRun) peek(w int, rng *rand.Rand) (request, []int) {
	if m.people[w].sme {
		return request{}, nil // an SME user shares nothing with students; a student is the case that matters
	}
	id := m.pickBooking(rng, m.people[w].id, false, nil)
	if id == 0 {
		return request{}, nil
	}
	return request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/bookings/%d", id), token: m.people[w].token},
		[]int{http.StatusForbidden, http.StatusNotFound}
}

func (m *modelRun) read(w int, rng *rand.Rand) (request, []int) {
	if rng.IntN(2) == 0 {
		return request{method: http.MethodGet, path: "/api/v1/bookings?page_size=50", token: m.people[w].token}, []int{http.StatusOK}
	}
	res := m.resources[rng.IntN(len(m.resources))]
	from := m.clock.Now().Truncate(time.Hour)
	return request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/resources/%d/availability?from=%s&to=%s", res.ID,
			url.QueryEscape(from.Format(time.RFC3339)), url.QueryEscape(from.Add(7*24*time.Hour).Format(time.RFC3339))), token: m.people[w].token},
		[]int{http.StatusOK}
}

// tick moves the clock on 10 to 40 minutes and runs one of the jobs bookings move by, as the
// scheduler does (the job table is the jobs package's, which the handlers do not import); it
// sends no request.
func (m *modelRun) tick(_ int, rng *rand.Rand) (request, []int) {
	m.clock.Advance(time.Duration(10+rng.IntN(31)) * time.Minute)
	jobs := []func(context.Context) (int64, error){m.app.Booking.MarkNoShows, m.app.Booking.CompleteCheckedIn, m.app.Booking.ExpireHolds}
	if _, err := jobs[rng.IntN(len(jobs))](m.ctx); err != nil {
		m.t.Errorf("tick: %v", err)
	}
	return request{}, nil
}

// check holds the database to the invariants and to the model.
func (m *modelRun) check() {
	t := m.t
	t.Helper()
	db := m.db.R(m.ctx)
	if n, err := m.db.CountOverbookings(m.ctx); err != nil || n != 0 {
		t.Errorf("invariant 1: %d overbooked instants (%v)", n, err)
	}
	var sessions []struct {
		ID, Seats, Held, Waiting int64
	}
	err := db.Raw(`SELECT s.id, s.seats,
		(SELECT COUNT(*) FROM enrollments e WHERE e.session_id = s.id AND e.status IN ?) AS held,
		(SELECT COUNT(*) FROM enrollments e WHERE e.session_id = s.id AND e.status = ?) AS waiting
		FROM course_sessions s WHERE s.id IN ?`, models.SeatHoldingEnrollmentStatuses, models.EnrollmentWaitlisted, m.sessions).Scan(&sessions).Error
	m.must(err)
	for _, s := range sessions {
		if s.Held > s.Seats || (s.Held < s.Seats && s.Waiting > 0) {
			t.Errorf("invariant 2: session %d holds %d of %d seats with %d waiting", s.ID, s.Held, s.Seats, s.Waiting)
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var bookings []models.Booking
	m.must(db.Find(&bookings).Error)
	if len(bookings) != len(m.bookings) {
		t.Errorf("invariant 3: %d bookings in the database, %d answered 201", len(bookings), len(m.bookings))
	}
	for _, b := range bookings {
		want, ok := m.bookings[b.ID]
		switch {
		case !ok:
			t.Errorf("invariant 3: booking %d exists without a 201", b.ID)
		case want.user != b.UserID || want.resource != b.ResourceID:
			t.Errorf("invariant 3: booking %d is of user %d on resource %d, answered %+v", b.ID, b.UserID, b.ResourceID, want)
		case m.cancelled[b.ID] && b.Status != models.BookingCancelled:
			t.Errorf("invariant 3: booking %d answered cancelled is %s", b.ID, b.Status)
		}
	}
	var enrollments []models.Enrollment
	m.must(db.Where("session_id IN ?", m.sessions).Find(&enrollments).Error)
	if len(enrollments) != len(m.enrolled) {
		t.Errorf("invariant 3: %d enrolments in the database, %d answered 201", len(enrollments), len(m.enrolled))
	}
	for _, e := range enrollments {
		want, ok := m.enrolled[e.ID]
		switch {
		case !ok || want.user != e.UserID || want.session != e.SessionID:
			t.Errorf("invariant 3: enrolment %d (user %d, session %d) answered %+v", e.ID, e.UserID, e.SessionID, want)
		case m.dropped[e.ID] && e.Status != models.EnrollmentCancelled:
			t.Errorf("invariant 3: enrolment %d answered cancelled is %s", e.ID, e.Status)
		}
	}
	var requests, blackouts int64
	m.must(db.Model(&models.ServiceRequest{}).Count(&requests).Error)
	m.must(db.Model(&models.Blackout{}).Count(&blackouts).Error)
	if requests != int64(len(m.requests)) || blackouts != int64(len(m.blackouts)) {
		t.Errorf("invariant 3: %d service requests and %d blackouts, %d and %d answered 201", requests, blackouts, len(m.requests), len(m.blackouts))
	}
}

func (m *modelRun) lastBatch() string {
	var b strings.Builder
	for w, entries := range m.log {
		fmt.Fprintf(&b, "person %d:\n  %s\n", w, strings.Join(entries, "\n  "))
	}
	return b.String()
}

func (m *modelRun) tally() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m.counts)) {
		fmt.Fprintf(&b, "%s: %d; ", k, m.counts[k])
	}
	return b.String()
}
