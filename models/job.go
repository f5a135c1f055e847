package models

import "time"

// Job run statuses.
const (
	JobRunning   = "running"
	JobSucceeded = "succeeded"
	JobFailed    = "failed"
)

// JobRun records one run of a scheduled job. (name, scheduled_for) is unique, so a schedule tick
// can be claimed by only one server copy.
type JobRun struct {
	ID           int64
	Name         string
	ScheduledFor time.Time
	TriggerKind  string // schedule or manual
	StartedAt    time.Time
	FinishedAt   *time.Time
	Status       string
	RowsWritten  int64
	Error        string
	Holder       string
}

// JobLock is a lease that keeps two runs of one job from overlapping.
type JobLock struct {
	Name        string `gorm:"primaryKey"`
	Holder      string
	LockedUntil time.Time
}
