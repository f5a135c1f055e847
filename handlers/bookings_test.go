package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// bookingAPI is a test server with a Shanghai facility open every day 08:00–22:00, a clock at
// Monday 2026-03-02 08:00 local time, and direct access to the database for fixtures.
type bookingAPI struct {
	*testServer
	db    *models.DB
	clock *apptest.Clock
	fac   models.Facility
	loc   *time.Location
}

func newBookingAPI(t *testing.T) *bookingAPI {
	t.Helper()
	loc, _ := time.LoadLocation("Asia/Shanghai")
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, loc))
	cfg := apptest.Config(t)
	s := newTestServerWithConfig(t, cfg, app.WithClock(clock.Now))
	db, err := app.OpenDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	b := &bookingAPI{testServer: s, db: db, clock: clock, loc: loc}
	b.fac = b.facility()
	return b
}

func (b *bookingAPI) create(v any) {
	b.t.Helper()
	if err := b.db.W(context.Background()).Create(v).Error; err != nil {
		b.t.Fatal(err)
	}
}

var bookingAPISeq atomic.Int64

func (b *bookingAPI) facility() models.Facility {
	now := b.clock.Now().UTC()
	con := models.Consortium{Name: fmt.Sprintf("联合体 %d", bookingAPISeq.Add(1)), Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	b.create(&con)
	var hours []models.OpeningInterval
	for wd := range 7 {
		hours = append(hours, models.OpeningInterval{Weekday: wd, Start: "08:00", End: "22:00"})
	}
	fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: "智能制造实践中心", TimeZone: "Asia/Shanghai",
		OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours}, DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()},
		CreatedAt: now, UpdatedAt: now}
	b.create(&fac)
	return fac
}

func (b *bookingAPI) resource(name string, mod func(*models.Resource)) models.Resource {
	now := b.clock.Now().UTC()
	r := models.Resource{FacilityID: b.fac.ID, Name: name, Category: "equipment", Capacity: 1, Status: models.ResourceAvailable,
		Rules: models.DefaultRules(), CreatedAt: now, UpdatedAt: now}
	if mod != nil {
		mod(&r)
	}
	b.create(&r)
	return r
}

// at is an RFC 3339 local time, days after Monday 2026-03-02.
func (b *bookingAPI) at(day int, hhmm string) string {
	var h, m int
	_, _ = fmt.Sscanf(hhmm, "%d:%d", &h, &m)
	return time.Date(2026, 3, 2+day, h, m, 0, 0, b.loc).Format(time.RFC3339)
}

func (b *bookingAPI) body(res models.Resource, day int, start, end string) map[string]any {
	return map[string]any{"resource_id": res.ID, "start_at": b.at(day, start), "end_at": b.at(day, end),
		"purpose": "数控加工实训", "purpose_category": "training"}
}

// book creates a booking through the API and returns it.
func (b *bookingAPI) book(token string, body map[string]any) bookingResponse {
	b.t.Helper()
	res := b.do(request{method: http.MethodPost, path: "/api/v1/bookings", token: token, body: body})
	if res.Status != http.StatusCreated {
		b.t.Fatalf("book: got %d %s", res.Status, res.Body)
	}
	var out bookingResponse
	res.JSON(b.t, &out)
	return out
}

// bookingCase is one request of a scenario table.
type bookingCase struct {
	name       string
	method     string
	path       string
	token      string
	body       any
	wantStatus int
	wantCode   string
	wantField  string
	wantIn     string // a substring of the body
}

func (b *bookingAPI) run(t *testing.T, cases []bookingCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodGet
			}
			res := b.do(request{method: method, path: tc.path, token: tc.token, body: tc.body})
			if res.Status != tc.wantStatus || res.ErrorCode() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", res.Status, res.ErrorCode(), tc.wantStatus, tc.wantCode, res.Body)
			}
			if tc.wantField != "" {
				if _, ok := res.Fields()[tc.wantField]; !ok {
					t.Fatalf("got fields %v, want %s", res.Fields(), tc.wantField)
				}
			}
			if tc.wantIn != "" && !strings.Contains(string(res.Body), tc.wantIn) {
				t.Fatalf("got %s, want it to contain %s", res.Body, tc.wantIn)
			}
		})
	}
}

func withField(body map[string]any, key string, v any) map[string]any {
	out := map[string]any{}
	for k, x := range body {
		out[k] = x
	}
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

func TestCreateBookingAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	broken := b.resource("三坐标测量机", func(r *models.Resource) { r.Status = models.ResourceMaintenance })
	q := models.Qualification{Code: "laser", Name: "激光安全"}
	b.create(&q)
	laser := b.resource("激光切割机", func(r *models.Resource) { r.QualificationID = &q.ID })
	oven := b.resource("热处理炉", func(r *models.Resource) { r.BufferMinutes = 30 })
	hall := b.resource("实训大厅", func(r *models.Resource) { r.Capacity, r.MaxMinutes = 500, 840 })
	_, student := b.user("student@example.cn", models.RoleStudent)
	suspended, suspendedToken := b.user("suspended@example.cn", models.RoleStudent)
	until := b.clock.Now().Add(48 * time.Hour).UTC()
	if err := b.db.SetBookingSuspension(context.Background(), suspended.ID, &until); err != nil {
		t.Fatal(err)
	}
	ok := b.body(lathe, 1, "10:00", "11:00")
	const path = "/api/v1/bookings"
	b.run(t, []bookingCase{
		{name: "signed out", method: http.MethodPost, path: path, body: ok, wantStatus: 401, wantCode: "unauthenticated"},
		{name: "malformed JSON", method: http.MethodPost, path: path, token: student, body: badInput{`{"resource_id":`}, wantStatus: 400, wantCode: "bad_request"},
		{name: "wrong type", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "seats", "two")}, wantStatus: 400, wantCode: "bad_request", wantField: "seats"},
		{name: "no resource", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "resource_id", nil)}, wantStatus: 422, wantCode: "validation_failed", wantField: "resource_id"},
		{name: "unknown resource", method: http.MethodPost, path: path, token: student, body: withField(ok, "resource_id", 99999), wantStatus: 422, wantCode: "validation_failed", wantField: "resource_id"},
		{name: "time without offset", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "start_at", "2026-03-03T10:00:00")}, wantStatus: 422, wantCode: "validation_failed", wantField: "start_at"},
		{name: "not a time", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "end_at", "tomorrow")}, wantStatus: 422, wantCode: "validation_failed", wantField: "end_at"},
		{name: "both ends bad, both named", method: http.MethodPost, path: path, token: student, body: badInput{withField(withField(ok, "start_at", "soon"), "end_at", "9999-12-31T23:00:00Z")}, wantStatus: 422, wantCode: "validation_failed", wantField: "start_at", wantIn: `"end_at":"须在 1970 年到 2200 年之间。"`},
		{name: "off the slot grid", method: http.MethodPost, path: path, token: student, body: withField(ok, "start_at", b.at(1, "10:10")), wantStatus: 422, wantCode: "rule_violation", wantField: "start_at", wantIn: `"rule":"slot_alignment"`},
		{name: "no purpose", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "purpose", nil)}, wantStatus: 422, wantCode: "rule_violation", wantField: "purpose"},
		{name: "bad category", method: http.MethodPost, path: path, token: student, body: badInput{withField(ok, "purpose_category", "fun")}, wantStatus: 422, wantCode: "rule_violation", wantField: "purpose_category"},
		{name: "too many seats", method: http.MethodPost, path: path, token: student, body: withField(ok, "seats", 3), wantStatus: 422, wantCode: "rule_violation", wantField: "seats"},
		{name: "under maintenance", method: http.MethodPost, path: path, token: student, body: b.body(broken, 1, "10:00", "11:00"), wantStatus: 422, wantCode: "rule_violation", wantIn: "resource_unavailable"},
		{name: "qualification missing", method: http.MethodPost, path: path, token: student, body: b.body(laser, 1, "10:00", "11:00"), wantStatus: 403, wantCode: "qualification_required"},
		{name: "suspended", method: http.MethodPost, path: path, token: suspendedToken, body: ok, wantStatus: 403, wantCode: "booking_suspended", wantIn: `"until":"`},
		{name: "booked", method: http.MethodPost, path: path, token: student, body: ok, wantStatus: 201, wantIn: `"start_at":"2026-03-03T10:00:00+08:00"`},
		{name: "taken", method: http.MethodPost, path: path, token: student, body: ok, wantStatus: 409, wantCode: "booking_conflict",
			wantIn: `"conflicts":[{"start_at":"2026-03-03T02:00:00Z","end_at":"2026-03-03T03:00:00Z","buffer_end_at":"2026-03-03T03:00:00Z","buffer_only":false}]`},
		{name: "booked with a buffer", method: http.MethodPost, path: path, token: student, body: b.body(oven, 1, "09:00", "10:30"), wantStatus: 201},
		{name: "inside its buffer", method: http.MethodPost, path: path, token: student, body: b.body(oven, 1, "10:30", "11:30"), wantStatus: 409, wantCode: "booking_conflict",
			wantIn: `"message":"该资源 2026年3月3日 09:00 至 2026年3月3日 10:30 已被占用，其后 30 分钟（至 2026年3月3日 11:00）为缓冲时间。"`},
		{name: "too many claim rows", method: http.MethodPost, path: path, token: student, body: withField(b.body(hall, 1, "08:00", "22:00"), "seats", 500),
			wantStatus: 422, wantCode: "rule_violation", wantField: "seats", wantIn: `"rule":"claim_limit"`},
	})
}

func TestBookingLifecycleAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", func(r *models.Resource) { r.NameEn = "CNC Lathe" })
	approval := b.resource("电镜", func(r *models.Resource) { r.RequiresApproval = true })
	owner, ownerToken := b.user("owner@example.cn", models.RoleStudent)
	_, other := b.user("other@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	otherFac := b.facility()
	_, stranger := b.user("stranger@example.cn", models.RoleManager, otherFac.ID)
	_, admin := b.user("admin@example.cn", models.RoleAdmin)

	confirmed := b.book(ownerToken, b.body(lathe, 1, "10:00", "11:00"))
	pending := b.book(ownerToken, b.body(approval, 1, "10:00", "11:00"))
	toReject := b.book(ownerToken, b.body(approval, 2, "10:00", "11:00"))
	toCancel := b.book(ownerToken, b.body(lathe, 2, "10:00", "11:00"))
	if confirmed.Status != models.BookingConfirmed || pending.Status != models.BookingPending || confirmed.UserName != owner.Name {
		t.Fatalf("got %+v and %+v, want confirmed and pending with the owner's name", confirmed, pending)
	}
	p := func(id int64, action string) string { return fmt.Sprintf("/api/v1/bookings/%d%s", id, action) }
	post := http.MethodPost
	b.run(t, []bookingCase{
		{name: "owner reads", path: p(confirmed.ID, ""), token: ownerToken, wantStatus: 200, wantIn: `"time_zone":"Asia/Shanghai"`},
		{name: "the names in both languages", path: p(confirmed.ID, ""), token: ownerToken, wantStatus: 200, wantIn: `"resource_name":"数控车床","resource_name_en":"CNC Lathe"`},
		{name: "an English name it has not", path: p(pending.ID, ""), token: ownerToken, wantStatus: 200, wantIn: `"resource_name":"电镜","resource_name_en":""`},
		{name: "another student gets 404", path: p(confirmed.ID, ""), token: other, wantStatus: 404, wantCode: "not_found"},
		{name: "manager reads", path: p(confirmed.ID, ""), token: manager, wantStatus: 200},
		{name: "manager of another facility gets 404", path: p(confirmed.ID, ""), token: stranger, wantStatus: 404, wantCode: "not_found"},
		{name: "admin reads", path: p(confirmed.ID, ""), token: admin, wantStatus: 200},
		{name: "no such booking", path: p(99999, ""), token: admin, wantStatus: 404, wantCode: "not_found"},
		{name: "not an id", path: "/api/v1/bookings/abc", token: admin, body: badInput{}, wantStatus: 404, wantCode: "not_found"},
		{name: "another student cannot cancel", method: post, path: p(confirmed.ID, "/cancel"), token: other, wantStatus: 404, wantCode: "not_found"},
		{name: "owner cannot approve", method: post, path: p(pending.ID, "/approve"), token: ownerToken, wantStatus: 403, wantCode: "forbidden"},
		{name: "other manager cannot approve", method: post, path: p(pending.ID, "/approve"), token: stranger, wantStatus: 404, wantCode: "not_found"},
		{name: "pending cannot check in", method: post, path: p(pending.ID, "/check-in"), token: ownerToken, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "manager approves", method: post, path: p(pending.ID, "/approve"), token: manager, body: map[string]string{"note": "同意"}, wantStatus: 200, wantIn: `"status":"confirmed"`},
		{name: "approve twice", method: post, path: p(pending.ID, "/approve"), token: manager, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "reject without reason", method: post, path: p(toReject.ID, "/reject"), token: manager, body: badInput{map[string]string{}}, wantStatus: 422, wantCode: "rule_violation", wantField: "reason"},
		{name: "reject", method: post, path: p(toReject.ID, "/reject"), token: admin, body: map[string]string{"reason": "维护"}, wantStatus: 200, wantIn: `"status":"rejected"`},
		{name: "check in too early", method: post, path: p(confirmed.ID, "/check-in"), token: ownerToken, wantStatus: 422, wantCode: "rule_violation", wantIn: "checkin_window"},
		{name: "check out before check-in", method: post, path: p(confirmed.ID, "/check-out"), token: ownerToken, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "manager cancel needs a reason", method: post, path: p(toCancel.ID, "/cancel"), token: manager, wantStatus: 422, wantCode: "rule_violation", wantField: "reason"},
		{name: "owner cancels", method: post, path: p(toCancel.ID, "/cancel"), token: ownerToken, wantStatus: 200, wantIn: `"late_cancel":false`},
		{name: "cancel twice", method: post, path: p(toCancel.ID, "/cancel"), token: ownerToken, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "cancel body of the wrong type", method: post, path: p(confirmed.ID, "/cancel"), token: ownerToken, body: badInput{map[string]int{"reason": 1}}, wantStatus: 400, wantCode: "bad_request"},
	})

	b.clock.Set(time.Date(2026, 3, 3, 9, 50, 0, 0, b.loc))
	b.run(t, []bookingCase{
		{name: "check in", method: post, path: p(confirmed.ID, "/check-in"), token: ownerToken, wantStatus: 200, wantIn: `"status":"checked_in"`},
		{name: "check in twice", method: post, path: p(confirmed.ID, "/check-in"), token: ownerToken, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "owner cannot cancel once started", method: post, path: p(confirmed.ID, "/cancel"), token: ownerToken, wantStatus: 409, wantCode: "invalid_transition"},
	})
	b.clock.Set(time.Date(2026, 3, 3, 10, 20, 0, 0, b.loc))
	b.run(t, []bookingCase{
		{name: "check out early", method: post, path: p(confirmed.ID, "/check-out"), token: ownerToken, wantStatus: 200, wantIn: `"checked_out_at":"2026-03-03T10:20:00+08:00"`},
		{name: "the rest is free again", method: post, path: "/api/v1/bookings", token: other, body: b.body(lathe, 1, "10:30", "11:00"), wantStatus: 201},
	})
}

func TestListBookingsAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", func(r *models.Resource) { r.RequiresApproval = true })
	mill := b.resource("铣床", nil)
	_, alice := b.user("alice@example.cn", models.RoleStudent)
	bob, bobToken := b.user("bob@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	otherFac := b.facility()
	_, stranger := b.user("stranger@example.cn", models.RoleManager, otherFac.ID)
	b.book(alice, b.body(lathe, 1, "10:00", "11:00"))
	b.book(alice, b.body(mill, 2, "10:00", "11:00"))
	b.book(bobToken, b.body(lathe, 3, "10:00", "11:00"))
	b.clock.Set(time.Date(2026, 3, 4, 12, 0, 0, 0, b.loc)) // Wednesday noon: two bookings over, one to come

	const path = "/api/v1/bookings"
	b.run(t, []bookingCase{
		{name: "mine", path: path, token: alice, wantStatus: 200, wantIn: `"total":2`},
		{name: "mine upcoming", path: path + "?when=upcoming", token: alice, wantStatus: 200, wantIn: `"total":0`},
		{name: "mine past", path: path + "?when=past", token: alice, wantStatus: 200, wantIn: `"total":2`},
		{name: "mine by status", path: path + "?status=pending,cancelled", token: alice, wantStatus: 200, wantIn: `"total":1`},
		{name: "mine by resource", path: fmt.Sprintf("%s?resource_id=%d", path, mill.ID), token: alice, wantStatus: 200, wantIn: `"total":1`},
		{name: "mine in a window", path: path + "?from=2026-03-04T00:00:00%2B08:00&to=2026-03-05T00:00:00%2B08:00", token: alice, wantStatus: 200, wantIn: `"total":1`},
		{name: "bad status", path: path + "?status=lost", token: alice, wantStatus: 422, wantCode: "validation_failed", wantField: "status"},
		{name: "bad when", path: path + "?when=soon", token: alice, body: badInput{}, wantStatus: 422, wantCode: "validation_failed", wantField: "when"},
		{name: "bad from", path: path + "?from=monday", token: alice, body: badInput{}, wantStatus: 422, wantCode: "validation_failed", wantField: "from"},
		{name: "bad page", path: path + "?page=x", token: alice, body: badInput{}, wantStatus: 400, wantCode: "bad_request"},
		{name: "student cannot list managed", path: path + "?scope=managed", token: alice, wantStatus: 403, wantCode: "forbidden"},
		{name: "user filter needs managed scope", path: fmt.Sprintf("%s?user_id=%d", path, bob.ID), token: alice, wantStatus: 422, wantCode: "validation_failed", wantField: "scope"},
		{name: "manager lists the facility", path: path + "?scope=managed", token: manager, wantStatus: 200, wantIn: `"total":3`},
		{name: "approval queue", path: path + "?scope=managed&status=pending&when=upcoming", token: manager, wantStatus: 200, wantIn: `"total":1`},
		{name: "manager filters by user", path: fmt.Sprintf("%s?scope=managed&user_id=%d", path, bob.ID), token: manager, wantStatus: 200, wantIn: `"total":1`},
		{name: "manager of another facility sees none", path: path + "?scope=managed", token: stranger, wantStatus: 200, wantIn: `"total":0`},
		{name: "manager names a facility not managed", path: fmt.Sprintf("%s?scope=managed&facility_id=%d", path, b.fac.ID), token: stranger, wantStatus: 403, wantCode: "forbidden"},
		{name: "paginated", path: path + "?scope=managed&page_size=1&page=3", token: manager, wantStatus: 200, wantIn: `"start_at":"2026-03-03T10:00:00+08:00"`},
		{name: "page past the end", path: path + "?scope=managed&page_size=2&page=3", token: manager, wantStatus: 200, wantIn: `{"items":[],"total":3}`},
	})
}

func TestAvailabilityAndScheduleAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, student := b.user("student@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	b.book(student, b.body(lathe, 1, "10:00", "11:00"))
	avail := fmt.Sprintf("/api/v1/resources/%d/availability", lathe.ID)
	sched := fmt.Sprintf("/api/v1/facilities/%d/schedule", b.fac.ID)
	window := "?from=2026-03-03T00:00:00%2B08:00&to=2026-03-04T00:00:00%2B08:00"
	b.run(t, []bookingCase{
		{name: "availability", path: avail + window, token: student, wantStatus: 200,
			wantIn: `{"items":[{"start_at":"2026-03-03T08:00:00+08:00","end_at":"2026-03-03T10:00:00+08:00","free_seats":1},{"start_at":"2026-03-03T11:00:00+08:00","end_at":"2026-03-03T22:00:00+08:00","free_seats":1}],` +
				`"taken":[{"start_at":"2026-03-03T10:00:00+08:00","end_at":"2026-03-03T11:00:00+08:00"}],` +
				`"closed":[{"start_at":"2026-03-03T00:00:00+08:00","end_at":"2026-03-03T08:00:00+08:00","rule":"opening_hours","reason":""},` +
				`{"start_at":"2026-03-03T22:00:00+08:00","end_at":"2026-03-04T00:00:00+08:00","rule":"opening_hours","reason":""}],`},
		{name: "the advance window ends the bookable time", path: avail, token: student, wantStatus: 200, wantIn: `"bookable_until":"2026-03-16T08:00:00+08:00"`},
		{name: "a refusal names the next free slot", method: http.MethodPost, path: "/api/v1/bookings", token: student, body: b.body(lathe, 1, "10:00", "11:00"),
			wantStatus: 409, wantCode: "booking_conflict", wantIn: `"next_free":{"end_at":"2026-03-03T12:00:00+08:00","start_at":"2026-03-03T11:00:00+08:00"}`},
		{name: "availability by default", path: avail, token: student, wantStatus: 200},
		{name: "availability signed out", path: avail, wantStatus: 401, wantCode: "unauthenticated"},
		{name: "availability of nothing", path: "/api/v1/resources/99999/availability", token: student, wantStatus: 404, wantCode: "not_found"},
		{name: "availability window reversed", path: avail + "?from=2026-03-04T00:00:00Z&to=2026-03-03T00:00:00Z", token: student, wantStatus: 422, wantCode: "rule_violation", wantField: "to"},
		{name: "availability over 62 days", path: avail + "?from=2026-03-03T00:00:00Z&to=2026-05-05T00:00:00Z", token: student, wantStatus: 422, wantCode: "rule_violation", wantField: "to"},
		{name: "availability bad time", path: avail + "?from=soon", token: student, body: badInput{}, wantStatus: 422, wantCode: "validation_failed", wantField: "from"},
		{name: "schedule hides who booked", path: sched + window, token: student, wantStatus: 200, wantIn: `"busy":[{"start_at":"2026-03-03T10:00:00+08:00","end_at":"2026-03-03T11:00:00+08:00","seats":1,"status":"confirmed"}]`},
		{name: "schedule shows managers who booked", path: sched + window, token: manager, wantStatus: 200, wantIn: `"user_name":"student"`},
		{name: "schedule over 14 days", path: sched + "?from=2026-03-03T00:00:00Z&to=2026-03-18T00:00:00Z", token: student, wantStatus: 422, wantCode: "rule_violation", wantField: "to"},
		{name: "schedule of nothing", path: "/api/v1/facilities/99999/schedule", token: student, wantStatus: 404, wantCode: "not_found"},
	})
}

func TestCreditAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	u, student := b.user("student@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	_, stranger := b.user("stranger@example.cn", models.RoleManager, b.facility().ID)
	_, admin := b.user("admin@example.cn", models.RoleAdmin)
	booked := b.book(student, b.body(lathe, 0, "09:00", "10:00"))
	b.clock.Set(time.Date(2026, 3, 2, 8, 30, 0, 0, b.loc)) // inside the 120-minute deadline
	b.do(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/bookings/%d/cancel", booked.ID), token: student})
	path := fmt.Sprintf("/api/v1/users/%d/credit", u.ID)
	b.run(t, []bookingCase{
		{name: "mine", path: "/api/v1/me/credit", token: student, wantStatus: 200, wantIn: `"points":1`},
		{name: "student cannot read another's", path: path, token: student, wantStatus: 403, wantCode: "forbidden"},
		{name: "manager of a facility the user booked in", path: path, token: manager, wantStatus: 200, wantIn: `"kind":"late_cancel"`},
		{name: "manager of another facility", path: path, token: stranger, wantStatus: 404, wantCode: "not_found"},
		{name: "admin, unknown user", path: "/api/v1/users/99999/credit", token: admin, wantStatus: 404, wantCode: "not_found"},
		{name: "other manager cannot clear", method: http.MethodPost, path: path + "/clear", token: stranger, body: map[string]string{"note": "x"}, wantStatus: 404, wantCode: "not_found"},
		{name: "clearing needs a note", method: http.MethodPost, path: path + "/clear", token: manager, body: badInput{map[string]string{}}, wantStatus: 422, wantCode: "rule_violation", wantField: "note"},
		{name: "a blank note is none", method: http.MethodPost, path: path + "/clear", token: manager, body: map[string]string{"note": "  "}, wantStatus: 422, wantCode: "rule_violation", wantField: "note"},
		{name: "manager clears", method: http.MethodPost, path: path + "/clear", token: manager, body: map[string]string{"note": "已核实"}, wantStatus: 200, wantIn: `"points":0`},
	})
}
