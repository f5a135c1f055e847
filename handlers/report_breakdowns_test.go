package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestReportBreakdownsAPI rolls up a week of two resources and reads the list of resources, the
// idle ones and the heat map through the router as each role may.
func TestReportBreakdownsAPI(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, shanghai) }
	clock := apptest.NewClock(day(1, 9, 0))
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	fac := f.Facility("Asia/Shanghai")
	other := f.Facility("Asia/Shanghai")
	room := f.Resource(fac.ID, func(r *models.Resource) { r.Capacity = 2; r.NameEn = "Room" })
	lathe := f.Resource(fac.ID, func(r *models.Resource) { r.NameEn = "Lathe" })
	f.Resource(other.ID, nil)
	_, managerTok := s.user("brk.manager@test.local", models.RoleManager, fac.ID)
	_, otherManagerTok := s.user("brk.other@test.local", models.RoleManager, other.ID)
	_, adminTok := s.user("brk.admin@test.local", models.RoleAdmin)
	student, studentTok := s.user("brk.student@test.local", models.RoleStudent)
	book := func(res models.Resource, start, end time.Time) {
		i, o := start.UTC(), end.UTC()
		now := clock.Now()
		f.Must(f.DB.CreateBooking(f.Ctx, &models.Booking{ResourceID: res.ID, UserID: student.ID, StartAt: start.UTC(), EndAt: end.UTC(),
			Seats: 1, Purpose: "实验", PurposeCategory: "research", Status: models.BookingCompleted, CheckedInAt: &i, CheckedOutAt: &o,
			CreatedAt: now, UpdatedAt: now}))
	}
	// Monday 2, 10:00–11:00 on the room (1 of its 2 seats); Tuesday 3, 09:00–09:20 on the lathe.
	book(room, day(2, 10, 0), day(2, 11, 0))
	book(lathe, day(3, 9, 0), day(3, 9, 20))
	clock.Set(day(9, 2, 30))
	_, err := s.app.Reports.Rollup(f.Ctx, "2026-03-02", "2026-03-08")
	f.Must(err)

	week := fmt.Sprintf("from=2026-03-02&to=2026-03-08&scope=facility&id=%d", fac.ID)
	list := "/api/v1/reports/resources?" + week
	idle := fmt.Sprintf("/api/v1/reports/idle?scope=facility&id=%d&days=3", fac.ID)
	heat := "/api/v1/reports/heatmap?" + week
	s.run(t, []scenario{
		{"the manager's resources", managerTok, http.MethodGet, list, nil, 200, "", func(t *testing.T, r response) {
			var got resourcesResponse
			r.JSON(t, &got)
			// Open 78 hours a week: the room 60 of 2 × 4,680 seat-minutes, the lathe 20 of 4,680.
			if len(got.Rows) != 2 || got.Rows[0].ResourceID != room.ID || got.Rows[1].ResourceID != lathe.ID ||
				got.Rows[1].EffectiveMinutes != 20 || got.Rows[1].AvailableMinutes != 4680 || got.Rows[1].Utilization != 0.0043 ||
				got.Rows[0].EffectiveMinutes != 60 || got.Rows[0].AvailableMinutes != 9360 || got.Rows[0].Utilization != 0.0064 ||
				got.Rows[0].UniqueUsers != 1 || got.Rows[0].EffectiveHours != 1 || got.Rows[0].NameEn != "Room" || got.Sort != "utilization" || got.Order != "desc" ||
				got.LastDay != "2026-03-08" {
				t.Errorf("got %+v", got)
			}
		}},
		{"by effective hours, ascending, one", managerTok, http.MethodGet, list + "&sort=effective&order=asc&limit=1", nil, 200, "", func(t *testing.T, r response) {
			var got resourcesResponse
			r.JSON(t, &got)
			if len(got.Rows) != 1 || got.Rows[0].ResourceID != lathe.ID {
				t.Errorf("got %+v, want the lathe", got.Rows)
			}
		}},
		{"the city's resources", adminTok, http.MethodGet, "/api/v1/reports/resources?scope=city&from=2026-03-02&to=2026-03-08&sort=name", nil, 200, "", func(t *testing.T, r response) {
			var got resourcesResponse
			r.JSON(t, &got)
			if len(got.Rows) < 3 {
				t.Errorf("got %d rows, want the 3 resources at least", len(got.Rows))
			}
		}},
		{"idle in the last three days", managerTok, http.MethodGet, idle, nil, 200, "", func(t *testing.T, r response) {
			var got idleResponse
			r.JSON(t, &got)
			if got.From != "2026-03-06" || got.To != "2026-03-08" || len(got.Rows) != 2 || got.Rows[0].ResourceID != room.ID ||
				got.Rows[0].LastUsed == nil || *got.Rows[0].LastUsed != "2026-03-02" || *got.Rows[1].LastUsed != "2026-03-03" {
				t.Errorf("got %+v", got)
			}
		}},
		{"the heat map", managerTok, http.MethodGet, heat, nil, 200, "", func(t *testing.T, r response) {
			var got heatMapResponse
			r.JSON(t, &got)
			if got.Minutes[0][10] != 60 || got.Minutes[1][9] != 20 || got.Days != [7]int64{1, 1, 1, 1, 1, 1, 1} || got.LastDay != "2026-03-08" {
				t.Errorf("got %+v", got)
			}
		}},
		{"a resource's heat map", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/heatmap?scope=resource&id=%d&from=2026-03-02&to=2026-03-08", room.ID), nil, 200, "", func(t *testing.T, r response) {
			var got heatMapResponse
			r.JSON(t, &got)
			if got.Minutes[0][10] != 60 || got.Minutes[1][9] != 0 {
				t.Errorf("got %+v", got.Minutes)
			}
		}},
		{"the city's heat map", adminTok, http.MethodGet, "/api/v1/reports/heatmap?scope=city&from=2026-03-02&to=2026-03-08", nil, 200, "", nil},
		{"another facility's manager, resources", otherManagerTok, http.MethodGet, list, nil, 404, "not_found", nil},
		{"another facility's manager, idle", otherManagerTok, http.MethodGet, idle, nil, 404, "not_found", nil},
		{"another facility's manager, heat map", otherManagerTok, http.MethodGet, heat, nil, 404, "not_found", nil},
		{"a student, resources", studentTok, http.MethodGet, list, nil, 403, "forbidden", nil},
		{"a student, idle", studentTok, http.MethodGet, idle, nil, 403, "forbidden", nil},
		{"a student, heat map", studentTok, http.MethodGet, heat, nil, 403, "forbidden", nil},
		{"a manager, the city's idle", managerTok, http.MethodGet, "/api/v1/reports/idle?scope=city", nil, 403, "forbidden", nil},
		{"no token", "", http.MethodGet, heat, nil, 401, "unauthenticated", nil},
		{"no such facility", adminTok, http.MethodGet, "/api/v1/reports/idle?scope=facility&id=999999", nil, 404, "not_found", nil},
		{"more than a year of resources", adminTok, http.MethodGet, "/api/v1/reports/resources?scope=city&from=2025-01-01&to=2026-03-08", nil, 422, "validation_failed", fields("to")},
		{"idle with no id", managerTok, http.MethodGet, "/api/v1/reports/idle?scope=facility", nil, 422, "validation_failed", fields("id")},
		bad(scenario{"resources of nothing", managerTok, http.MethodGet, "/api/v1/reports/resources", nil, 422, "validation_failed", fields("scope", "from", "to")}),
		bad(scenario{"a bogus sort and limit", managerTok, http.MethodGet, list + "&sort=price&limit=5000", nil, 422, "validation_failed", fields("sort", "limit")}),
		bad(scenario{"a bogus order and format", managerTok, http.MethodGet, list + "&order=up&format=pdf", nil, 422, "validation_failed", fields("order", "format")}),
		bad(scenario{"idle for a year and a day", managerTok, http.MethodGet, idle + "0000", nil, 422, "validation_failed", fields("days")}),
		bad(scenario{"idle for a resource", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/idle?scope=resource&id=%d", room.ID), nil, 422, "validation_failed", fields("scope")}),
		bad(scenario{"a heat map of a bogus day", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/heatmap?scope=facility&id=%d&from=2026-02-30&to=2026-03-08", fac.ID), nil, 422, "validation_failed", fields("from")}),
		bad(scenario{"days that are no number", managerTok, http.MethodGet, idle + "x", nil, 400, "bad_request", nil}),
	})

	// The files carry the JSON's numbers, a row per resource, names in the language asked.
	s.run(t, []scenario{
		{"as CSV in Chinese", managerTok, http.MethodGet, list + "&format=csv&lang=zh-CN", nil, 200, "", func(t *testing.T, r response) {
			if !bytes.HasPrefix(r.Body, []byte("\uFEFF")) {
				t.Fatalf("no byte-order mark: %q", truncateBody(r.Body))
			}
			rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 || rows[0][0] != "设备" || rows[0][2] != "可用机时" || rows[2][0] != lathe.Name || rows[2][1] != fac.Name ||
				!sameNumber(rows[2][2], "78") || !sameNumber(rows[2][3], "0.33") || !sameNumber(rows[2][5], "0.0043") || rows[1][0] != room.Name {
				t.Errorf("got %q", rows)
			}
		}},
		{"as XLSX in English", managerTok, http.MethodGet, list + "&format=xlsx&lang=en", nil, 200, "", func(t *testing.T, r response) {
			x, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = x.Close() }()
			rows, err := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 3 || rows[0][0] != "Resource" || rows[1][0] != "Room" || rows[2][0] != "Lathe" || !sameNumber(rows[1][4], "1") {
				t.Errorf("got %q", rows)
			}
		}},
	})
}
