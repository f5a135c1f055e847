package handlers

import (
	"context"
	"cqshare/app/accounts"
	"cqshare/app/core"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestCatalogBadInput sends garbage to every catalog and account write, as an admin who may
// write anything: each answer is a 4xx naming the problem (never a 500, which the harness
// fails), and nothing is written.
func TestCatalogBadInput(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	ctx := context.Background()
	_, before, err := f.app.Accounts.AuditLogs(ctx, core.System, accounts.AuditFilter{}, core.NewPage(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	teacher := f.userID("teacher@demo.local")
	// Every write gets the malformed bodies, and garbage in each of its own fields.
	malformed := []string{`{`, `[]`, `"text"`, `42`, `{"a": 1,}`, "\x00"}
	rules := []string{`{"rules": []}`, `{"rules": {"slot_minutes": "thirty"}}`, `{"rules": {"buffer_minutes": 1e300}}`,
		`{"rules": {"slot_minutes": 9223372036854775807, "max_minutes": -9223372036854775808}}`, `{"rules": {"min_minutes": 1.5}}`,
		`{"rules": {"qualification_id": "laser"}}`, `{"rules": {"qualification_id": -4}}`, `{"rules": {"rate_external_fen": -1}}`,
		`{"rules": {"requires_approval": "yes"}}`, `{"rules": {"slot_minutes": 0}}`, `{"rules": {"max_advance_days": 100000}}`}
	hours := []string{`{"opening_hours": {"weekday": 1}}`, `{"opening_hours": [{"weekday": "mon", "start": "08:00", "end": "12:00"}]}`,
		`{"opening_hours": [{"weekday": 99999999999, "start": "08:00", "end": "12:00"}]}`, `{"opening_hours": [{"weekday": 1, "start": 8, "end": "12:00"}]}`,
		`{"opening_hours": [{"weekday": 1, "start": "8h", "end": "x"}]}`, `{"time_zone": "../../etc/passwd"}`, `{"time_zone": "Local"}`,
		`{"time_zone": 8}`, `{"manager_ids": [0]}`, `{"manager_ids": "all"}`, `{"consortium_id": -1}`, `{"kind": "lab"}`}
	endpoints := []struct {
		method, path string
		bodies       []string
	}{
		{http.MethodPost, "/api/v1/resources", append([]string{`{"facility_id": -1, "name": "x", "category": "cnc"}`, `{"facility_id": "1"}`,
			`{"facility_id": 1, "name": "x", "category": "cnc", "capacity": 1e40}`, `{"facility_id": 1, "name": "x", "category": "cnc", "capacity": -7}`,
			`{"facility_id": 1, "name": "x", "category": "CNC Lathe"}`, `{"facility_id": 1, "name": 5, "category": "cnc"}`}, rules...)},
		{http.MethodPatch, fmt.Sprintf("/api/v1/resources/%d", f.laser), append([]string{`{"capacity": 99999999999999999999}`,
			`{"capacity": 1.5}`, `{"capacity": 0}`, `{"name": ""}`, `{"name": {"zh": "x"}}`, `{"cluster": 7}`, `{"cluster": "steel"}`,
			`{"status": "melted"}`, `{"quota_hours_year": -1}`, `{"category": "A B"}`, `{"category": "a_category_longer_than_its_column_x"}`,
			`{"name": "` + strings.Repeat("名", 201) + `"}`}, rules...)},
		{http.MethodPost, "/api/v1/facilities", append([]string{`{"consortium_id": 1, "kind": "lab", "name": "x"}`,
			`{"consortium_id": 999999, "kind": "tech_platform", "name": "x"}`, `{"consortium_id": 1, "kind": "tech_platform"}`,
			`{"consortium_id": 1, "kind": "tech_platform", "name": "x", "default_rules": {"slot_minutes": 7}}`}, hours...)},
		{http.MethodPatch, fmt.Sprintf("/api/v1/facilities/%d", f.practice), append([]string{`{"default_rules": []}`,
			`{"default_rules": {"buffer_minutes": 1e300}}`, `{"default_rules": {"min_minutes": 45}}`}, hours...)},
		{http.MethodPost, fmt.Sprintf("/api/v1/facilities/%d/blackouts", f.practice), []string{`{"kind": "closure", "start_at": "yesterday", "end_at": "2027-01-01"}`,
			`{"kind": "closure", "start_at": 1700000000, "end_at": 1700003600}`, `{"kind": "closure", "start_at": "2027-01-02T00:00:00Z", "end_at": "2027-01-01T00:00:00Z"}`,
			`{"kind": "closure", "start_at": "2027-01-01T00:00:00Z", "end_at": "2099-01-01T00:00:00Z"}`, `{"kind": "holiday", "start_at": "2027-01-01T00:00:00Z", "end_at": "2027-01-02T00:00:00Z"}`,
			`{"kind": "closure", "resource_id": -3, "start_at": "2027-01-01T00:00:00Z", "end_at": "2027-01-02T00:00:00Z"}`,
			`{"kind": "closure", "resource_id": 999999, "start_at": "2027-01-01T00:00:00Z", "end_at": "2027-01-02T00:00:00Z"}`,
			`{"kind": "closure", "start_at": "0001-01-01T00:00:00Z", "end_at": "0001-03-01T00:00:00Z"}`,
			`{"kind": "closure", "start_at": "1000-01-01T00:00:00Z", "end_at": "1000-03-01T00:00:00Z"}`,
			`{"kind": "closure", "start_at": "9999-12-31T00:00:00Z", "end_at": "9999-12-31T23:00:00-12:00"}`,
			`{"kind": "closure", "start_at": "2027-01-01T00:00:00Z", "end_at": "2027-01-02T00:00:00Z", "reason": "` + strings.Repeat("因", 301) + `"}`}},
		{http.MethodPost, "/api/v1/consortia", []string{`{"name": "x", "level": "galaxy"}`, `{"name": "x", "level": "municipal", "clusters": "icv_nev"}`,
			`{"name": "x", "level": "municipal", "clusters": ["steel"]}`, `{"name": "x", "level": "municipal", "members": [{"organization_id": "x"}]}`,
			`{"name": "x", "level": "municipal", "members": [{"organization_id": 999999, "role": "member"}]}`, `{"name": "x", "level": "municipal", "lead_organization_id": -1}`}},
		{http.MethodPatch, "/api/v1/consortia/1", []string{`{"level": "galaxy"}`, `{"clusters": ["steel"]}`, `{"lead_organization_id": 999999}`,
			`{"lead_organization_id": "x"}`, `{"name": ""}`}},
		{http.MethodPut, "/api/v1/consortia/1/members/2", []string{`{}`, `{"role": "chair"}`, `{"role": 1}`}},
		{http.MethodPost, "/api/v1/organizations", []string{`{"name": "x", "kind": "enterprise", "credit_code": "123"}`, `{"name": "x", "kind": "club"}`,
			`{"name": "x", "kind": "school", "is_sme": "yes"}`, `{"name": "x", "kind": "school", "is_sme": true}`}},
		{http.MethodPatch, "/api/v1/organizations/1", []string{`{"credit_code": 1}`, `{"credit_code": "91350100M000100Y44"}`, `{"kind": "club"}`, `{"is_sme": true}`}},
		{http.MethodPost, "/api/v1/clusters", []string{`{"code": "A B", "name": "x", "tier": "trillion"}`, `{"code": "x", "name": "x", "tier": "zillion"}`,
			`{"code": "x", "name": "x", "tier": "trillion", "sort_order": -1}`}},
		{http.MethodPatch, "/api/v1/clusters/1", []string{`{"tier": "zillion"}`, `{"sort_order": 1e12}`, `{"name": ""}`}},
		{http.MethodPost, "/api/v1/qualifications", []string{`{"code": "x", "name": "x", "valid_months": -1}`, `{"code": "", "name": "x"}`, `{"code": "x y", "name": "x"}`}},
		{http.MethodPatch, "/api/v1/qualifications/1", []string{`{"valid_months": 99999999999999999999}`, `{"name": ""}`}},
		{http.MethodPost, fmt.Sprintf("/api/v1/users/%d/qualifications", teacher), []string{`{"qualification_id": -1}`, `{"qualification_id": "laser"}`,
			`{"qualification_id": 1, "expires_at": "soon"}`, `{"qualification_id": 1, "expires_at": "2000-01-01T00:00:00Z"}`,
			`{"qualification_id": 1, "expires_at": "9999-12-31T23:00:00-12:00"}`}},
		{http.MethodPost, "/api/v1/admin/users", []string{`{"email": "not-an-email", "password": "long-enough", "name": "x", "role": "student"}`,
			`{"email": "a@b.cn", "password": "", "name": "x", "role": "student"}`, `{"email": "a@b.cn", "password": "long-enough", "name": "x", "role": "root"}`,
			`{"email": "a@b.cn", "password": "long-enough", "name": "x", "role": "manager", "managed_facility_ids": [-1, "two"]}`,
			`{"email": "a@b.cn", "password": "long-enough", "name": "x", "role": "manager", "managed_facility_ids": [999999]}`,
			`{"email": "a@b.cn", "password": "long-enough", "name": "x", "role": "student", "organization_id": 999999}`}},
		{http.MethodPatch, fmt.Sprintf("/api/v1/admin/users/%d", teacher), []string{`{"active": "yes"}`, `{"role": "root"}`,
			`{"managed_facility_ids": [1]}`, `{"organization_id": -1}`, `{"organization_id": 999999}`, `{"name": ""}`}},
	}
	for _, ep := range endpoints {
		for i, body := range append(malformed, ep.bodies...) {
			t.Run(fmt.Sprintf("%s %s #%d", ep.method, ep.path, i), func(t *testing.T) {
				res := f.do(request{method: ep.method, path: ep.path, token: f.admin, body: body, invalid: true})
				if res.Status < 400 || res.Status >= 500 {
					t.Fatalf("got %d %s for %s, want a 4xx", res.Status, truncateBody(res.Body), body)
				}
				if res.ErrorCode() == "" {
					t.Errorf("got %s, want an error code", res.Body)
				}
			})
		}
	}
	t.Run("times out of range in a query", func(t *testing.T) {
		for _, q := range []string{"from=0001-01-01T00:00:00Z", "to=9999-12-31T23:00:00-12:00", "from=1000-01-01T00:00:00Z&to=1001-01-01T00:00:00Z"} {
			res := f.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/facilities/%d/blackouts?%s", f.practice, q), token: f.admin, invalid: true})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: got %d %s, want 422", q, res.Status, truncateBody(res.Body))
			}
		}
	})
	t.Run("ids that are not ids", func(t *testing.T) {
		for _, path := range []string{"/api/v1/resources/-1", "/api/v1/resources/0", "/api/v1/resources/99999999999999999999",
			"/api/v1/resources/1e3", "/api/v1/facilities/-1", "/api/v1/consortia/0/members/-2", "/api/v1/users/-1/qualifications",
			"/api/v1/admin/users/-5", "/api/v1/organizations/x", "/api/v1/clusters/0", "/api/v1/qualifications/-9"} {
			for _, method := range []string{http.MethodPatch, http.MethodPut, http.MethodPost, http.MethodDelete} {
				res := f.do(request{method: method, path: path, token: f.admin, body: map[string]any{"role": "member", "qualification_id": 1}, invalid: true})
				if res.Status != http.StatusNotFound && res.Status != http.StatusMethodNotAllowed {
					t.Errorf("%s %s: got %d %s, want 404 (or 405)", method, path, res.Status, truncateBody(res.Body))
				}
			}
		}
	})
	_, after, err := f.app.Accounts.AuditLogs(ctx, core.System, accounts.AuditFilter{}, core.NewPage(1, 1))
	if err != nil || after != before {
		t.Errorf("got %d audit records after refused writes, want %d (%v)", after, before, err)
	}
}
