package handlers

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/seed"
	"cqshare/models"
)

// catalogFixture is a test server with the demo data and a token for each demo account.
type catalogFixture struct {
	*testServer
	admin, manager, student, teacher, sme string
	// practice and platform are the facilities the demo manager manages; other is one they do not.
	practice, platform, other int64
	// laser is a resource of practice that requires a qualification; foreign one of other.
	laser, foreign int64
}

func newCatalogFixture(t *testing.T) *catalogFixture {
	t.Helper()
	s := newTestServerWithConfig(t, apptest.DemoConfig(t))
	ctx := context.Background()
	f := &catalogFixture{testServer: s}
	for email, tok := range map[string]*string{"admin@demo.local": &f.admin, "manager@demo.local": &f.manager,
		"student@demo.local": &f.student, "teacher@demo.local": &f.teacher, "sme@demo.local": &f.sme} {
		*tok = s.login(email, seed.DemoPassword)
	}
	mgr, err := s.app.Accounts.CurrentActor(ctx, s.userID("manager@demo.local"))
	if err != nil {
		t.Fatal(err)
	}
	f.practice, f.platform = mgr.ManagedFacilityIDs[0], mgr.ManagedFacilityIDs[1]
	facs, _, err := s.app.Catalog.Facilities(ctx, core.System, catalog.FacilityFilter{Kind: models.KindPracticeCenter}, core.NewPage(1, 100))
	if err != nil {
		t.Fatal(err)
	}
	f.other = facs[len(facs)-1].ID
	f.laser = f.resourceWhere(t, f.practice, "laser")
	f.foreign = f.resourceWhere(t, f.other, "")
	return f
}

// resourceWhere returns the first resource of the facility, of the category when one is given.
func (f *catalogFixture) resourceWhere(t *testing.T, facilityID int64, category string) int64 {
	t.Helper()
	rs, _, err := f.app.Catalog.Resources(context.Background(), core.System, catalog.ResourceFilter{FacilityID: facilityID, Category: category}, core.NewPage(1, 1))
	if err != nil || len(rs) == 0 {
		t.Fatalf("no resource of facility %d in %q: %v", facilityID, category, err)
	}
	return rs[0].ID
}

// login signs in and returns the Bearer token.
func (s *testServer) login(email, password string) string {
	s.t.Helper()
	res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": password}})
	if res.Status != http.StatusOK {
		s.t.Fatalf("login %s: %d %s", email, res.Status, res.Body)
	}
	var login loginResponse
	res.JSON(s.t, &login)
	return login.Token
}

func (s *testServer) userID(email string) int64 {
	s.t.Helper()
	users, _, err := s.app.Accounts.Users(context.Background(), core.System, accounts.UserFilter{Query: email}, core.NewPage(1, 1))
	if err != nil || len(users) == 0 {
		s.t.Fatalf("no user %s: %v", email, err)
	}
	return users[0].ID
}

// scenario is one API call of a table test and the answer it should get.
type scenario struct {
	name       string
	token      string
	method     string
	path       string
	body       any
	wantStatus int
	wantCode   string
	check      func(t *testing.T, res response) // more checks of a success, or nil
}

// bad marks the request of a scenario as bad input the API document does not allow.
func bad(sc scenario) scenario {
	sc.body = badInput{sc.body}
	return sc
}

func (s *testServer) run(t *testing.T, scenarios []scenario) {
	t.Helper()
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			res := s.do(request{method: sc.method, path: sc.path, token: sc.token, body: sc.body})
			if res.Status != sc.wantStatus || res.ErrorCode() != sc.wantCode {
				t.Fatalf("%s %s: got %d %q, want %d %q: %s", sc.method, sc.path, res.Status, res.ErrorCode(), sc.wantStatus, sc.wantCode, truncateBody(res.Body))
			}
			if sc.check != nil {
				sc.check(t, res)
			}
		})
	}
}

// total checks the total of a list answer.
func total(want int64) func(t *testing.T, res response) {
	return func(t *testing.T, res response) {
		t.Helper()
		var l listResponse[map[string]any]
		res.JSON(t, &l)
		if l.Total != want {
			t.Errorf("got total %d, want %d", l.Total, want)
		}
	}
}

// items checks every item of a list answer, and that there is at least one.
func items(check func(item map[string]any) bool) func(t *testing.T, res response) {
	return func(t *testing.T, res response) {
		t.Helper()
		var l listResponse[map[string]any]
		res.JSON(t, &l)
		if len(l.Items) == 0 {
			t.Fatal("got no items")
		}
		for _, it := range l.Items {
			if !check(it) {
				t.Errorf("got %v", it)
			}
		}
	}
}

// field checks one field of an object answer.
func field(name string, want any) func(t *testing.T, res response) {
	return func(t *testing.T, res response) {
		t.Helper()
		var m map[string]any
		res.JSON(t, &m)
		if fmt.Sprint(m[name]) != fmt.Sprint(want) {
			t.Errorf("got %s = %v, want %v", name, m[name], want)
		}
	}
}

func TestCatalogReadAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	get := func(name, token, path string, status int, code string, check func(*testing.T, response)) scenario {
		return scenario{name: name, token: token, method: http.MethodGet, path: path, wantStatus: status, wantCode: code, check: check}
	}
	st := f.student
	f.run(t, []scenario{
		get("signed out", "", "/api/v1/resources", 401, "unauthenticated", nil),
		get("facilities", st, "/api/v1/facilities", 200, "", total(15)),
		get("facilities of a kind", st, "/api/v1/facilities?kind=tech_platform", 200, "", items(func(m map[string]any) bool { return m["kind"] == "tech_platform" })),
		get("facilities of a consortium", st, "/api/v1/facilities?consortium_id=2", 200, "", total(3)),
		get("facilities by name", st, "/api/v1/facilities?q=%E5%9F%B9%E8%AE%AD%E5%9F%BA%E5%9C%B0", 200, "", total(5)), // 培训基地
		bad(get("facilities of an unknown kind", st, "/api/v1/facilities?kind=lab", 422, "validation_failed", nil)),
		bad(get("facilities of a consortium that is not a number", st, "/api/v1/facilities?consortium_id=abc", 400, "bad_request", nil)),
		get("a facility", st, fmt.Sprintf("/api/v1/facilities/%d", f.practice), 200, "", field("time_zone", "Asia/Shanghai")),
		get("an unknown facility", st, "/api/v1/facilities/999999", 404, "not_found", nil),
		bad(get("a negative facility id", st, "/api/v1/facilities/-3", 404, "not_found", nil)),
		bad(get("a facility id that is no number", st, "/api/v1/facilities/abc", 404, "not_found", nil)),
		get("resources", st, "/api/v1/resources?page_size=100", 200, "", total(55)),
		get("page size capped at 100", st, "/api/v1/resources?page_size=100000", 200, "", func(t *testing.T, res response) {
			var l listResponse[map[string]any]
			res.JSON(t, &l)
			if len(l.Items) != 55 || l.Total != 55 {
				t.Errorf("got %d of %d", len(l.Items), l.Total)
			}
		}),
		get("a page of 10", st, "/api/v1/resources?page=2&page_size=10", 200, "", func(t *testing.T, res response) {
			var l listResponse[map[string]any]
			res.JSON(t, &l)
			if len(l.Items) != 10 || l.Items[0]["id"] != float64(11) {
				t.Errorf("got %d items from id %v", len(l.Items), l.Items[0]["id"])
			}
		}),
		bad(get("a page far away", st, "/api/v1/resources?page=9223372036854775807", 422, "validation_failed", func(t *testing.T, res response) {
			if res.Fields()["page"] == "" {
				t.Errorf("got fields %v, want page named", res.Fields())
			}
		})),
		bad(get("a negative page", st, "/api/v1/resources?page=-1", 422, "validation_failed", func(t *testing.T, res response) {
			if res.Fields()["page"] == "" {
				t.Errorf("got fields %v, want page named", res.Fields())
			}
		})),
		bad(get("a page that is no number", st, "/api/v1/resources?page=two", 400, "bad_request", nil)),
		get("resources of a facility", st, fmt.Sprintf("/api/v1/resources?facility_id=%d", f.practice), 200, "", total(6)),
		get("resources of a cluster", st, "/api/v1/resources?cluster=light_alloy", 200, "", items(func(m map[string]any) bool { return m["cluster"] == "light_alloy" })),
		get("resources of a category", st, "/api/v1/resources?category=cnc", 200, "", total(4)),
		get("resources in maintenance", st, "/api/v1/resources?status=maintenance", 200, "", total(1)),
		get("resources of tech platforms", st, "/api/v1/resources?kind=tech_platform", 200, "", items(func(m map[string]any) bool { return m["facility_kind"] == "tech_platform" })),
		get("resources by model", st, "/api/v1/resources?q=keysight", 200, "", total(2)),
		get("resources by asset number", st, "/api/v1/resources?q=YULV-TP", 200, "", total(4)),
		get("resources by English name", st, "/api/v1/resources?q=laser", 200, "", items(func(m map[string]any) bool { return m["category"] == "laser" || m["name_en"] == "Laser Tracker" })),
		bad(get("resources of an unknown status", st, "/api/v1/resources?status=broken", 422, "validation_failed", nil)),
		bad(get("resources of a facility id that is negative", st, "/api/v1/resources?facility_id=-1", 422, "validation_failed", nil)),
		bad(get("resources of a facility id too big", st, "/api/v1/resources?facility_id=99999999999999999999", 400, "bad_request", nil)),
		get("a resource", st, fmt.Sprintf("/api/v1/resources/%d", f.laser), 200, "", checkResourceShape),
		bad(get("an unknown resource", st, "/api/v1/resources/0", 404, "not_found", nil)),
		get("resource categories", st, "/api/v1/resource-categories", 200, "", items(func(m map[string]any) bool { return m["count"].(float64) > 0 })),
		get("consortia", st, "/api/v1/consortia", 200, "", total(5)),
		get("national consortia", st, "/api/v1/consortia?level=national", 200, "", total(1)),
		bad(get("consortia of an unknown level", st, "/api/v1/consortia?level=provincial", 422, "validation_failed", nil)),
		get("a consortium", st, "/api/v1/consortia/1", 200, "", func(t *testing.T, res response) {
			var d consortiumDetailResponse
			res.JSON(t, &d)
			if len(d.Members) != 7 || d.Members[0].Role != "lead" || len(d.Clusters) != 3 || d.LeadName == nil {
				t.Errorf("got %d members (first %+v), %d clusters", len(d.Members), d.Members[0], len(d.Clusters))
			}
		}),
		get("an unknown consortium", st, "/api/v1/consortia/424242", 404, "not_found", nil),
		get("organizations", st, "/api/v1/organizations?kind=school", 200, "", total(8)),
		get("SMEs", st, "/api/v1/organizations?is_sme=true", 200, "", items(func(m map[string]any) bool { return m["is_sme"] == true && m["credit_code"] != nil })),
		get("organizations by name", st, "/api/v1/organizations?q=%E9%87%8D%E5%BA%86%E7%94%B5%E5%AD%90%E5%B7%A5%E7%A8%8B", 200, "", total(1)), // 重庆电子工程
		bad(get("is_sme that is no boolean", st, "/api/v1/organizations?is_sme=maybe", 400, "bad_request", nil)),
		get("an organization", st, "/api/v1/organizations/1", 200, "", field("kind", "school")),
		get("clusters", st, "/api/v1/clusters", 200, "", total(12)),
		get("qualifications", st, "/api/v1/qualifications", 200, "", total(7)),
		get("blackouts of a facility", st, fmt.Sprintf("/api/v1/facilities/%d/blackouts", f.practice), 200, "", total(3)),
		get("blackouts of a facility in a window", st, fmt.Sprintf("/api/v1/facilities/%d/blackouts?from=2030-01-01T00:00:00%%2B08:00&to=2030-02-01T00:00:00Z", f.practice), 200, "", total(0)),
		bad(get("blackouts with a bad time", st, fmt.Sprintf("/api/v1/facilities/%d/blackouts?from=yesterday", f.practice), 400, "bad_request", nil)),
		get("blackouts in a reversed window", st, fmt.Sprintf("/api/v1/facilities/%d/blackouts?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", f.practice), 422, "validation_failed", nil),
		get("blackouts of an unknown facility", st, "/api/v1/facilities/999999/blackouts", 404, "not_found", nil),
		get("blackouts of a resource", st, fmt.Sprintf("/api/v1/resources/%d/blackouts", f.laser), 200, "", total(2)),
		get("blackouts of an unknown resource", st, "/api/v1/resources/999999/blackouts", 404, "not_found", nil),
	})
}

// checkResourceShape checks the fields every client relies on in a resource.
func checkResourceShape(t *testing.T, res response) {
	t.Helper()
	var m map[string]any
	res.JSON(t, &m)
	for _, k := range []string{"id", "facility_id", "name", "name_en", "category", "cluster", "cluster_name", "capacity", "status",
		"model", "asset_no", "description", "facility_name", "time_zone", "rules", "quota_hours_year"} {
		if _, ok := m[k]; !ok {
			t.Errorf("got no %s in %v", k, m)
		}
	}
	rules, _ := m["rules"].(map[string]any)
	for _, k := range []string{"slot_minutes", "min_minutes", "max_minutes", "max_advance_days", "min_lead_minutes", "buffer_minutes",
		"weekly_quota_minutes", "requires_approval", "qualification", "cancel_deadline_minutes", "checkin_grace_minutes",
		"rate_internal_fen", "rate_external_fen"} {
		if _, ok := rules[k]; !ok {
			t.Errorf("got no rules.%s in %v", k, rules)
		}
	}
	q, _ := rules["qualification"].(map[string]any)
	if q["code"] != "laser_safety" || q["name"] != "激光切割安全操作证" || q["id"] == nil || q["name_en"] == nil || q["valid_months"] != float64(24) {
		t.Errorf("got qualification %v, want laser_safety", rules["qualification"])
	}
}

func TestDemoAccountsSignIn(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	for _, d := range seed.DemoAccounts {
		t.Run(d.Email, func(t *testing.T) {
			res := f.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": d.Email, "password": seed.DemoPassword}})
			var login loginResponse
			res.JSON(t, &login)
			if res.Status != http.StatusOK || login.User.Role != d.Role {
				t.Errorf("got %d, role %q; want 200, %s", res.Status, login.User.Role, d.Role)
			}
		})
	}
}
