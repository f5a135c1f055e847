package reports

import (
	"context"
	"fmt"
	"io"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// The years an annual report may ask for.
const (
	minAnnualYear = 2000
	maxAnnualYear = 2100
)

// AnnualQuery asks for the annual open-sharing report (开放共享年报) of a facility or a
// consortium for a calendar year of local days.
type AnnualQuery struct {
	Scope string
	ID    int64
	Year  int
}

// AnnualResource is one resource's line of the annual report: its figures of the year and the
// evaluation's ratios.
type AnnualResource struct {
	models.ResourceYear
	QuotaRatio  float64 // effective / quota
	SharingRate float64 // 对外共享率: effective minutes of other consortia's members, SMEs and outside users / effective
}

// Annual is the annual open-sharing report: a line per resource with figures in the year, and
// the scope's totals, which are the year's utilization figures (its income includes the charges
// of no resource, its SMEs served and people trained are distinct over the scope).
type Annual struct {
	AnnualQuery
	Name, NameEn string
	Resources    []AnnualResource
	Totals       Figures
}

// Annual answers the annual report to those who may read the utilization report of the scope
// (a manager their facility, an administrator any facility or consortium).
func (s *Service) Annual(ctx context.Context, ac core.Actor, q AnnualQuery) (Annual, error) {
	if !ac.IsStaff() {
		return Annual{}, core.ErrForbidden
	}
	fields := map[string]core.Text{}
	if q.Scope != ScopeFacility && q.Scope != ScopeConsortium {
		fields["scope"] = core.T("reports.annual.bad_scope")
	} else if q.ID <= 0 {
		fields["id"] = core.T("reports.id_required")
	}
	if q.Year < minAnnualYear || q.Year > maxAnnualYear {
		fields["year"] = core.T("field.between", "min", minAnnualYear, "max", maxAnnualYear)
	}
	if len(fields) > 0 {
		return Annual{}, core.ValidationError(fields)
	}
	from, to := fmt.Sprintf("%04d-01-01", q.Year), fmt.Sprintf("%04d-12-31", q.Year)
	u, err := s.Utilization(ctx, ac, UtilizationQuery{Scope: q.Scope, ID: q.ID, Period: models.PeriodYear, From: from, To: to})
	if err != nil {
		return Annual{}, err
	}
	mq := models.UtilizationQuery{From: from, To: to}
	if q.Scope == ScopeFacility {
		mq.FacilityIDs = []int64{q.ID}
	} else {
		mq.ConsortiumID = q.ID
	}
	years, err := s.DB.ResourceYears(ctx, mq)
	if err != nil {
		return Annual{}, err
	}
	out := Annual{AnnualQuery: q, Name: u.Name, NameEn: u.NameEn, Totals: u.Totals, Resources: make([]AnnualResource, len(years))}
	for i, y := range years {
		out.Resources[i] = AnnualResource{ResourceYear: y, QuotaRatio: ratio(y.EffectiveMinutes, y.QuotaMinutes),
			SharingRate: ratio(y.MemberMinutes+y.ExternalMinutes, y.EffectiveMinutes)}
	}
	return out, nil
}

// annualColumns are the columns of the annual report's workbook, as message keys under
// reports.annual.column.
var annualColumns = []string{"facility", "resource", "category", "quota_hours", "effective_hours", "quota_ratio",
	"teaching_hours", "research_hours", "training_hours", "social_service_hours", "service_hours", "sharing_rate",
	"income_internal", "income_external", "smes_served", "people_trained"}

// annualMoney are the indexes of its money columns.
var annualMoney = []int{slices.Index(annualColumns, "income_internal"), slices.Index(annualColumns, "income_external")}

// AnnualTable is the annual report as a sheet in l: a line per resource and the scope's totals.
// A resource's people trained are the facility's, so its cell is empty.
func (s *Service) AnnualTable(a Annual, l core.Lang) core.Table {
	t := core.Table{Sheet: l.Say(core.T("reports.annual.sheet", "year", a.Year)), Money: annualMoney}
	for _, c := range annualColumns {
		t.Header = append(t.Header, l.Say(core.T("reports.annual.column."+c)))
	}
	for _, r := range a.Resources {
		t.Rows = append(t.Rows, []any{l.Name(r.FacilityName, r.FacilityNameEn), l.Name(r.Name, r.NameEn), r.Category, Hours(r.QuotaMinutes), Hours(r.EffectiveMinutes), r.QuotaRatio,
			Hours(r.TeachingMinutes), Hours(r.ResearchMinutes), Hours(r.TrainingMinutes), Hours(r.SocialServiceMinutes),
			Hours(r.ServiceMinutes), r.SharingRate, core.Fen(r.IncomeInternalFen), core.Fen(r.IncomeExternalFen), r.SMEsServed, nil})
	}
	f := a.Totals
	t.Totals = []any{l.Name(a.Name, a.NameEn), l.Say(core.T("reports.totals")), "", Hours(f.QuotaMinutes), Hours(f.EffectiveMinutes), f.QuotaRatio,
		Hours(f.TeachingMinutes), Hours(f.ResearchMinutes), Hours(f.TrainingMinutes), Hours(f.SocialServiceMinutes),
		Hours(f.ServiceMinutes), f.OpenShare, core.Fen(f.IncomeInternalFen), core.Fen(f.IncomeExternalFen), f.SMEsServed, f.PeopleTrained}
	return t
}

// WriteAnnualXLSX writes the annual report as an XLSX workbook, its header row frozen.
func (s *Service) WriteAnnualXLSX(w io.Writer, a Annual, l core.Lang) error {
	return core.WriteXLSX(w, s.AnnualTable(a, l))
}
