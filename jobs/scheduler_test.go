package jobs

import (
	"context"
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

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestParseSchedule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		spec    string
		wantErr string
	}{
		{"@every 1m", ""},
		{"@every 90s", ""},
		{"@hourly", ""},
		{"40 3 * * *", ""},
		{"*/5 * * * 1-5", ""},
		{"@every 1500ms", "whole number of seconds"},
		{"@every soon", "whole number of seconds"},
		{"61 * * * *", "end of range"},
		{"every minute", "expected exactly 5 fields"},
		{"", "empty spec"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			_, err := parseSchedule(tt.spec, shanghai)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if (tt.wantErr == "") != (err == nil) || !strings.Contains(got, tt.wantErr) {
				t.Errorf("got error %q, want one containing %q", got, tt.wantErr)
			}
		})
	}
}

// TestLastTick checks that a run starting a little after its tick is matched to that tick, the
// same instant on every copy, with cron expressions read in the default time zone.
func TestLastTick(t *testing.T) {
	t.Parallel()
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		spec string
		now  string
		want string
	}{
		{"@every 1m", "2026-03-02T08:07:00.004Z", "2026-03-02T08:07:00Z"},
		{"@every 1m", "2026-03-02T08:07:59.9Z", "2026-03-02T08:07:00Z"},
		{"@every 1h", "2026-03-02T08:00:02Z", "2026-03-02T08:00:00Z"},
		{"@every 15m", "2026-03-02T08:44:10Z", "2026-03-02T08:30:00Z"},
		// 03:40 in Shanghai is 19:40 UTC the day before.
		{"40 3 * * *", "2026-03-01T19:40:00.350Z", "2026-03-01T19:40:00Z"},
		{"40 3 * * *", "2026-03-01T19:40:30+00:00", "2026-03-01T19:40:00Z"},
		{"*/5 * * * *", "2026-03-02T08:10:00.2Z", "2026-03-02T08:10:00Z"},
		{"@daily", "2026-03-01T16:00:01Z", "2026-03-01T16:00:00Z"},
		// Far from any activation (the process was asleep): the latest activation before now.
		{"40 3 * * *", "2026-03-02T08:00:00Z", "2026-03-01T19:40:00Z"},
		{"0 0 1 * *", "2026-03-20T00:00:00Z", "2026-02-28T16:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.spec+" at "+tt.now, func(t *testing.T) {
			sched, err := parseSchedule(tt.spec, shanghai)
			if err != nil {
				t.Fatal(err)
			}
			if got := lastTick(sched, at(tt.now)); !got.Equal(at(tt.want)) {
				t.Errorf("got %s, want %s", got.UTC().Format(time.RFC3339Nano), tt.want)
			}
		})
	}
}

// TestTableRegisters checks that every row of the real table parses and that the App lists it
// with its next run, computed from the App's clock (held still here, so no tick can pass between
// the listing and the check).
func TestTableRegisters(t *testing.T) {
	t.Parallel()
	// 08:00:30 UTC is 16:00:30 in Shanghai, the default zone the cron expressions are read in.
	now := time.Date(2026, 3, 2, 8, 0, 30, 0, time.UTC)
	a := apptest.New(t, app.WithClock(apptest.NewClock(now).Now))
	if _, err := New(a, apptest.Logger(t)); err != nil {
		t.Fatalf("New: %v", err)
	}
	listed, err := a.Jobs(context.Background(), core.System)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"purge_sessions":      time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		"purge_job_runs":      time.Date(2026, 3, 2, 19, 40, 0, 0, time.UTC),
		"mark_no_shows":       time.Date(2026, 3, 2, 8, 1, 0, 0, time.UTC),
		"complete_checked_in": time.Date(2026, 3, 2, 8, 5, 0, 0, time.UTC),
		"expire_holds":        time.Date(2026, 3, 2, 8, 1, 0, 0, time.UTC),
		"purge_past_claims":   time.Date(2026, 3, 2, 19, 20, 0, 0, time.UTC),
	}
	for _, j := range listed {
		switch next, ok := want[j.Name]; {
		case !ok && !j.NextRun.After(now): // a job this test does not name: it still comes after now
			t.Errorf("%s: next run %s is not after %s", j.Name, j.NextRun, now)
		case ok && !j.NextRun.Equal(next):
			t.Errorf("%s: got next run %s, want %s", j.Name, j.NextRun, next)
		}
		delete(want, j.Name)
	}
	for name := range want {
		t.Errorf("job %s is not listed", name)
	}
}

// TestTickRunsOnceAcrossSchedulers runs the whole path (scheduler, App, database) of one tick
// on several server copies at once: one run, one record.
func TestTickRunsOnceAcrossSchedulers(t *testing.T) {
	t.Parallel()
	const nCopies = 4
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 300_000_000, time.UTC))
	cfg := apptest.Config(t)
	var executed atomic.Int64
	table := []Job{{"count", "@every 1m", func(context.Context) (int64, error) { executed.Add(1); return 0, nil }}}
	schedulers := make([]*Scheduler, nCopies)
	for i := range schedulers {
		a := apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now))
		s, err := newScheduler(a, apptest.Logger(t), table)
		if err != nil {
			t.Fatal(err)
		}
		schedulers[i] = s
	}
	sched, _ := parseSchedule("@every 1m", time.UTC)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range nCopies * 3 {
		wg.Go(func() {
			<-start
			schedulers[i%nCopies].runTick("count", sched)
		})
	}
	close(start)
	wg.Wait()
	runs := runsOf(t, schedulers[0].app, "count")
	if len(runs) != 1 || executed.Load() != 1 {
		t.Fatalf("got %d records and %d executions, want 1 and 1", len(runs), executed.Load())
	}
	if want := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC); !runs[0].ScheduledFor.Equal(want) {
		t.Errorf("scheduled_for %s, want %s", runs[0].ScheduledFor, want)
	}
}

// TestPanickingJobDoesNotStopTheScheduler runs a job that panics on every tick: each run is
// recorded failed, and the next tick runs again.
func TestPanickingJobDoesNotStopTheScheduler(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	a := apptest.New(t, app.WithClock(clock.Now))
	table := []Job{{"explode", "@every 1m", func(context.Context) (int64, error) { panic("boom") }}}
	s, err := newScheduler(a, apptest.Logger(t), table)
	if err != nil {
		t.Fatal(err)
	}
	sched, _ := parseSchedule("@every 1m", time.UTC)
	for range 3 {
		s.runTick("explode", sched)
		clock.Advance(time.Minute)
	}
	runs := runsOf(t, a, "explode")
	if len(runs) != 3 {
		t.Fatalf("got %d runs, want 3", len(runs))
	}
	for _, r := range runs {
		if r.Status != models.JobFailed || !strings.HasPrefix(r.Error, "panic: boom") {
			t.Errorf("got %s %q, want failed with the panic", r.Status, r.Error)
		}
	}
}

func runsOf(t *testing.T, a *app.App, name string) []models.JobRun {
	t.Helper()
	listed, err := a.Jobs(context.Background(), core.System)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range listed {
		if j.Name == name {
			return j.LastRuns
		}
	}
	t.Fatalf("job %s not registered", name)
	return nil
}
