package reports_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app/reports"
	"cqshare/models"
)

// TestMonthlyMail: on the 1st of April each manager gets their facility's March and each
// administrator the city's, in the app and by e-mail with the workbook in their language, whose
// totals are the report's; a second run sends nothing, and a manager who turned the e-mails
// off gets the notice only.
func TestMonthlyMail(t *testing.T) {
	t.Parallel()
	w := newMarch(t)
	w.Must(w.DB.W(w.Ctx).Model(&models.User{}).Where("id = ?", w.nyManager.UserID).Update("language", "en").Error)
	w.Must(w.DB.W(w.Ctx).Create(&models.NotificationSetting{UserID: w.admin.UserID, Kind: "report_monthly", Email: false}).Error)
	if _, err := w.App.Reports.Rollup(w.Ctx, "2026-03-01", "2026-03-31"); err != nil {
		t.Fatal(err)
	}
	w.Clock.Set(time.Date(2026, time.April, 1, 6, 0, 0, 0, shanghai))
	// The fixture's admin, and every other administrator the fixture made, gets the city's.
	admins, err := w.DB.ActiveAdminIDs(w.Ctx)
	w.Must(err)
	want := int64(2 + len(admins))
	for i, n := range []int64{want, 0} {
		if got, err := w.App.Reports.MailMonthly(w.Ctx); err != nil || got != n {
			t.Fatalf("run %d: sent %d, %v; want %d", i, got, err, n)
		}
	}
	if n := w.Count(&models.Notification{}, "user_id = ? AND kind = ?", w.admin.UserID, "report_monthly"); n != 1 {
		t.Errorf("the opted-out admin has %d notices, want 1", n)
	}
	if n := w.Count(&models.Email{}, "user_id = ?", w.admin.UserID); n != 0 {
		t.Errorf("the opted-out admin has %d e-mails, want 0", n)
	}
	cases := []struct {
		name    string
		userID  int64
		scope   string
		id      int64
		subject string // a part of it
		file    string // the start of the workbook's name
	}{
		{"the practice's manager, in Chinese", w.manager.UserID, reports.ScopeFacility, w.practice.ID, "2026-03 利用率月报", "利用率月报-2026-03-facility-"},
		{"New York's manager, in English", w.nyManager.UserID, reports.ScopeFacility, w.ny.ID, "Utilization report for 2026-03", "utilization-2026-03-facility-"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var mails []models.Email
			w.Must(w.DB.W(w.Ctx).Preload("Attachments").Where("user_id = ? AND kind = ?", c.userID, "report_monthly").Find(&mails).Error)
			if len(mails) != 1 || len(mails[0].Attachments) != 1 {
				t.Fatalf("got %d e-mails, want 1 with one workbook", len(mails))
			}
			m, a := mails[0], mails[0].Attachments[0]
			if !strings.Contains(m.Subject, c.subject) || !strings.HasPrefix(a.Name, c.file) || !strings.HasSuffix(a.Name, ".xlsx") {
				t.Errorf("subject %q, file %q; want %q and %q…", m.Subject, a.Name, c.subject, c.file)
			}
			u, err := w.App.Reports.Utilization(w.Ctx, w.admin, reports.UtilizationQuery{Scope: c.scope, ID: c.id,
				Period: models.PeriodDay, From: "2026-03-01", To: "2026-03-31"})
			w.Must(err)
			x, err := excelize.OpenReader(bytes.NewReader(a.Content))
			w.Must(err)
			rows, err := x.GetRows(x.GetSheetList()[0], excelize.Options{RawCellValue: true})
			w.Must(err)
			if len(rows) != 1+31+1 {
				t.Fatalf("the workbook has %d rows, want a header, 31 days and the totals", len(rows))
			}
			// The totals row's effective hours (the fifth column) are the report's.
			if got, want := rows[32][4], strconv.FormatFloat(reports.Hours(u.Totals.EffectiveMinutes), 'f', -1, 64); got != want || u.Totals.EffectiveMinutes == 0 {
				t.Errorf("the workbook's effective hours are %q, the report's %q", got, want)
			}
		})
	}
}
