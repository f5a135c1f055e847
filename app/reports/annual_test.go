package reports_test

import (
	"errors"
	"testing"

	"cqshare/app/core"
	"cqshare/app/reports"
)

// TestAnnualReport: the open-sharing report of the practice's year is a line per resource with
// its quota, use, sharing rate, income and SMEs, and the facility's totals with the income of
// no resource, the SMEs and people distinct over the year; it is scoped as the utilization
// report and refuses bad input by field.
func TestAnnualReport(t *testing.T) {
	t.Parallel()
	w := newFigures(t)
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	a, err := w.App.Reports.Annual(w.Ctx, w.manager, reports.AnnualQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Year: 2026})
	w.Must(err)
	if len(a.Resources) != 2 || a.Resources[0].ResourceID != w.room.ID || a.Resources[1].ResourceID != w.lathe.ID {
		t.Fatalf("resources: %+v", a.Resources)
	}
	room, lathe := a.Resources[0], a.Resources[1]
	// The room: 150 + 360 + 105 effective minutes, 60 of another consortium's member and 420 of
	// the SME, the booking charges and their adjustment, the SME.
	if room.QuotaMinutes != 6*230+231 || room.EffectiveMinutes != 615 || room.QuotaRatio != 0.3818 || room.SharingRate != 0.7805 ||
		room.ServiceMinutes != 420 || room.IncomeInternalFen != 1500 || room.IncomeExternalFen != 7000 || room.SMEsServed != 1 {
		t.Errorf("room: %+v", room)
	}
	if lathe.QuotaMinutes != 7*120 || lathe.EffectiveMinutes != 60 || lathe.QuotaRatio != 0.0714 || lathe.SharingRate != 0 || lathe.SMEsServed != 0 {
		t.Errorf("lathe: %+v", lathe)
	}
	f := a.Totals
	if a.Name != w.practice.Name || f.QuotaMinutes != 2451 || f.EffectiveMinutes != 675 || f.IncomeInternalFen != 1800 ||
		f.IncomeExternalFen != 77000 || f.SMEsServed != 2 || f.PeopleTrained != 3 || f.OpenShare != 0.7111 {
		t.Errorf("totals of %q: %+v", a.Name, f)
	}
	table := w.App.Reports.AnnualTable(a, core.ZH)
	if len(table.Rows) != 2 || table.Header[1] != "仪器设备" || table.Totals[15] != int64(3) || table.Rows[0][15] != nil {
		t.Errorf("table: %q %v %v", table.Header, table.Rows, table.Totals)
	}

	// The consortium's, for an admin: the same resources.
	c, err := w.App.Reports.Annual(w.Ctx, w.admin, reports.AnnualQuery{Scope: reports.ScopeConsortium, ID: w.practice.ConsortiumID, Year: 2026})
	w.Must(err)
	if len(c.Resources) != 2 || c.Totals.SMEsServed != 2 {
		t.Errorf("consortium: %+v", c)
	}
	for name, q := range map[string]struct {
		q    reports.AnnualQuery
		want error
	}{
		"another facility's manager": {reports.AnnualQuery{Scope: reports.ScopeFacility, ID: w.ny.ID, Year: 2026}, core.ErrNotFound},
		"a manager, a consortium":    {reports.AnnualQuery{Scope: reports.ScopeConsortium, ID: w.practice.ConsortiumID, Year: 2026}, core.ErrForbidden},
	} {
		if _, err := w.App.Reports.Annual(w.Ctx, w.manager, q.q); !errors.Is(err, q.want) {
			t.Errorf("%s: got %v, want %v", name, err, q.want)
		}
	}
	if _, err := w.App.Reports.Annual(w.Ctx, w.student, reports.AnnualQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Year: 2026}); !errors.Is(err, core.ErrForbidden) {
		t.Errorf("a student: got %v", err)
	}
	_, err = w.App.Reports.Annual(w.Ctx, w.admin, reports.AnnualQuery{Scope: reports.ScopeCity, Year: 1999})
	var ce *core.Error
	if !errors.As(err, &ce) || ce.Fields["scope"].Key == "" || ce.Fields["year"].Key == "" {
		t.Errorf("bad scope and year: got %v", err)
	}
}
