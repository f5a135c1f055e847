// Package jobs runs the scheduled jobs: one table of named jobs, put on robfig/cron schedules.
// The application does the rest (app/jobs.go): the lease that keeps two runs of a job from
// overlapping, the claim that lets exactly one server copy run each tick, and the run records
// the admin API shows.
package jobs

import (
	"context"

	"cqshare/app"
)

// Job is one row of the table: a unique name, a schedule and a body that returns how many rows
// it wrote.
//
// A schedule is a standard five-field cron expression ("30 3 * * *", minute first), read in the
// default time zone (TZ_DEFAULT), or a descriptor: "@hourly", "@daily", or "@every 10m". An
// "@every" interval is aligned to the clock (multiples of the interval since the epoch, UTC), so
// every server copy sees the same ticks.
type Job struct {
	Name     string
	Schedule string
	Run      func(ctx context.Context) (rows int64, err error)
}

// table is every scheduled job. Add a job by adding a row; its body calls the App.
func table(a *app.App) []Job {
	return []Job{
		{"purge_sessions", "@every 1h", a.Accounts.DeleteExpiredSessions},
		{"purge_job_runs", "40 3 * * *", a.PurgeJobRuns},
		{"purge_notifications", "45 3 * * *", a.Accounts.PurgeNotifications},
		{"purge_audit_logs", "50 3 * * *", a.Accounts.PurgeAuditLogs},
		{"mark_no_shows", "@every 1m", a.Booking.MarkNoShows},
		{"complete_checked_in", "@every 5m", a.Booking.CompleteCheckedIn},
		{"expire_holds", "@every 1m", a.Booking.ExpireHolds},
		{"purge_past_claims", "20 3 * * *", a.Booking.PurgePastClaims},
		{"qualification_expiry_warnings", "0 9 * * *", a.Training.WarnExpiringQualifications},
		{"session_reminders", "@every 1h", a.Training.RemindSessions},
		{"send_email", "@every 1m", a.Mail.SendPending},
		{"services_auto_close", "@every 1h", a.Services.AutoClose},
		{"services_overdue", "@every 15m", a.Services.NotifyOverdue},
		{"billing_charges", "@every 1h", a.Billing.CreateCharges},
		{"billing_statements", "0 3 1 * *", a.Billing.IssueStatements},
		{"reports_rollup", "30 2 * * *", a.Reports.RollupNightly},
		{"reports_monthly_mail", "0 6 1 * *", a.Reports.MailMonthly},
		{"league_compute", "30 3 * * *", a.Reports.ComputeLeagueNightly},
	}
}
