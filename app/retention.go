package app

import (
	"time"

	"cqshare/app/mail"
)

// RetentionPolicy is how long one kind of record that names people is kept, and the job that
// deletes it afterwards.
type RetentionPolicy struct {
	Record string // sessions, notifications, emails, job_runs, audit_logs
	Keep   time.Duration
	Job    string
}

// RetentionPolicies lists how long the platform keeps each kind of record that names people
// (sessions from their last use, the rest from their creation). Access logs are not kept by
// the server: it writes them to its standard output, for the operator's log system to keep.
func (a *App) RetentionPolicies() []RetentionPolicy {
	return []RetentionPolicy{
		{Record: "sessions", Keep: a.cfg.SessionTTL, Job: "purge_sessions"},
		{Record: "notifications", Keep: a.cfg.Retention.Notifications, Job: "purge_notifications"},
		{Record: "emails", Keep: mail.KeepFor, Job: "send_email"},
		{Record: "job_runs", Keep: JobRunRetention, Job: "purge_job_runs"},
		{Record: "audit_logs", Keep: a.cfg.Retention.AuditLogs, Job: "purge_audit_logs"},
	}
}
