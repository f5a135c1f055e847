package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"cqshare/app/apptest"
	"cqshare/app/seed"
	"cqshare/models"
)

// TestPersonalDataExport checks that a person's export holds their rows and nobody else's,
// without secrets, as JSON and as a workbook; that only they and administrators get it; and
// that an administrator's export is audited.
func TestPersonalDataExport(t *testing.T) {
	t.Parallel()
	s := newTestServerWithConfig(t, apptest.DemoConfig(t))
	ctx := context.Background()
	email := "student@demo.local"
	id := s.userID(email)
	student := s.login(email, seed.DemoPassword)
	_, admin := s.user("pd-export-admin@example.cn", models.RoleAdmin)
	_, other := s.user("pd-export-other@example.cn", models.RoleStudent)

	res := s.do(request{method: http.MethodGet, path: "/api/v1/me/personal-data", token: student})
	if res.Status != http.StatusOK || !strings.Contains(res.Header.Get(echo.HeaderContentDisposition), "attachment") {
		t.Fatalf("got %d %q, want the data as a file", res.Status, res.Header.Get(echo.HeaderContentDisposition))
	}
	var got personalDataResponse
	res.JSON(t, &got)
	tables := map[string][]map[string]any{}
	for _, tb := range got.Tables {
		tables[tb.Name] = tb.Rows
	}
	if u := tables["users"]; len(u) != 1 || u[0]["email"] != email || u[0]["password_hash"] != nil {
		t.Errorf("got the account %v, want the one row without its password hash", u)
	}
	if ss := tables["sessions"]; len(ss) == 0 || ss[0]["token_hash"] != nil || ss[0]["csrf_token"] != nil {
		t.Errorf("got sessions %v, want the sign-in without its secrets", ss)
	}
	var bookings int64
	if err := s.app.DB().R(ctx).Model(&models.Booking{}).Where("user_id = ?", id).Count(&bookings).Error; err != nil {
		t.Fatal(err)
	}
	if bookings == 0 || int64(len(tables["bookings"])) != bookings {
		t.Errorf("got %d bookings, want the student's %d", len(tables["bookings"]), bookings)
	}
	for name, rows := range tables {
		for _, r := range rows {
			for _, col := range []string{"user_id", "requester_id", "author_id", "actor_id"} {
				if v, ok := r[col]; ok && v != nil && fmt.Sprint(v) != fmt.Sprint(id) && name != "audit_logs" {
					t.Errorf("%s holds a row of user %v: %v", name, v, r)
				}
			}
		}
	}

	for _, tt := range []struct {
		name, token string
		status      int
	}{
		{"another student", other, http.StatusForbidden},
		{"nobody signed in", "", http.StatusUnauthorized},
	} {
		if res := s.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/admin/users/%d/personal-data", id), token: tt.token}); res.Status != tt.status {
			t.Errorf("%s: got %d, want %d", tt.name, res.Status, tt.status)
		}
	}

	res = s.do(request{method: http.MethodGet, path: fmt.Sprintf("/api/v1/admin/users/%d/personal-data?format=xlsx&lang=en", id), token: admin})
	if res.Status != http.StatusOK {
		t.Fatalf("admin's workbook: %d %s", res.Status, res.Body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader(res.Body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows("Bookings")
	if err != nil || int64(len(rows)) != bookings+1 {
		t.Errorf("the Bookings sheet has %d rows (%v), want a header and %d", len(rows), err, bookings)
	}
	var audited int64
	if err := s.app.DB().R(ctx).Model(&models.AuditLog{}).Where("action = ? AND object_id = ?", "user.export", id).Count(&audited).Error; err != nil || audited != 1 {
		t.Errorf("got %d export records (%v), want the admin's one (not the student's own)", audited, err)
	}
}

// TestAnonymizeKeepsTheStatistics anonymises a demo student with a history: they can no longer
// sign in and their name, address and notifications are gone, while the utilization rollups and
// the league table computed again come out exactly as before.
func TestAnonymizeKeepsTheStatistics(t *testing.T) {
	t.Parallel()
	s := newTestServerWithConfig(t, apptest.DemoConfig(t))
	ctx := context.Background()
	email := "student@demo.local"
	id := s.userID(email)
	student := s.login(email, seed.DemoPassword)
	self, admin := s.user("pd-anon-admin@example.cn", models.RoleAdmin)
	_, manager := s.user("pd-anon-manager@example.cn", models.RoleManager, 1)

	var first, last string
	db := s.app.DB().R(ctx)
	if err := db.Raw("SELECT MIN(day), MAX(day) FROM report_resource_days").Row().Scan(&first, &last); err != nil || first == "" {
		t.Fatalf("the demo has no rollups (%v)", err)
	}
	recompute := func() {
		t.Helper()
		if _, err := s.app.Reports.Rollup(ctx, first, last); err != nil {
			t.Fatal(err)
		}
		var periods []models.LeagueResult
		if err := db.Model(&models.LeagueResult{}).Distinct("period_kind", "period_start").Find(&periods).Error; err != nil {
			t.Fatal(err)
		}
		for _, p := range periods {
			if _, err := s.app.Reports.ComputeLeague(ctx, p.PeriodKind, p.PeriodStart, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	snapshot := func() map[string][]map[string]any {
		t.Helper()
		out := map[string][]map[string]any{}
		for _, table := range []string{"report_resource_days", "report_rollups", "league_results"} {
			var rows []map[string]any
			if err := db.Table(table).Order("1, 2, 3, 4").Find(&rows).Error; err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				delete(r, "computed_at")
			}
			out[table] = rows
		}
		return out
	}
	recompute()
	before := snapshot()

	path := fmt.Sprintf("/api/v1/admin/users/%d/anonymize", id)
	if res := s.do(request{method: http.MethodPost, path: path, token: manager}); res.Status != http.StatusForbidden {
		t.Errorf("a manager: got %d, want 403", res.Status)
	}
	if res := s.do(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/admin/users/%d/anonymize", self.ID), token: admin}); res.Status != http.StatusUnprocessableEntity {
		t.Errorf("the admin's own account: got %d %s, want 422", res.Status, res.Body)
	}
	res := s.do(request{method: http.MethodPost, path: path, token: admin})
	var u adminUserResponse
	res.JSON(t, &u)
	if res.Status != http.StatusOK || u.Name != "" || u.Email != models.AnonymizedEmail(id) || u.Active || u.AnonymizedAt == nil {
		t.Fatalf("got %d %+v, want the account without name or address, inactive", res.Status, u)
	}
	if res := s.do(request{method: http.MethodPost, path: path, token: admin}); res.Status != http.StatusConflict || res.ErrorCode() != "invalid_transition" {
		t.Errorf("again: got %d %s, want 409 invalid_transition", res.Status, res.Body)
	}
	if res := s.do(request{method: http.MethodGet, path: "/api/v1/me", token: student}); res.Status != http.StatusUnauthorized {
		t.Errorf("the old sign-in: got %d, want 401", res.Status)
	}
	login := s.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": seed.DemoPassword}})
	if login.Status != http.StatusUnauthorized {
		t.Errorf("signing in again: got %d, want 401", login.Status)
	}
	for table, column := range map[string]string{"sessions": "user_id", "notifications": "user_id", "email_outbox": "user_id"} {
		var n int64
		if err := db.Table(table).Where(column+" = ?", id).Count(&n).Error; err != nil || n != 0 {
			t.Errorf("%s: %d rows of the person left (%v)", table, n, err)
		}
	}
	var kept int64
	if err := db.Model(&models.Booking{}).Where("user_id = ?", id).Count(&kept).Error; err != nil || kept == 0 {
		t.Errorf("got %d bookings (%v), want the history kept", kept, err)
	}

	recompute()
	after := snapshot()
	for table := range before {
		if len(before[table]) == 0 || !reflect.DeepEqual(before[table], after[table]) {
			t.Errorf("%s: %d rows before, %d after, or they differ", table, len(before[table]), len(after[table]))
		}
	}
}
