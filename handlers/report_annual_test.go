package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestAnnualReportAPI rolls up a week of a facility and reads its annual open-sharing report
// through the router as each role may, as JSON and as a workbook with the same numbers.
func TestAnnualReportAPI(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, shanghai) }
	clock := apptest.NewClock(day(1, 9, 0))
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	fac := f.Facility("Asia/Shanghai")
	other := f.Facility("Asia/Shanghai")
	lathe := f.Resource(fac.ID, func(r *models.Resource) { r.QuotaHoursYear = 730 })
	_, managerTok := s.user("annual.manager@test.local", models.RoleManager, fac.ID)
	_, otherManagerTok := s.user("annual.other@test.local", models.RoleManager, other.ID)
	_, adminTok := s.user("annual.admin@test.local", models.RoleAdmin)
	student, studentTok := s.user("annual.student@test.local", models.RoleStudent)
	in, out := day(2, 10, 0).UTC(), day(2, 11, 30).UTC()
	b := models.Booking{ResourceID: lathe.ID, UserID: student.ID, StartAt: in, EndAt: day(2, 12, 0).UTC(), Seats: 1, Purpose: "实验",
		PurposeCategory: "research", Status: models.BookingCompleted, CheckedInAt: &in, CheckedOutAt: &out, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	f.Must(f.DB.CreateBooking(f.Ctx, &b))
	f.Must(f.DB.W(f.Ctx).Create(&models.Charge{Kind: models.ChargeBooking, SourceID: &b.ID, FacilityID: fac.ID,
		PriceType: models.PriceInternal, IncomeType: models.IncomeInternal, Quantity: 90, Unit: models.UnitSeatMinute, UnitFen: 2000,
		AmountFen: 3000, OccurredAt: out, Period: "2026-03", CreatedAt: clock.Now()}).Error)
	clock.Set(day(9, 2, 30))
	_, err := s.app.Reports.Rollup(f.Ctx, "2026-03-02", "2026-03-08")
	f.Must(err)

	url := fmt.Sprintf("/api/v1/reports/annual?scope=facility&id=%d&year=2026", fac.ID)
	var report annualResponse
	s.run(t, []scenario{
		{"the manager's facility", managerTok, http.MethodGet, url, nil, 200, "", func(t *testing.T, r response) {
			r.JSON(t, &report)
			if len(report.Resources) != 1 {
				t.Fatalf("got %+v", report)
			}
			l := report.Resources[0]
			if l.ResourceID != lathe.ID || l.QuotaMinutes != 7*120 || l.EffectiveMinutes != 90 || l.QuotaRatio != 0.1071 ||
				l.ResearchMinutes != 90 || l.IncomeInternalFen != 3000 || report.Totals.QuotaHours != 14 || report.Name != fac.Name {
				t.Errorf("got %+v, totals %+v", l, report.Totals)
			}
		}},
		{"the admin, a consortium", adminTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/annual?scope=consortium&id=%d&year=2026", fac.ConsortiumID), nil, 200, "", nil},
		{"another facility's manager", otherManagerTok, http.MethodGet, url, nil, 404, "not_found", nil},
		{"a manager, a consortium", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/annual?scope=consortium&id=%d&year=2026", fac.ConsortiumID), nil, 403, "forbidden", nil},
		{"a student", studentTok, http.MethodGet, url, nil, 403, "forbidden", nil},
		{"no token", "", http.MethodGet, url, nil, 401, "unauthenticated", nil},
		bad(scenario{"the city, no year", adminTok, http.MethodGet, "/api/v1/reports/annual?scope=city", nil, 422, "validation_failed", fields("scope", "year")}),
		bad(scenario{"no id, a year out of range", managerTok, http.MethodGet, "/api/v1/reports/annual?scope=facility&year=1999", nil, 422, "validation_failed", fields("id", "year")}),
		bad(scenario{"a bogus format", managerTok, http.MethodGet, url + "&format=pdf", nil, 422, "validation_failed", fields("format")}),
		bad(scenario{"a year that is no number", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/annual?scope=facility&id=%d&year=next", fac.ID), nil, 400, "bad_request", nil}),
	})
	s.run(t, []scenario{
		{"as XLSX in Chinese", managerTok, http.MethodGet, url + "&format=xlsx", nil, 200, "", func(t *testing.T, r response) {
			x, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = x.Close() }()
			rows, err := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			l := report.Resources[0]
			want := []string{fac.Name, lathe.Name, lathe.Category, flt(l.QuotaHours), flt(l.EffectiveHours), flt(l.QuotaRatio),
				"0", flt(hours(l.ResearchMinutes)), "0", "0", "0", flt(l.SharingRate), yuan(l.IncomeInternalFen), "0", "0"}
			if len(rows) != 3 || rows[0][0] != "所属单位" || rows[0][4] != "有效机时" || rows[2][1] != "合计" {
				t.Fatalf("got %q", rows)
			}
			for j, w := range want {
				if !sameNumber(rows[1][j], w) {
					t.Errorf("column %d: got %q, want %q", j, rows[1][j], w)
				}
			}
			if typ, _ := x.GetCellType(x.GetSheetName(0), "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("E2 is of type %v, want a number", typ)
			}
		}},
	})
}
