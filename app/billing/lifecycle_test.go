package billing_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"cqshare/app/apptest"
	"cqshare/app/billing"
	"cqshare/app/core"
	"cqshare/models"
)

// snapshot is every charge and statement, as rows, to compare runs.
func (w *world) snapshot() string {
	var charges []models.Charge
	var statements []models.BillingStatement
	w.Must(w.DB.R(w.Ctx).Order("id").Find(&charges).Error)
	w.Must(w.DB.R(w.Ctx).Order("id").Find(&statements).Error)
	b, err := json.Marshal([]any{charges, statements})
	w.Must(err)
	return string(b)
}

// TestRunsAreIdempotent: running the jobs again writes nothing and changes nothing.
func TestRunsAreIdempotent(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	_, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	before := j.snapshot()
	for _, run := range []func() (int64, error){
		func() (int64, error) { return j.App.Billing.CreateCharges(j.Ctx) },
		func() (int64, error) { return j.App.Billing.IssueStatements(j.Ctx) },
	} {
		if n, err := run(); err != nil || n != 0 {
			t.Errorf("second run: got %d rows, %v; want 0", n, err)
		}
	}
	if after := j.snapshot(); after != before {
		t.Errorf("a second run changed the rows:\n%s\nwant\n%s", after, before)
	}
}

// TestLateChargeGoesOnTheNextStatement: a booking checked out in January but recorded after
// January's statement was issued is a late line on February's; January's never changes, and
// an adjustment made in February lands there too.
func TestLateChargeGoesOnTheNextStatement(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	_, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	jan := *j.statement(models.ScopeFacility, j.practice.ID, "2026-01")
	janLines := j.Count(&models.Charge{}, "facility_statement_id = ?", jan.ID)

	j.Clock.Set(local(2, 5, 10, 0))
	late := j.booking(j.room, j.internal, local(1, 30, 9, 0), local(1, 30, 10, 0), 1, models.BookingCompleted,
		at(local(1, 30, 9, 0)), at(local(1, 30, 10, 0)))
	adj, err := j.App.Billing.Adjust(j.Ctx, j.manager, billing.Adjustment{FacilityID: j.practice.ID, AmountFen: -1000,
		Reason: "设备故障减免", ChargeID: apptest.Ptr(j.charge(models.ChargeBooking, j.b1.ID).ID)})
	j.Must(err)
	// An early re-run for January issues nothing and leaves January alone.
	n, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	if n != 1 {
		t.Errorf("re-run in February: got %d rows, want 1 (the late charge, no statement)", n)
	}
	if c := j.charge(models.ChargeBooking, late.ID); c.Period != "2026-01" || c.FacilityStatementID != nil {
		t.Errorf("late charge: period %s, statement %v; want 2026-01, unbilled", c.Period, c.FacilityStatementID)
	}
	if got := *j.statement(models.ScopeFacility, j.practice.ID, "2026-01"); got != jan ||
		j.Count(&models.Charge{}, "facility_statement_id = ?", jan.ID) != janLines {
		t.Errorf("January changed: %+v, want %+v", got, jan)
	}

	j.Clock.Set(local(3, 1, 3, 0))
	_, err = j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	feb := j.statement(models.ScopeFacility, j.practice.ID, "2026-02")
	// b3 (160.00, February's locally) + the late 60.00 − the 10.00 adjustment.
	if feb == nil || feb.TotalFen != 16000+6000-1000 || feb.LineCount != 3 || feb.InternalFen != 6000-1000 {
		t.Fatalf("February: got %+v, want 210.00 in 3 lines, 50.00 internal", feb)
	}
	org := j.statement(models.ScopeOrganization, j.internalOrg, "2026-02")
	if org == nil || org.TotalFen != 6000-1000 {
		t.Errorf("the school's February: got %+v, want 50.00 (the late line and the adjustment to its charge)", org)
	}
	if c := j.charge(models.ChargeBooking, late.ID); c.FacilityStatementID == nil || *c.FacilityStatementID != feb.ID {
		t.Errorf("late charge on statement %v, want February's %d", c.FacilityStatementID, feb.ID)
	}
	if got := *j.statement(models.ScopeFacility, j.practice.ID, "2026-01"); got != jan {
		t.Errorf("January changed: %+v, want %+v", got, jan)
	}
	d, err := j.App.Billing.Statement(j.Ctx, j.manager, feb.ID)
	j.Must(err)
	tab := j.App.Billing.StatementTable(d, core.ZH)
	if !strings.Contains(fmt.Sprint(tab.Rows), "补记（2026-01）") || !strings.Contains(fmt.Sprint(tab.Rows), "设备故障减免") {
		t.Errorf("February's lines do not say which is late and why the adjustment: %v", tab.Rows)
	}
	if adj.PriceType != models.PriceInternal || adj.OrganizationID == nil || *adj.OrganizationID != j.internalOrg {
		t.Errorf("adjustment: got %s for %v, want the corrected charge's internal payer", adj.PriceType, adj.OrganizationID)
	}
	if n := j.Count(&models.AuditLog{}, "object_type = ? AND object_id = ?", billing.AuditCharge, adj.ID); n != 1 {
		t.Errorf("audit entries of the adjustment: got %d, want 1", n)
	}
}

// TestAdjustRefusals: only the facility's managers adjust, by a non-zero amount, a charge of
// that facility; nothing is written otherwise.
func TestAdjustRefusals(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	_, err := j.App.Billing.CreateCharges(j.Ctx)
	j.Must(err)
	seat := j.charge(models.ChargeEnrollment, j.seats[0].ID).ID
	tests := []struct {
		name   string
		who    core.Actor
		a      billing.Adjustment
		code   string
		fields []string
	}{
		{"another facility's manager", j.otherManager, billing.Adjustment{FacilityID: j.practice.ID, AmountFen: 100, Reason: "x"}, "forbidden", nil},
		{"an SME", j.sme, billing.Adjustment{FacilityID: j.practice.ID, AmountFen: 100, Reason: "x"}, "forbidden", nil},
		{"no such facility", j.manager, billing.Adjustment{FacilityID: 999999, AmountFen: 100, Reason: "x"}, "validation_failed", []string{"facility_id"}},
		{"zero", j.manager, billing.Adjustment{FacilityID: j.practice.ID, Reason: "x"}, "validation_failed", []string{"amount_fen"}},
		{"charge of another facility", j.manager, billing.Adjustment{FacilityID: j.practice.ID, AmountFen: 100, Reason: "x", ChargeID: &seat}, "validation_failed", []string{"charge_id"}},
		{"payer not the charge's", j.manager, billing.Adjustment{FacilityID: j.base.ID, AmountFen: 100, Reason: "x", ChargeID: &seat, OrganizationID: &j.memberOrg}, "validation_failed", []string{"organization_id"}},
		{"no such organization", j.manager, billing.Adjustment{FacilityID: j.practice.ID, AmountFen: 100, Reason: "x", OrganizationID: apptest.Ptr(int64(999999))}, "validation_failed", []string{"organization_id"}},
	}
	before := j.snapshot()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := j.App.Billing.Adjust(j.Ctx, tt.who, tt.a)
			apptest.CheckErr(t, err, tt.code, tt.fields...)
		})
	}
	if j.snapshot() != before {
		t.Error("a refused adjustment wrote something")
	}
	// An admin may adjust any facility, to an organization, at its price type there.
	c, err := j.App.Billing.Adjust(j.Ctx, j.ActorOf(j.User(models.RoleAdmin).UserID), billing.Adjustment{FacilityID: j.practice.ID,
		AmountFen: 2500, Reason: "补收耗材费", OrganizationID: &j.memberOrg})
	j.Must(err)
	if c.PriceType != models.PriceMember || c.IncomeType != models.IncomeExternal || c.Period != "2026-02" {
		t.Errorf("adjustment: got %s/%s in %s, want member/external in 2026-02", c.PriceType, c.IncomeType, c.Period)
	}
}

// TestStatementScoping: the organization's SME accounts see its statement, another SME, a
// student of it and another facility's manager are told it does not exist; lists hold only
// what each may read.
func TestStatementScoping(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	_, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	org := j.statement(models.ScopeOrganization, j.smeOrg, "2026-01").ID
	fac := j.statement(models.ScopeFacility, j.practice.ID, "2026-01").ID
	admin := j.ActorOf(j.User(models.RoleAdmin).UserID)
	tests := []struct {
		name string
		who  core.Actor
		id   int64
		ok   bool
	}{
		{"SME member, own organization", j.sme, org, true},
		{"SME colleague", j.smeColleague, org, true},
		{"another SME", j.otherSME, org, false},
		{"SME, a facility's statement", j.sme, fac, false},
		{"the facility's manager", j.manager, fac, true},
		{"the manager, an organization's", j.manager, org, false},
		{"another facility's manager", j.otherManager, fac, false},
		{"a student of the school", j.internal, j.statement(models.ScopeOrganization, j.internalOrg, "2026-01").ID, false},
		{"admin", admin, org, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := j.App.Billing.Statement(j.Ctx, tt.who, tt.id)
			if tt.ok && err != nil {
				t.Fatalf("got %v, want the statement", err)
			}
			if !tt.ok {
				apptest.CheckErr(t, err, "not_found")
			}
		})
	}
	lists := []struct {
		name string
		who  core.Actor
		want int64
	}{
		{"admin", admin, 6}, {"manager", j.manager, 3}, {"other manager", j.otherManager, 0}, {"SME", j.sme, 1}, {"another SME", j.otherSME, 0},
	}
	for _, l := range lists {
		_, total, err := j.App.Billing.Statements(j.Ctx, l.who, billing.StatementFilter{}, core.NewPage(1, 20))
		if err != nil || total != l.want {
			t.Errorf("%s: got %d statements, %v; want %d", l.name, total, err, l.want)
		}
	}
	if _, _, err := j.App.Billing.Statements(j.Ctx, j.internal, billing.StatementFilter{}, core.NewPage(1, 20)); err == nil {
		t.Error("a student listed statements")
	}
	_, total, err := j.App.Billing.Charges(j.Ctx, j.manager, billing.ChargeFilter{FacilityID: j.practice.ID, Unbilled: true}, core.NewPage(1, 20))
	if err != nil || total != 1 {
		t.Errorf("the running month's unbilled charges: got %d, %v; want 1 (b3, February's)", total, err)
	}
	_, _, err = j.App.Billing.Charges(j.Ctx, j.otherManager, billing.ChargeFilter{FacilityID: j.practice.ID}, core.NewPage(1, 20))
	apptest.CheckErr(t, err, "forbidden")
}

// TestStatementExports: the CSV has its byte-order mark and the figures; the XLSX has its
// header frozen and money as numeric cells that add up to the statement's total.
func TestStatementExports(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	_, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	d, err := j.App.Billing.Statement(j.Ctx, j.manager, j.statement(models.ScopeFacility, j.practice.ID, "2026-01").ID)
	j.Must(err)
	for _, l := range []core.Lang{core.ZH, core.EN} {
		var b bytes.Buffer
		j.Must(j.App.Billing.WriteStatementCSV(&b, d, l))
		if !bytes.HasPrefix(b.Bytes(), []byte("\uFEFF")) {
			t.Fatalf("%s CSV: no byte-order mark", l)
		}
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\uFEFF"))).ReadAll()
		j.Must(err)
		wantHeader := map[core.Lang]string{core.ZH: "金额（元）", core.EN: "Amount (CNY)"}[l]
		if recs[0][10] != wantHeader || len(recs) != 1+3+1 || recs[4][10] != "344.40" || recs[1][10] != "90.00" {
			t.Errorf("%s CSV: got %v", l, recs)
		}

		b.Reset()
		j.Must(j.App.Billing.WriteStatementXLSX(&b, d, l))
		f, err := excelize.OpenReader(&b)
		j.Must(err)
		sheet := f.GetSheetName(0)
		var sum float64
		for row := 2; row <= 4; row++ {
			cell := fmt.Sprintf("K%d", row)
			typ, err := f.GetCellType(sheet, cell)
			j.Must(err)
			v, err := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			j.Must(err)
			var x float64
			if _, err := fmt.Sscan(v, &x); err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
				t.Errorf("%s XLSX %s: %q of type %v, want a number", l, cell, v, typ)
			}
			sum += x
		}
		total, _ := f.GetCellValue(sheet, "K5", excelize.Options{RawCellValue: true})
		if fmt.Sprintf("%.2f", sum) != "344.40" || total != "344.4" {
			t.Errorf("%s XLSX: lines sum to %.2f, total %q; want 344.40", l, sum, total)
		}
		formatted, _ := f.GetCellValue(sheet, "K2")
		panes, err := f.GetPanes(sheet)
		j.Must(err)
		if formatted != "90.00" || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s XLSX: K2 reads %q, panes %+v; want 90.00 and the header frozen", l, formatted, panes)
		}
		_ = f.Close()
	}
}
