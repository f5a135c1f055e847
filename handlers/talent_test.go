package handlers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"cqshare/models"
)

// TestTalentBadInput sends bad needs, offers, closes and summaries: each is a 422 naming the
// field at fault (or a 400 for what is not JSON of the right shape), and nothing is written.
func TestTalentBadInput(t *testing.T) {
	t.Parallel()
	f := newAuthzFixture(t)
	cases := []struct {
		actor, method, path, body, field string
	}{
		{sme, "POST", "/api/v1/talent/needs", `{"kind": "position", "title": "x", "cluster_id": 999999, "headcount": 1}`, "cluster_id"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 0}`, f.cluster), "headcount"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 100001}`, f.cluster), "headcount"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 1, "starts_on": "2026-05-01", "ends_on": "2026-04-01"}`, f.cluster), "ends_on"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 1, "starts_on": "next week"}`, f.cluster), "starts_on"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 1, "skills": ["%s"]}`, f.cluster, strings.Repeat("焊", 31)), "skills[0]"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "position", "title": "x", "cluster_id": %d, "headcount": 1, "skills": ["a","b","c","d","e","f","g","h","i","j","k"]}`, f.cluster), "skills"},
		{sme, "POST", "/api/v1/talent/needs", fmt.Sprintf(`{"kind": "gig", "title": "x", "cluster_id": %d, "headcount": 1}`, f.cluster), "kind"},
		{sme, "POST", fmt.Sprintf("/api/v1/talent/needs/%d/close", f.talentNeed), `{"outcome": "filled", "filled_count": 3}`, "filled_count"},
		{sme, "POST", fmt.Sprintf("/api/v1/talent/needs/%d/close", f.talentNeed), `{"outcome": "finished"}`, "outcome"},
		{managerA, "POST", "/api/v1/talent/offers", fmt.Sprintf(`{"kind": "course", "facility_id": %d, "title": "x", "cluster_id": %d}`, f.baseA, f.cluster), "course_id"},
		{managerA, "POST", "/api/v1/talent/offers", fmt.Sprintf(`{"kind": "course", "facility_id": %d, "course_id": 999999, "title": "x", "cluster_id": %d}`, f.baseA, f.cluster), "course_id"},
		{managerA, "POST", "/api/v1/talent/offers", fmt.Sprintf(`{"kind": "cohort", "facility_id": %d, "title": "x", "cluster_id": 999999}`, f.baseA), "cluster_id"},
		{admin, "GET", "/api/v1/talent/summary?from=2026-03-31&to=2026-03-01", "", "to"},
		{admin, "GET", "/api/v1/talent/summary?from=March&to=2026-03-01", "", "from"},
	}
	before := f.fingerprint()
	for _, c := range cases {
		t.Run(c.method+" "+c.path+" "+c.body, func(t *testing.T) {
			req := request{method: c.method, path: c.path, token: f.tokens[c.actor], invalid: true}
			if c.body != "" {
				req.body = c.body
			}
			res := f.do(req)
			if res.Status != http.StatusUnprocessableEntity {
				t.Fatalf("got %d %s, want 422", res.Status, truncateBody(res.Body))
			}
			var e struct {
				Error struct {
					Fields map[string]string `json:"fields"`
				} `json:"error"`
			}
			if err := json.Unmarshal(res.Body, &e); err != nil || e.Error.Fields[c.field] == "" {
				t.Errorf("got fields %v, want one on %s", e.Error.Fields, c.field)
			}
		})
	}
	if after := f.fingerprint(); after != before {
		t.Errorf("bad input changed the database:\n%s", firstDifference(before, after))
	}
	// Applying twice is a conflict, not a second application.
	path := fmt.Sprintf("/api/v1/talent/needs/%d/applications", f.talentNeed)
	if res := f.do(request{method: "POST", path: path, token: f.tokens[student2], body: `{"share": {"name": true}}`}); res.Status != http.StatusCreated {
		t.Fatalf("first application: got %d %s", res.Status, truncateBody(res.Body))
	}
	if res := f.do(request{method: "POST", path: path, token: f.tokens[student2], body: `{}`}); res.Status != http.StatusConflict {
		t.Errorf("second application: got %d, want 409", res.Status)
	}
	var n int64
	f.must(f.db.R(f.ctx).Model(&models.TalentApplication{}).Where("need_id = ?", f.talentNeed).Count(&n).Error)
	if n != 1 {
		t.Errorf("applications to the need: got %d, want 1", n)
	}
}
