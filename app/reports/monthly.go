package reports

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// xlsxType is the content type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// monthlyReport is one report the monthly mailing sends and who receives it.
type monthlyReport struct {
	scope      string
	id         int64
	recipients []int64
}

// MailMonthly sends the reports of the previous month (in the default zone): each facility's to
// its managers, the city's to the administrators. Each recipient gets an in-app notice and an
// e-mail with the report's workbook (a row per day and the month's totals) in their language.
// A recipient gets a month's report once however often the job runs: the report_mailings row
// is written in the transaction of the notice. It returns how many reports it sent.
func (s *Service) MailMonthly(ctx context.Context) (int64, error) {
	now := s.Now().In(s.defaultTZ)
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	from, to := first.Format(models.DayFormat), first.AddDate(0, 1, -1).Format(models.DayFormat)
	facilities, err := s.DB.AllFacilities(ctx)
	if err != nil {
		return 0, err
	}
	var reports []monthlyReport
	for _, f := range facilities {
		ids, err := s.DB.FacilityManagerIDs(ctx, f.ID)
		if err != nil {
			return 0, err
		}
		reports = append(reports, monthlyReport{ScopeFacility, f.ID, ids})
	}
	admins, err := s.DB.ActiveAdminIDs(ctx)
	if err != nil {
		return 0, err
	}
	reports = append(reports, monthlyReport{ScopeCity, 0, admins})
	var sent int64
	for _, r := range reports {
		if len(r.recipients) == 0 {
			continue
		}
		u, err := s.Utilization(ctx, core.System, UtilizationQuery{Scope: r.scope, ID: r.id, Period: models.PeriodDay, From: from, To: to})
		if err != nil {
			return sent, fmt.Errorf("the %s %d report of %s: %w", r.scope, r.id, from, err)
		}
		for _, userID := range r.recipients {
			n, err := s.mailReport(ctx, u, userID)
			if err != nil {
				return sent, fmt.Errorf("the %s %d report of %s to user %d: %w", r.scope, r.id, from, userID, err)
			}
			sent += n
		}
	}
	return sent, nil
}

// mailReport sends a month's report to one user unless they had it already; it returns 1 when
// it sent it.
func (s *Service) mailReport(ctx context.Context, u Utilization, userID int64) (int64, error) {
	month := u.From[:7]
	name := core.Named{Name: u.Name, NameEn: u.NameEn}
	if u.Scope == ScopeCity {
		name = core.Named{Name: core.ZH.Say(core.T("reports.city")), NameEn: core.EN.Say(core.T("reports.city"))}
	}
	data := map[string]any{"scope": u.Scope, "scope_id": u.ID, "month": month, "name": name,
		"effective_hours": fmt.Sprintf("%.2f", Hours(u.Totals.EffectiveMinutes)),
		"utilization":     fmt.Sprintf("%.1f%%", u.Totals.Utilization*100),
		"bookings":        u.Totals.Bookings}
	workbook := func(l core.Lang) ([]models.EmailAttachment, error) {
		var b bytes.Buffer
		if err := s.WriteUtilizationXLSX(&b, u, l); err != nil {
			return nil, err
		}
		file := fmt.Sprintf("%s-%s-%d.xlsx", l.Say(core.T("reports.monthly_file", "month", month)), u.Scope, u.ID)
		return []models.EmailAttachment{{Name: file, ContentType: xlsxType, Content: b.Bytes()}}, nil
	}
	var sent int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		sent = 0
		claimed, err := s.DB.ClaimReportMailing(ctx, models.ReportMailing{PeriodStart: u.From, Scope: u.Scope,
			ScopeID: u.ID, UserID: userID, CreatedAt: s.Now()})
		if err != nil || !claimed {
			return err
		}
		sent = 1
		return s.NotifyAttaching(ctx, userID, "report_monthly", data, workbook)
	})
	return sent, err
}
