package accounts_test

import (
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// TestRetentionPurges checks that the housekeeping jobs delete notifications and audit records
// past their retention period (the defaults: 365 days and 3 years) and keep the younger ones,
// and that the audit log filters by time.
func TestRetentionPurges(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 4, 8, 0, 0, 0, time.UTC)
	f := apptest.NewFixture(t, now)
	u := f.User(models.RoleStudent)
	ages := []time.Duration{-1, 364 * 24 * time.Hour, 366 * 24 * time.Hour, 3*365*24*time.Hour - time.Hour, 3*365*24*time.Hour + time.Hour}
	for _, age := range ages {
		at := now.Add(-age)
		f.Must(f.DB.CreateNotification(f.Ctx, &models.Notification{UserID: u.UserID, Kind: "test", Title: "t", CreatedAt: at}))
		f.Must(f.DB.Insert(f.Ctx, &models.AuditLog{Action: "test", ObjectType: core.AuditUser, ObjectID: u.UserID, Detail: "{}", CreatedAt: at}))
	}

	n, err := f.App.Accounts.PurgeNotifications(f.Ctx)
	if err != nil || n != 3 || f.Count(&models.Notification{}, "user_id = ?", u.UserID) != 2 {
		t.Errorf("purged %d notifications (%v), want the 3 older than a year of 5", n, err)
	}
	n, err = f.App.Accounts.PurgeAuditLogs(f.Ctx)
	if err != nil || n != 1 || f.Count(&models.AuditLog{}, "action = ?", "test") != 4 {
		t.Errorf("purged %d audit records (%v), want the 1 older than 3 years of 5", n, err)
	}

	from, to := now.Add(-365*24*time.Hour), now
	rows, total, err := f.App.Accounts.AuditLogs(f.Ctx, core.System, models.AuditFilter{ObjectType: core.AuditUser, ObjectID: u.UserID,
		From: &from, To: &to}, core.Page{Number: 1, Size: 20})
	if err != nil || total != 1 || len(rows) != 1 || !rows[0].CreatedAt.Equal(now.Add(-364*24*time.Hour)) {
		t.Errorf("got %d of %d (%v), want the record of 364 days ago (the one from the future is outside to)", len(rows), total, err)
	}
}
