package app_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

var jobT0 = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

// hourly is a schedule for specs built by hand in tests.
func hourly(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }

// copies opens n Apps on one database, as n server copies would, sharing one clock.
func copies(t *testing.T, n int, clock *apptest.Clock, spec app.JobSpec) []*app.App {
	t.Helper()
	cfg := apptest.Config(t)
	apps := make([]*app.App, n)
	for i := range apps {
		apps[i] = apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now))
		if err := apps[i].RegisterJobs(spec); err != nil {
			t.Fatalf("register: %v", err)
		}
	}
	return apps
}

func lastRuns(t *testing.T, a *app.App, name string) []models.JobRun {
	t.Helper()
	jobs, err := a.Jobs(context.Background(), core.System)
	if err != nil {
		t.Fatalf("jobs: %v", err)
	}
	for _, j := range jobs {
		if j.Name == name {
			return j.LastRuns
		}
	}
	t.Fatalf("job %s not listed", name)
	return nil
}

// TestScheduledTickRunsOnceAcrossCopies races every goroutine of several copies on the same
// tick, released together, round after round: each tick must have one run record and one
// execution of the body.
func TestScheduledTickRunsOnceAcrossCopies(t *testing.T) {
	t.Parallel()
	const nCopies, perCopy, rounds = 4, 4, 4
	clock := apptest.NewClock(jobT0)
	var executed atomic.Int64
	apps := copies(t, nCopies, clock, app.JobSpec{Name: "count", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) { executed.Add(1); return 1, nil }})

	for round := range rounds {
		tick := jobT0.Add(time.Duration(round) * time.Hour)
		clock.Set(tick.Add(time.Second))
		start := make(chan struct{})
		var wg sync.WaitGroup
		var ran atomic.Int64
		for i := range nCopies * perCopy {
			wg.Go(func() {
				<-start
				_, ok, err := apps[i%nCopies].RunScheduledJob(context.Background(), "count", tick)
				if err != nil {
					t.Errorf("round %d: %v", round, err)
				}
				if ok {
					ran.Add(1)
				}
			})
		}
		close(start)
		wg.Wait()
		if got := ran.Load(); got != 1 {
			t.Errorf("round %d: %d copies report they ran the tick, want 1", round, got)
		}
	}
	runs := lastRuns(t, apps[0], "count")
	if len(runs) != rounds {
		t.Fatalf("got %d run records, want %d", len(runs), rounds)
	}
	for i, r := range runs {
		want := jobT0.Add(time.Duration(rounds-1-i) * time.Hour)
		if !r.ScheduledFor.Equal(want) || r.Status != models.JobSucceeded || r.TriggerKind != app.TriggerSchedule {
			t.Errorf("run %d: got %s %s %s, want %s succeeded schedule", i, r.ScheduledFor, r.Status, r.TriggerKind, want)
		}
	}
	if got := executed.Load(); got != rounds {
		t.Errorf("body ran %d times, want %d", got, rounds)
	}
	// A copy that comes late to a tick already run skips it.
	if _, ok, err := apps[1].RunScheduledJob(context.Background(), "count", jobT0); ok || err != nil {
		t.Errorf("late copy: got ran=%v err=%v, want skipped without error", ok, err)
	}
}

// TestJobNeverOverlaps holds a run open and checks that neither a manual nor a scheduled start,
// from any copy, gets in until it ends.
func TestJobNeverOverlaps(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int64
	apps := copies(t, 2, clock, app.JobSpec{Name: "slow", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) {
			if calls.Add(1) == 1 {
				close(started)
				<-release
			}
			return 0, nil
		}})
	ctx := context.Background()

	done := make(chan models.JobRun)
	go func() {
		run, err := apps[0].RunJob(ctx, core.System, "slow")
		if err != nil {
			t.Errorf("first run: %v", err)
		}
		done <- run
	}()
	<-started
	clock.Advance(time.Second)
	if _, err := apps[1].RunJob(ctx, core.System, "slow"); !errors.Is(err, app.ErrJobRunning) {
		t.Errorf("manual run during a run: got %v, want job_running", err)
	}
	if _, ok, err := apps[0].RunScheduledJob(ctx, "slow", jobT0.Add(time.Hour)); ok || err != nil {
		t.Errorf("scheduled tick during a run: got ran=%v err=%v, want skipped", ok, err)
	}
	jobs, err := apps[1].Jobs(ctx, core.System)
	if err != nil || len(jobs) != 1 || !jobs[0].Running {
		t.Errorf("listing during a run: got %+v %v, want running", jobs, err)
	}
	close(release)
	if run := <-done; run.Status != models.JobSucceeded || run.TriggerKind != app.TriggerManual {
		t.Errorf("first run: got %s %s, want succeeded manual", run.Status, run.TriggerKind)
	}
	clock.Advance(time.Second)
	if run, err := apps[1].RunJob(ctx, core.System, "slow"); err != nil || run.Status != models.JobSucceeded {
		t.Errorf("run after the first ended: got %s %v, want succeeded", run.Status, err)
	}
	if got := calls.Load(); got != 2 {
		t.Errorf("body ran %d times, want 2", got)
	}
}

func TestJobRunRecordsOutcome(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		body       func(context.Context) (int64, error)
		wantStatus string
		wantRows   int64
		wantError  string
	}{
		{"succeeds", func(context.Context) (int64, error) { return 7, nil }, models.JobSucceeded, 7, ""},
		{"fails", func(context.Context) (int64, error) { return 3, errors.New("disk full") }, models.JobFailed, 3, "disk full"},
		{"panics", func(context.Context) (int64, error) { panic("boom") }, models.JobFailed, 0, "panic: boom"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := apptest.NewClock(jobT0)
			a := copies(t, 1, clock, app.JobSpec{Name: tt.name, Schedule: "@every 1h", Next: hourly, Run: tt.body})[0]
			for i := range 2 { // the second run shows the first released its lease
				clock.Advance(time.Minute)
				run, err := a.RunJob(context.Background(), core.System, tt.name)
				if err != nil {
					t.Fatalf("run %d: %v", i, err)
				}
				if run.Status != tt.wantStatus || run.RowsWritten != tt.wantRows || !strings.HasPrefix(run.Error, tt.wantError) {
					t.Errorf("run %d: got %s rows=%d error=%q, want %s rows=%d error %q…", i, run.Status, run.RowsWritten, run.Error, tt.wantStatus, tt.wantRows, tt.wantError)
				}
				if run.FinishedAt == nil || !run.FinishedAt.Equal(clock.Now()) {
					t.Errorf("run %d: finished_at %v, want %v", i, run.FinishedAt, clock.Now())
				}
			}
			if runs := lastRuns(t, a, tt.name); len(runs) != 2 || runs[0].Status != tt.wantStatus {
				t.Errorf("records: got %d, want 2 with status %s", len(runs), tt.wantStatus)
			}
		})
	}
}

func TestRunJobRefusals(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	a := copies(t, 1, clock, app.JobSpec{Name: "noop", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) { return 0, nil }})[0]
	tests := []struct {
		name  string
		actor core.Actor
		job   string
		want  error
	}{
		{"manager", core.Actor{UserID: 5, Role: models.RoleManager}, "noop", core.ErrForbidden},
		{"student", core.Actor{UserID: 6, Role: models.RoleStudent}, "noop", core.ErrForbidden},
		{"unknown job", core.System, "nope", core.ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.RunJob(context.Background(), tt.actor, tt.job); !errors.Is(err, tt.want) {
				t.Errorf("run: got %v, want %v", err, tt.want)
			}
			if tt.actor.IsAdmin() {
				return
			}
			if _, err := a.Jobs(context.Background(), tt.actor); !errors.Is(err, tt.want) {
				t.Errorf("list: got %v, want %v", err, tt.want)
			}
		})
	}
	if err := a.RegisterJobs(app.JobSpec{Name: "noop", Next: hourly, Run: func(context.Context) (int64, error) { return 0, nil }}); err == nil {
		t.Error("registering a name twice: got no error")
	}
}

// TestExpiredLeaseIsTakenOver stands for a server that stopped mid-run: once its lease has
// expired another copy runs the job, and the run left open is recorded as failed.
func TestExpiredLeaseIsTakenOver(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int64
	apps := copies(t, 2, clock, app.JobSpec{Name: "stuck", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) {
			if calls.Add(1) == 1 {
				close(started)
				<-release
			}
			return 0, nil
		}})
	ctx := context.Background()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = apps[0].RunJob(ctx, core.System, "stuck")
	}()
	<-started
	clock.Advance(app.JobLease + time.Second)
	run, err := apps[1].RunJob(ctx, core.System, "stuck")
	if err != nil || run.Status != models.JobSucceeded {
		t.Fatalf("run after the lease expired: got %s %v, want succeeded", run.Status, err)
	}
	runs := lastRuns(t, apps[1], "stuck")
	if len(runs) != 2 || runs[1].Status != models.JobFailed || !strings.HasPrefix(runs[1].Error, "interrupted") {
		t.Errorf("open run: got %+v, want the older one failed as interrupted", runs)
	}
	close(release)
	<-done
}

func TestJobsListing(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	a := copies(t, 1, clock, app.JobSpec{Name: "tick", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) { return 1, nil }})[0]
	ctx := context.Background()
	for i := range 7 {
		clock.Set(jobT0.Add(time.Duration(i) * time.Hour))
		if _, ok, err := a.RunScheduledJob(ctx, "tick", clock.Now()); !ok || err != nil {
			t.Fatalf("tick %d: ran=%v err=%v", i, ok, err)
		}
	}
	clock.Set(jobT0.Add(6*time.Hour + 20*time.Minute))
	jobs, err := a.Jobs(ctx, core.System)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("jobs: got %d %v, want 1", len(jobs), err)
	}
	j := jobs[0]
	if want := jobT0.Add(7 * time.Hour); !j.NextRun.Equal(want) || j.Running || j.Schedule != "@every 1h" {
		t.Errorf("got next %s running %v schedule %q, want next %s, idle, @every 1h", j.NextRun, j.Running, j.Schedule, want)
	}
	if len(j.LastRuns) != 5 || !j.LastRuns[0].ScheduledFor.Equal(jobT0.Add(6*time.Hour)) {
		t.Errorf("got %d last runs, newest %v; want 5, newest at %s", len(j.LastRuns), j.LastRuns[0].ScheduledFor, jobT0.Add(6*time.Hour))
	}
}

func TestPurgeJobRunsKeepsRetention(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	a := copies(t, 1, clock, app.JobSpec{Name: "tick", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) { return 0, nil }})[0]
	ctx := context.Background()
	for _, at := range []time.Time{jobT0, jobT0.Add(app.JobRunRetention - time.Hour)} {
		clock.Set(at)
		if _, err := a.RunJob(ctx, core.System, "tick"); err != nil {
			t.Fatal(err)
		}
	}
	clock.Set(jobT0.Add(app.JobRunRetention + time.Minute))
	n, err := a.PurgeJobRuns(ctx)
	if err != nil || n != 1 {
		t.Fatalf("purge: got %d %v, want 1 deleted", n, err)
	}
	if runs := lastRuns(t, a, "tick"); len(runs) != 1 || runs[0].StartedAt.Before(jobT0.Add(time.Hour)) {
		t.Errorf("kept %d runs, want only the recent one", len(runs))
	}
}

// TestJobMetrics runs a job that succeeds, then fails, on one of two copies: both copies read
// the last success and the failure from the shared run records, and only the copy that ran it
// counts its runs.
func TestJobMetrics(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(jobT0)
	var fail atomic.Bool
	spec := app.JobSpec{Name: "flaky", Schedule: "@every 1h", Next: hourly, Run: func(context.Context) (int64, error) {
		if fail.Load() {
			return 0, errors.New("disk full")
		}
		return 1, nil
	}}
	apps := copies(t, 2, clock, spec)
	metric := func(a *app.App) app.JobMetric {
		t.Helper()
		ms, err := a.JobMetrics(context.Background())
		if err != nil || len(ms) != 1 {
			t.Fatalf("job metrics: got %+v, %v; want one job", ms, err)
		}
		return ms[0]
	}
	if got := metric(apps[0]); got != (app.JobMetric{Name: "flaky", Interval: time.Hour}) {
		t.Errorf("before any run: got %+v, want the interval and nothing else", got)
	}
	clock.Advance(time.Minute)
	succeededAt := clock.Now()
	if _, err := apps[0].RunJob(context.Background(), core.System, "flaky"); err != nil {
		t.Fatal(err)
	}
	want := app.JobMetric{Name: "flaky", Interval: time.Hour, LastSuccess: succeededAt, Succeeded: 1}
	if got := metric(apps[0]); !got.LastSuccess.Equal(want.LastSuccess) || got.LastFailed || got.Succeeded != 1 || got.Failed != 0 {
		t.Errorf("after a success: got %+v, want %+v", got, want)
	}
	fail.Store(true)
	clock.Advance(time.Minute)
	if _, err := apps[0].RunJob(context.Background(), core.System, "flaky"); err != nil {
		t.Fatal(err)
	}
	for i, want := range []app.JobMetric{
		{Name: "flaky", Interval: time.Hour, LastSuccess: succeededAt, LastFailed: true, Succeeded: 1, Failed: 1},
		{Name: "flaky", Interval: time.Hour, LastSuccess: succeededAt, LastFailed: true},
	} {
		got := metric(apps[i])
		got.LastSuccess, want.LastSuccess = got.LastSuccess.UTC(), want.LastSuccess.UTC()
		if got != want {
			t.Errorf("copy %d after a failure: got %+v, want %+v", i, got, want)
		}
	}
}
