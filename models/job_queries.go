package models

import (
	"context"
	"errors"
	"time"
)

// leaseReleased is the locked_until of a lease nobody holds: far enough in the past for every
// clock, and inside MySQL's DATETIME range.
var leaseReleased = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)

// AcquireJobLease takes the lease of a job for holder until the given time, if nobody holds it
// at now, and reports whether it did. It rests on writes every engine orders, also across the
// nodes of a multi-primary cluster: an UPDATE of the lease row conditional on its expiry, or the
// INSERT of that row (a duplicate key means someone else holds it). A deadlock or certification
// error means a competing write won; Tx repeats the attempt, after a backoff, so the answer
// reflects it.
func (d *DB) AcquireJobLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	var ok bool
	err := d.Tx(ctx, func(ctx context.Context) (err error) {
		ok, err = d.acquireJobLease(ctx, name, holder, now, until)
		return err
	})
	return ok, err
}

func (d *DB) acquireJobLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	res := d.W(ctx).Model(&JobLock{}).Where("name = ? AND locked_until < ?", name, jobTime(now)).
		Updates(map[string]any{"holder": holder, "locked_until": jobTime(until)})
	if res.Error != nil {
		return false, res.Error
	}
	if res.RowsAffected == 1 {
		return true, nil
	}
	err := d.W(ctx).Create(&JobLock{Name: name, Holder: holder, LockedUntil: jobTime(until)}).Error
	if err == nil {
		return true, nil
	}
	if IsDuplicate(err) {
		return false, nil
	}
	return false, err
}

// ExtendJobLease moves the end of a lease the holder still holds.
func (d *DB) ExtendJobLease(ctx context.Context, name, holder string, until time.Time) error {
	return d.W(ctx).Model(&JobLock{}).Where("name = ? AND holder = ?", name, holder).
		Update("locked_until", jobTime(until)).Error
}

// ReleaseJobLease gives up a lease the holder holds.
func (d *DB) ReleaseJobLease(ctx context.Context, name, holder string) error {
	return d.Tx(ctx, func(ctx context.Context) error {
		return d.W(ctx).Model(&JobLock{}).Where("name = ? AND holder = ?", name, holder).
			Update("locked_until", leaseReleased).Error
	})
}

// HeldJobLeases returns the names of the jobs whose lease is held at now.
func (d *DB) HeldJobLeases(ctx context.Context, now time.Time) ([]string, error) {
	var names []string
	err := d.R(ctx).Model(&JobLock{}).Where("locked_until >= ?", jobTime(now)).Pluck("name", &names).Error
	return names, err
}

// InsertJobRun records the start of a run. A duplicate (name, scheduled_for) means the tick
// belongs to another run; check it with IsDuplicate.
func (d *DB) InsertJobRun(ctx context.Context, r *JobRun) error {
	r.ScheduledFor = jobTime(r.ScheduledFor)
	r.StartedAt = jobTime(r.StartedAt)
	return d.Tx(ctx, func(ctx context.Context) error { return d.W(ctx).Create(r).Error })
}

// FinishJobRun records how a run ended.
func (d *DB) FinishJobRun(ctx context.Context, r *JobRun) error {
	if r.FinishedAt == nil {
		return errors.New("finish job run: no finish time")
	}
	finished := jobTime(*r.FinishedAt)
	r.FinishedAt = &finished
	return d.Tx(ctx, func(ctx context.Context) error {
		return d.W(ctx).Model(&JobRun{}).Where("id = ?", r.ID).Updates(map[string]any{
			"finished_at": finished, "status": r.Status, "rows_written": r.RowsWritten, "error": r.Error,
		}).Error
	})
}

// FailInterruptedJobRuns marks the runs of a job still recorded as running as failed. Only the
// holder of the job's lease may call it: any other run it finds was cut off (its server stopped)
// before it could record its end.
func (d *DB) FailInterruptedJobRuns(ctx context.Context, name string, now time.Time, reason string) (int64, error) {
	var n int64
	err := d.Tx(ctx, func(ctx context.Context) error {
		res := d.W(ctx).Model(&JobRun{}).Where("name = ? AND status = ?", name, JobRunning).
			Updates(map[string]any{"status": JobFailed, "finished_at": jobTime(now), "error": reason})
		n = res.RowsAffected
		return res.Error
	})
	return n, err
}

// LatestJobRuns returns the last n runs of a job, newest first.
func (d *DB) LatestJobRuns(ctx context.Context, name string, n int) ([]JobRun, error) {
	var runs []JobRun
	err := d.R(ctx).Where("name = ?", name).Order("started_at DESC, id DESC").Limit(n).Find(&runs).Error
	return runs, err
}

// LastJobRun returns the latest run of a job, by start, whose status is one of statuses, and
// whether there is one. It walks the (name, started_at) index from its newest end.
func (d *DB) LastJobRun(ctx context.Context, name string, statuses ...string) (JobRun, bool, error) {
	var runs []JobRun
	err := d.R(ctx).Where("name = ? AND status IN ?", name, statuses).Order("started_at DESC, id DESC").Limit(1).
		Find(&runs).Error
	if err != nil || len(runs) == 0 {
		return JobRun{}, false, err
	}
	return runs[0], true, nil
}

// JobRunByID loads one run.
func (d *DB) JobRunByID(ctx context.Context, id int64) (JobRun, error) {
	return first[JobRun](d.R(ctx), id)
}

// DeleteJobRunsBefore removes the finished runs that started before the given time.
func (d *DB) DeleteJobRunsBefore(ctx context.Context, before time.Time) (int64, error) {
	res := d.W(ctx).Where("started_at < ? AND status <> ?", jobTime(before), JobRunning).Delete(&JobRun{})
	return res.RowsAffected, res.Error
}

// jobTime is t as every engine stores it: UTC, to the microsecond (MySQL's DATETIME(6) would
// otherwise round, and SQLite compares times as text, so one instant must have one spelling).
func jobTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
