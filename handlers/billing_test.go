package handlers

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestBillingAPI issues January's statements over a booking of a school's student and a
// closed request of an SME, then reads, exports and adjusts them through the router as each
// role may.
func TestBillingAPI(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	clock := apptest.NewClock(time.Date(2026, 2, 1, 3, 0, 0, 0, shanghai)) // when January's statements are issued
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	fac := f.Facility("Asia/Shanghai")
	other := f.Facility("Asia/Shanghai")
	res := f.Resource(fac.ID, func(r *models.Resource) { r.RateInternalFen, r.RateExternalFen = 6000, 12000 })
	now := clock.Now()
	school := models.Organization{Name: "重庆某职业学院", Kind: "school", CreatedAt: now, UpdatedAt: now}
	sme := models.Organization{Name: "某精密制造有限公司", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	rival := models.Organization{Name: "另一家企业", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	for _, o := range []*models.Organization{&school, &sme, &rival} {
		f.Must(f.DB.Insert(f.Ctx, o))
	}
	f.Must(f.DB.Insert(f.Ctx, &models.ConsortiumMember{ConsortiumID: fac.ConsortiumID, OrganizationID: school.ID, Role: "member"}))
	_, managerTok := s.user("bill.manager@test.local", models.RoleManager, fac.ID)
	_, otherManagerTok := s.user("bill.other@test.local", models.RoleManager, other.ID)
	student, studentTok := s.user("bill.student@test.local", models.RoleStudent)
	smeUser, smeTok := s.user("bill.sme@test.local", models.RoleStudent)
	rivalUser, rivalTok := s.user("bill.rival@test.local", models.RoleStudent)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, student.ID, map[string]any{"organization_id": school.ID}))
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, smeUser.ID, map[string]any{"organization_id": sme.ID, "role": models.RoleSME}))
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, rivalUser.ID, map[string]any{"organization_id": rival.ID, "role": models.RoleSME}))

	in, out := time.Date(2026, 1, 15, 10, 0, 0, 0, shanghai).UTC(), time.Date(2026, 1, 15, 11, 30, 0, 0, shanghai).UTC()
	f.Must(f.DB.CreateBooking(f.Ctx, &models.Booking{ResourceID: res.ID, UserID: student.ID, StartAt: in, EndAt: out, Seats: 1,
		Purpose: "实验", PurposeCategory: "teaching", Status: models.BookingCompleted, CheckedInAt: &in, CheckedOutAt: &out,
		CreatedAt: now, UpdatedAt: now}))
	// The SME's booking of the same resource, at the external rate: 1 hour = 120.00.
	in2, out2 := in.Add(3*time.Hour), in.Add(4*time.Hour)
	f.Must(f.DB.CreateBooking(f.Ctx, &models.Booking{ResourceID: res.ID, UserID: smeUser.ID, StartAt: in2, EndAt: out2, Seats: 1,
		Purpose: "试制", PurposeCategory: "social_service", Status: models.BookingCompleted, CheckedInAt: &in2, CheckedOutAt: &out2,
		CreatedAt: now, UpdatedAt: now}))
	_, err := s.app.Billing.IssueStatements(f.Ctx)
	f.Must(err)
	var facStmt, smeStmt models.BillingStatement
	f.Must(f.DB.R(f.Ctx).Where("scope = ? AND subject_id = ?", models.ScopeFacility, fac.ID).Take(&facStmt).Error)
	f.Must(f.DB.R(f.Ctx).Where("scope = ? AND subject_id = ?", models.ScopeOrganization, sme.ID).Take(&smeStmt).Error)
	var studentCharge models.Charge
	f.Must(f.DB.R(f.Ctx).Where("user_id = ?", student.ID).Take(&studentCharge).Error)

	facPath := fmt.Sprintf("/api/v1/billing/statements/%d", facStmt.ID)
	smePath := fmt.Sprintf("/api/v1/billing/statements/%d", smeStmt.ID)
	adjust := func(amount int64, reason string) map[string]any {
		return map[string]any{"facility_id": fac.ID, "amount_fen": amount, "reason": reason, "charge_id": studentCharge.ID}
	}
	s.run(t, []scenario{
		{"the manager's statements", managerTok, http.MethodGet, "/api/v1/billing/statements?period=2026-01", nil, 200, "", total(1)},
		{"the SME's statements", smeTok, http.MethodGet, "/api/v1/billing/statements", nil, 200, "", total(1)},
		{"another SME's statements", rivalTok, http.MethodGet, "/api/v1/billing/statements", nil, 200, "", total(0)},
		{"a student lists statements", studentTok, http.MethodGet, "/api/v1/billing/statements", nil, 403, "forbidden", nil},
		bad(scenario{"a month 13", managerTok, http.MethodGet, "/api/v1/billing/statements?period=2026-13", nil, 422, "validation_failed", nil}),
		bad(scenario{"a bogus scope", managerTok, http.MethodGet, "/api/v1/billing/statements?scope=city", nil, 422, "validation_failed", nil}),
		{"both subjects", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/billing/statements?facility_id=%d&organization_id=%d", fac.ID, sme.ID), nil, 422, "validation_failed", nil},
		{"the facility's statement", managerTok, http.MethodGet, facPath, nil, 200, "", func(t *testing.T, r response) {
			var d statementDetailResponse
			r.JSON(t, &d)
			sum := int64(0)
			for _, l := range d.Lines {
				sum += l.AmountFen
			}
			if d.TotalFen != 9000+12000 || d.InternalFen != 9000 || len(d.Lines) != 2 || sum != d.TotalFen {
				t.Errorf("got %d (%d internal) in %d lines summing to %d, want 210.00 (90.00) in 2", d.TotalFen, d.InternalFen, len(d.Lines), sum)
			}
		}},
		{"the SME's statement", smeTok, http.MethodGet, smePath, nil, 200, "", field("total_fen", 12000)},
		{"another SME", rivalTok, http.MethodGet, smePath, nil, 404, "not_found", nil},
		{"the SME, the facility's", smeTok, http.MethodGet, facPath, nil, 404, "not_found", nil},
		{"another facility's manager", otherManagerTok, http.MethodGet, facPath, nil, 404, "not_found", nil},
		{"as CSV in English", managerTok, http.MethodGet, facPath + "?format=csv&lang=en", nil, 200, "", func(t *testing.T, r response) {
			if !bytes.HasPrefix(r.Body, []byte("\uFEFFDate,")) || !strings.Contains(string(r.Body), "210.00") {
				t.Errorf("got %q, want a BOM, English headers and the total", truncateBody(r.Body))
			}
		}},
		{"as XLSX", managerTok, http.MethodGet, facPath + "?format=xlsx", nil, 200, "", func(t *testing.T, r response) {
			want := fmt.Sprintf(`attachment; filename="statement-facility-%d-2026-01.xlsx"`, fac.ID)
			if cd := r.Header.Get("Content-Disposition"); cd != want {
				t.Errorf("Content-Disposition %q, want %q", cd, want)
			}
			x, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = x.Close() }()
			if h, _ := x.GetCellValue(x.GetSheetName(0), "K1"); h != "金额（元）" {
				t.Errorf("K1 = %q, want the Chinese header", h)
			}
		}},
		bad(scenario{"a bogus format", managerTok, http.MethodGet, facPath + "?format=pdf", nil, 422, "validation_failed", nil}),
		{"the running month's charges", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d&unbilled=true", fac.ID), nil, 200, "", total(0)},
		{"all the facility's charges", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d&period=2026-01", fac.ID), nil, 200, "", total(2)},
		{"another facility's charges", otherManagerTok, http.MethodGet, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d", fac.ID), nil, 403, "forbidden", nil},
		{"the SME's charges", smeTok, http.MethodGet, "/api/v1/billing/charges", nil, 200, "", total(1)},
		{"an adjustment", managerTok, http.MethodPost, "/api/v1/billing/adjustments", adjust(-500, "计时误差"), 201, "", func(t *testing.T, r response) {
			var c chargeResponse
			r.JSON(t, &c)
			if c.Kind != "adjustment" || c.AmountFen != -500 || c.Period != "2026-02" || c.OrganizationID == nil || *c.OrganizationID != school.ID {
				t.Errorf("got %+v, want a -5.00 adjustment to the school in February", c)
			}
		}},
		{"the adjustment is unbilled", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/billing/charges?facility_id=%d&unbilled=true", fac.ID), nil, 200, "", total(1)},
		{"the issued statement unchanged", managerTok, http.MethodGet, facPath, nil, 200, "", field("total_fen", 21000)},
		{"an adjustment of nothing", managerTok, http.MethodPost, "/api/v1/billing/adjustments", adjust(0, "无"), 422, "validation_failed", nil},
		bad(scenario{"an adjustment without a reason", managerTok, http.MethodPost, "/api/v1/billing/adjustments", map[string]any{"facility_id": fac.ID, "amount_fen": 100}, 422, "validation_failed", nil}),
		{"another facility's manager adjusts", otherManagerTok, http.MethodPost, "/api/v1/billing/adjustments", adjust(100, "多收"), 403, "forbidden", nil},
		{"an SME adjusts", smeTok, http.MethodPost, "/api/v1/billing/adjustments", adjust(100, "多收"), 403, "forbidden", nil},
	})
}
