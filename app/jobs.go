package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"maps"
	"os"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// JobSpec is a scheduled job as the application knows it. The jobs package builds the table of
// specs and registers it; the application runs a spec once per tick across server copies, never
// twice at once, and records every run. It knows the schedule only as a function, so it needs
// no cron library.
type JobSpec struct {
	Name     string
	Schedule string // as written in the table, e.g. "@every 1h" or "30 3 * * *"
	// Next returns the first tick strictly after t.
	Next func(t time.Time) time.Time
	// Run does the work and returns how many rows it wrote.
	Run func(ctx context.Context) (rows int64, err error)
}

// Trigger kinds of a job run.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
)

// JobLease is how long a run holds its job's lease before renewing it; a server that stops
// mid-run frees its jobs after this long.
const JobLease = 5 * time.Minute

// ErrJobRunning is returned when a job is started while a run of it is still going.
var ErrJobRunning = &core.Error{Kind: core.KindConflict, Code: "job_running", Key: "jobs.running"}

// jobRegistry holds the registered specs.
type jobRegistry struct {
	mu     sync.RWMutex
	specs  []JobSpec
	holder string // hostname:pid of this process, recorded on each run
	// finished counts the runs this process finished, by job and status, for the metrics.
	finished map[jobOutcome]int64
}

// jobOutcome is a job and how one of its runs ended.
type jobOutcome struct{ name, status string }

func (r *jobRegistry) countRun(name, status string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.finished == nil {
		r.finished = map[jobOutcome]int64{}
	}
	r.finished[jobOutcome{name, status}]++
}

// RegisterJobs adds jobs to the application's table; a name registered twice is refused.
func (a *App) RegisterJobs(specs ...JobSpec) error {
	a.jobs.mu.Lock()
	defer a.jobs.mu.Unlock()
	if a.jobs.holder == "" {
		a.jobs.holder = processHolder()
	}
	for _, s := range specs {
		if s.Name == "" || s.Run == nil || s.Next == nil {
			return fmt.Errorf("job %q: name, schedule and body are required", s.Name)
		}
		if slices.ContainsFunc(a.jobs.specs, func(o JobSpec) bool { return o.Name == s.Name }) {
			return fmt.Errorf("job %q is registered twice", s.Name)
		}
		a.jobs.specs = append(a.jobs.specs, s)
	}
	return nil
}

// processHolder names this process in run records: hostname:pid.
func processHolder() string {
	host, _ := os.Hostname()
	return host + ":" + strconv.Itoa(os.Getpid())
}

func (a *App) jobSpec(name string) (JobSpec, string, bool) {
	a.jobs.mu.RLock()
	defer a.jobs.mu.RUnlock()
	i := slices.IndexFunc(a.jobs.specs, func(s JobSpec) bool { return s.Name == name })
	if i < 0 {
		return JobSpec{}, "", false
	}
	return a.jobs.specs[i], a.jobs.holder, true
}

// RunScheduledJob runs the tick of a job unless another server copy has it: it takes the job's
// lease, claims the tick with the run record (the UNIQUE (name, scheduled_for) key lets exactly
// one copy insert it), runs the body and records how it ended. ran is false when the tick
// belongs to another copy or the previous run is still going; that is not an error.
func (a *App) RunScheduledJob(ctx context.Context, name string, tick time.Time) (run models.JobRun, ran bool, err error) {
	spec, holder, ok := a.jobSpec(name)
	if !ok {
		return run, false, core.ErrNotFound.Say("jobs.no_such_job", "name", name)
	}
	run, err = a.runJob(ctx, spec, holder, tick, TriggerSchedule)
	if errors.Is(err, ErrJobRunning) {
		return run, false, nil
	}
	return run, err == nil, err
}

// RunJob runs a job now, on an administrator's request, through the same lease and record as a
// scheduled tick, and returns the finished run. A job still running is ErrJobRunning.
func (a *App) RunJob(ctx context.Context, ac core.Actor, name string) (models.JobRun, error) {
	if !ac.IsAdmin() {
		return models.JobRun{}, core.ErrForbidden
	}
	spec, holder, ok := a.jobSpec(name)
	if !ok {
		return models.JobRun{}, core.ErrNotFound.Say("jobs.no_such_job", "name", name)
	}
	a.base.Log.InfoContext(ctx, "job run requested", "job", name, "by", ac.UserID)
	return a.runJob(ctx, spec, holder, a.Now(), TriggerManual)
}

// runJob is the one path of every run, scheduled or manual. It answers ErrJobRunning when the
// lease is held or the tick already has a run.
func (a *App) runJob(ctx context.Context, spec JobSpec, holder string, tick time.Time, trigger string) (models.JobRun, error) {
	// Bookkeeping must land even when the body's context is cancelled (shutdown).
	book := context.WithoutCancel(ctx)
	lease := holder + "/" + randomHex(6)
	now := a.Now()
	got, err := a.base.DB.AcquireJobLease(book, spec.Name, lease, now, now.Add(JobLease))
	if err != nil {
		return models.JobRun{}, fmt.Errorf("job %s: take lease: %w", spec.Name, err)
	}
	if !got {
		return models.JobRun{}, ErrJobRunning
	}
	defer func() {
		if err := a.base.DB.ReleaseJobLease(book, spec.Name, lease); err != nil {
			a.base.Log.Error("job lease not released; it expires by itself", "job", spec.Name, "err", err)
		}
	}()
	if n, err := a.base.DB.FailInterruptedJobRuns(book, spec.Name, now, "interrupted: the server running it stopped"); err != nil {
		return models.JobRun{}, err
	} else if n > 0 {
		a.base.Log.Warn("job runs interrupted earlier marked failed", "job", spec.Name, "runs", n)
	}
	run := models.JobRun{Name: spec.Name, ScheduledFor: tick, TriggerKind: trigger, StartedAt: now,
		Status: models.JobRunning, Holder: holder}
	if err := a.base.DB.InsertJobRun(book, &run); err != nil {
		if models.IsDuplicate(err) {
			return models.JobRun{}, ErrJobRunning.Say("jobs.already_ran", "name", spec.Name, "tick", tick.UTC())
		}
		return models.JobRun{}, fmt.Errorf("job %s: record start: %w", spec.Name, err)
	}

	stopRenew := a.renewJobLease(book, spec.Name, lease)
	rows, runErr := runGuarded(ctx, spec.Run)
	stopRenew()

	finished := a.Now()
	run.FinishedAt, run.RowsWritten, run.Status = &finished, rows, models.JobSucceeded
	if runErr != nil {
		run.Status, run.Error = models.JobFailed, core.Clip(runErr.Error(), 2000)
		a.base.Log.Error("job failed", "job", spec.Name, "trigger", trigger, "err", runErr)
	} else {
		a.base.Log.Info("job done", "job", spec.Name, "trigger", trigger, "rows", rows, "took", finished.Sub(now))
	}
	a.jobs.countRun(spec.Name, run.Status)
	if err := a.base.DB.FinishJobRun(book, &run); err != nil {
		return run, fmt.Errorf("job %s: record end: %w", spec.Name, err)
	}
	return run, nil
}

// runGuarded runs a job body, turning a panic into an error so the run is recorded as failed
// and the scheduler goes on.
func runGuarded(ctx context.Context, body func(context.Context) (int64, error)) (rows int64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return body(ctx)
}

// renewJobLease keeps extending the lease while a run lasts; the returned func stops it.
func (a *App) renewJobLease(ctx context.Context, name, lease string) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(JobLease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if err := a.base.DB.ExtendJobLease(ctx, name, lease, a.Now().Add(JobLease)); err != nil {
					a.base.Log.Warn("job lease not renewed", "job", name, "err", err)
				}
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// JobStatus is a registered job with its next tick and its latest runs.
type JobStatus struct {
	Name     string
	Schedule string
	NextRun  time.Time
	// Running is true while a run holds the job's lease, on any server copy.
	Running  bool
	LastRuns []models.JobRun
}

// jobRunsShown is how many recent runs Jobs returns per job.
const jobRunsShown = 5

// Jobs lists the registered jobs with their next tick and latest runs; administrators only.
func (a *App) Jobs(ctx context.Context, ac core.Actor) ([]JobStatus, error) {
	if !ac.IsAdmin() {
		return nil, core.ErrForbidden
	}
	a.jobs.mu.RLock()
	specs := slices.Clone(a.jobs.specs)
	a.jobs.mu.RUnlock()
	now := a.Now()
	held, err := a.base.DB.HeldJobLeases(ctx, now)
	if err != nil {
		return nil, err
	}
	out := make([]JobStatus, 0, len(specs))
	for _, s := range specs {
		runs, err := a.base.DB.LatestJobRuns(ctx, s.Name, jobRunsShown)
		if err != nil {
			return nil, err
		}
		out = append(out, JobStatus{Name: s.Name, Schedule: s.Schedule, NextRun: s.Next(now).UTC(),
			Running: slices.Contains(held, s.Name), LastRuns: runs})
	}
	return out, nil
}

// JobMetric is what the metrics tell of a registered job.
type JobMetric struct {
	Name string
	// Interval is the time between its next two ticks.
	Interval time.Duration
	// LastSuccess is when its latest successful run ended, on any copy; zero when none is
	// recorded.
	LastSuccess time.Time
	// LastFailed is true when its latest finished run, on any copy, failed.
	LastFailed bool
	// Running is true while a run holds the job's lease, on any copy.
	Running bool
	// Succeeded and Failed count the runs this process finished.
	Succeeded, Failed int64
}

// JobMetrics reads the state of every registered job for the metrics: the run records and
// leases that all copies share, and the runs this process finished.
func (a *App) JobMetrics(ctx context.Context) ([]JobMetric, error) {
	a.jobs.mu.RLock()
	specs := slices.Clone(a.jobs.specs)
	finished := maps.Clone(a.jobs.finished)
	a.jobs.mu.RUnlock()
	now := a.Now()
	held, err := a.base.DB.HeldJobLeases(ctx, now)
	if err != nil {
		return nil, err
	}
	out := make([]JobMetric, 0, len(specs))
	for _, s := range specs {
		next := s.Next(now)
		m := JobMetric{Name: s.Name, Interval: s.Next(next).Sub(next), Running: slices.Contains(held, s.Name),
			Succeeded: finished[jobOutcome{s.Name, models.JobSucceeded}], Failed: finished[jobOutcome{s.Name, models.JobFailed}]}
		last, ok, err := a.base.DB.LastJobRun(ctx, s.Name, models.JobSucceeded, models.JobFailed)
		if err != nil {
			return nil, err
		}
		m.LastFailed = ok && last.Status == models.JobFailed
		if m.LastFailed { // the last success, if any, came before
			if last, ok, err = a.base.DB.LastJobRun(ctx, s.Name, models.JobSucceeded); err != nil {
				return nil, err
			}
		}
		if ok && last.FinishedAt != nil {
			m.LastSuccess = *last.FinishedAt
		}
		out = append(out, m)
	}
	return out, nil
}

// JobRunRetention is how long job-run records are kept.
const JobRunRetention = 90 * 24 * time.Hour

// PurgeJobRuns deletes the job-run records older than JobRunRetention (a housekeeping job).
func (a *App) PurgeJobRuns(ctx context.Context) (int64, error) {
	return a.base.DB.DeleteJobRunsBefore(ctx, a.Now().Add(-JobRunRetention))
}
