package handlers

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cqshare/app/apptest"
)

var pathParam = regexp.MustCompile(`:[a-zA-Z_]+`)

// tableSizes is each table's row count and, where it has one, its latest updated_at: cheap
// enough to take around every route over the demo data, and changed by any insert, delete or
// update through the application. stamped names the tables with updated_at.
func (s *testServer) tableSizes(stamped map[string]bool) string {
	s.t.Helper()
	db := s.app.DB().R(context.Background())
	var out strings.Builder
	for _, table := range authzTables {
		var n int64
		if err := db.Table(table).Count(&n).Error; err != nil {
			s.t.Fatal(err)
		}
		fmt.Fprintf(&out, "%s %d", table, n)
		if stamped[table] {
			var last *string
			if err := db.Table(table).Select("CAST(MAX(updated_at) AS CHAR)").Scan(&last).Error; err != nil {
				s.t.Fatal(err)
			}
			if last != nil {
				fmt.Fprintf(&out, " %s", *last)
			}
		}
		out.WriteString("; ")
	}
	return out.String()
}

// stampedTables are the tables of authzTables that have an updated_at column.
func (s *testServer) stampedTables() map[string]bool {
	m := s.app.DB().R(context.Background()).Migrator()
	out := map[string]bool{}
	for _, table := range authzTables {
		out[table] = m.HasColumn(table, "updated_at")
	}
	return out
}

// TestHostileInputNeverFails sends malformed and extreme input to every route, as an admin and as
// a student, over the demo data: every answer must be a documented 2xx/4xx, never a 5xx, and a
// student's writes that were all refused leave every table as it was (rows and their last change).
func TestHostileInputNeverFails(t *testing.T) {
	t.Parallel()
	cfg := apptest.DemoConfig(t)
	s := newTestServerWithConfig(t, cfg)
	_, admin := s.user("hostile-admin@example.cn", "admin")
	_, student := s.user("hostile-student@example.cn", "student")

	ids := []string{"1", "0", "-1", "99999999999999999999", "abc", "%27%3B--"}
	query := "?from=9999-12-31T23:59:59-23:59&to=0001-01-01T00:00:00Z&page=-1&page_size=99999999999999999999&id=x&status=%00&q=%25%27"
	bodies := []string{
		`{`, `[]`, `null`, `"text"`, `{"id": 1e400}`,
		`{"start_at": "9999-12-31T23:59:59-23:59", "end_at": "0001-01-01T00:00:00Z", "from": "0000-00-00", "until": "x",
		  "seats": -5, "capacity": 99999999999, "resource_id": -1, "facility_id": "x", "amount_fen": -1,
		  "opening_hours": [{"weekday": 9, "start": "25:00", "end": "x"}], "rules": {"slot_minutes": -15},
		  "weekly": {"interval": 0, "count": 100000}, "expires_at": "9999-12-31T23:59:59Z", "name": "` + strings.Repeat("名", 5000) + `"}`,
	}
	stamped := s.stampedTables()
	for _, r := range s.echo.Routes() {
		if strings.HasSuffix(r.Path, "/*") || r.Method == echoRouteNotFound || r.Path == "/api/v1/auth/logout" {
			continue // catch-alls, and the one route that would end the test's sessions
		}
		for _, id := range ids {
			path := pathParam.ReplaceAllString(r.Path, id)
			for _, token := range []string{admin, student} {
				if r.Method == http.MethodGet || r.Method == http.MethodDelete {
					s.do(request{method: r.Method, path: path + query, token: token, invalid: true})
					continue
				}
				var before string
				if token == student {
					before = s.tableSizes(stamped)
				}
				accepted := false
				for _, body := range bodies {
					res := s.do(request{method: r.Method, path: path, token: token, body: body, invalid: true})
					accepted = accepted || res.Status < 300
				}
				if token == student && !accepted {
					if after := s.tableSizes(stamped); after != before {
						t.Errorf("%s %s: refused every body, yet the tables changed:\n%s\n→\n%s", r.Method, path, before, after)
					}
				}
			}
		}
	}
}
