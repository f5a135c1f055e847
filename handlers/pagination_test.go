package handlers

import (
	"net/http"
	"strings"
	"testing"

	"cqshare/app/apptest"
)

// TestListsArePaginated checks that page and page_size reach every list over the demo data and
// that page_size is capped at 100.
func TestListsArePaginated(t *testing.T) {
	t.Parallel()
	cfg := apptest.DemoConfig(t)
	s := newTestServerWithConfig(t, cfg)
	_, admin := s.user("pager@example.cn", "admin")
	for _, path := range []string{
		"/api/v1/resources", "/api/v1/facilities", "/api/v1/organizations", "/api/v1/consortia",
		"/api/v1/admin/users", "/api/v1/bookings?scope=managed", "/api/v1/admin/audit-logs",
	} {
		t.Run(path, func(t *testing.T) {
			sep := "?"
			if strings.Contains(path, "?") {
				sep = "&"
			}
			var first, second, all listResponse[map[string]any]
			s.do(request{method: "GET", path: path + sep + "page=1&page_size=2", token: admin}).JSON(t, &first)
			s.do(request{method: "GET", path: path + sep + "page=2&page_size=2", token: admin}).JSON(t, &second)
			s.do(request{method: "GET", path: path + sep + "page_size=1000", token: admin}).JSON(t, &all)
			if first.Total > 2 && (len(first.Items) != 2 || len(second.Items) == 0 || first.Items[0]["id"] == second.Items[0]["id"]) {
				t.Errorf("page 1 %v, page 2 %v of %d: want two different pages of 2", ids(first.Items), ids(second.Items), first.Total)
			}
			if len(all.Items) > 100 {
				t.Errorf("page_size=1000 gave %d items, want at most 100", len(all.Items))
			}
		})
	}
}

func ids(items []map[string]any) []any {
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it["id"]
	}
	return out
}

// TestPageNumberIsBounded asks lists for pages so far out that (page-1)*page_size would
// overflow or make the database skip billions of rows: 422 naming page, never page 1.
func TestPageNumberIsBounded(t *testing.T) {
	t.Parallel()
	s := newTestServerWithConfig(t, apptest.DemoConfig(t))
	_, admin := s.user("far-pager@example.cn", "admin")
	for _, path := range []string{"/api/v1/resources", "/api/v1/admin/users", "/api/v1/bookings?scope=managed"} {
		for _, page := range []string{"9223372036854775807", "9223372036854775", "99999999999", "100001"} {
			t.Run(path+" page "+page, func(t *testing.T) {
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				res := s.do(request{method: "GET", path: path + sep + "page=" + page + "&page_size=100", token: admin, invalid: true})
				if res.Status != http.StatusUnprocessableEntity || res.Fields()["page"] == "" {
					t.Errorf("got %d %s, want 422 naming page", res.Status, truncateBody(res.Body))
				}
			})
		}
	}
	res := s.do(request{method: "GET", path: "/api/v1/resources?page=100000&page_size=100", token: admin})
	var last listResponse[map[string]any]
	res.JSON(t, &last)
	if res.Status != http.StatusOK || len(last.Items) != 0 {
		t.Errorf("page 100000: got %d with %d items, want 200 and none", res.Status, len(last.Items))
	}
}
