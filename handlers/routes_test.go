package handlers

import (
	"net/http"
	"strings"
	"testing"

	"cqshare/app/apptest"
	"cqshare/models"
)

// roleGated are the routes refused by role before the request is read, over the demo data (so
// the IDs exist): the administrators' routes, and the managers' (admins and managers; the
// service then decides which facility or user).
var roleGated = []struct {
	method, path string
	managers     bool // managers pass the gate too
}{
	{http.MethodGet, "/api/v1/admin/sso-providers", false},
	{http.MethodPost, "/api/v1/admin/sso-providers", false},
	{http.MethodPut, "/api/v1/admin/sso-providers/1", false},
	{http.MethodDelete, "/api/v1/admin/sso-providers/1", false},
	{http.MethodGet, "/api/v1/admin/users", false},
	{http.MethodPost, "/api/v1/admin/users", false},
	{http.MethodGet, "/api/v1/admin/users/1", false},
	{http.MethodPatch, "/api/v1/admin/users/1", false},
	{http.MethodPost, "/api/v1/admin/users/1/approve", false},
	{http.MethodPost, "/api/v1/admin/users/1/reject", false},
	{http.MethodGet, "/api/v1/admin/users/1/personal-data", false},
	{http.MethodPost, "/api/v1/admin/users/1/anonymize", false},
	{http.MethodGet, "/api/v1/admin/audit-logs", false},
	{http.MethodGet, "/api/v1/admin/retention", false},
	{http.MethodGet, "/api/v1/admin/jobs", false},
	{http.MethodPost, "/api/v1/admin/jobs/purge_sessions/run", false},
	{http.MethodPost, "/api/v1/clusters", false},
	{http.MethodPatch, "/api/v1/clusters/1", false},
	{http.MethodPost, "/api/v1/organizations", false},
	{http.MethodPatch, "/api/v1/organizations/1", false},
	{http.MethodPost, "/api/v1/consortia", false},
	{http.MethodPatch, "/api/v1/consortia/1", false},
	{http.MethodDelete, "/api/v1/consortia/1", false},
	{http.MethodPut, "/api/v1/consortia/1/members/1", false},
	{http.MethodDelete, "/api/v1/consortia/1/members/1", false},
	{http.MethodPost, "/api/v1/facilities", false},
	{http.MethodDelete, "/api/v1/facilities/1", false},
	{http.MethodPatch, "/api/v1/facilities/1", true},
	{http.MethodPost, "/api/v1/facilities/1/blackouts", true},
	{http.MethodDelete, "/api/v1/blackouts/1", true},
	{http.MethodPost, "/api/v1/resources", true},
	{http.MethodPatch, "/api/v1/resources/1", true},
	{http.MethodPost, "/api/v1/qualifications", true},
	{http.MethodPatch, "/api/v1/qualifications/1", true},
	{http.MethodPost, "/api/v1/users/1/qualifications", true},
	{http.MethodDelete, "/api/v1/users/1/qualifications/1", true},
	{http.MethodPost, "/api/v1/bookings/1/approve", true},
	{http.MethodPost, "/api/v1/bookings/1/reject", true},
	{http.MethodGet, "/api/v1/users/1/credit", true},
	{http.MethodPost, "/api/v1/users/1/credit/clear", true},
	{http.MethodGet, "/api/v1/resources/1/device-tokens", true},
	{http.MethodPost, "/api/v1/resources/1/device-tokens", true},
	{http.MethodDelete, "/api/v1/device-tokens/1", true},
	{http.MethodGet, "/api/v1/resources/1/usage", true},
}

// TestRolesAreCheckedBeforeTheBody sends an empty body to every role-gated route as each role
// that may not use it: the answer is 403, not a 422 that lists the fields the route wants, and
// nothing else about the object (not even a 404).
func TestRolesAreCheckedBeforeTheBody(t *testing.T) {
	t.Parallel()
	s := newTestServerWithConfig(t, apptest.DemoConfig(t))
	tokens := map[string]string{}
	for _, role := range []string{models.RoleStudent, models.RoleTeacher, models.RoleSME, models.RoleInstructor, models.RoleManager} {
		var managed []int64
		if role == models.RoleManager {
			managed = []int64{1}
		}
		_, tokens[role] = s.user(role+"-gated@example.cn", role, managed...)
	}
	gated := map[string]bool{}
	for _, r := range roleGated {
		gated[r.method+" "+r.path] = true
		for role, token := range tokens {
			if role == models.RoleManager && r.managers {
				continue
			}
			t.Run(role+" "+r.method+" "+r.path, func(t *testing.T) {
				req := request{method: r.method, path: r.path, token: token, invalid: true}
				if r.method != http.MethodGet && r.method != http.MethodDelete {
					req.body = "{}"
				}
				if res := s.do(req); res.Status != http.StatusForbidden || res.ErrorCode() != "forbidden" || len(res.Fields()) > 0 {
					t.Errorf("got %d %s, want 403 forbidden", res.Status, res.Body)
				}
			})
		}
	}
	for _, r := range s.echo.Routes() {
		path := pathParam.ReplaceAllString(r.Path, "1")
		if strings.HasPrefix(r.Path, "/api/v1/admin/") && !gated[r.Method+" "+strings.Replace(path, "/1/run", "/purge_sessions/run", 1)] {
			t.Errorf("%s %s is an administrators' route missing from roleGated", r.Method, r.Path)
		}
	}
}
