//go:build linux

package jobs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestTickRunsOnceAcrossGaleraNodes races server copies that write through different nodes of
// a multi-primary cluster, where a row lock taken on one node is not seen on the others: the
// lease and the run record must still give each tick one run.
func TestTickRunsOnceAcrossGaleraNodes(t *testing.T) {
	t.Parallel()
	const perNode, rounds = 3, 5
	urls := apptest.StartGalera(t).DatabaseURLs(t)
	t0 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	clock := apptest.NewClock(t0)
	var executed atomic.Int64
	table := []Job{{"count", "@every 1m", func(context.Context) (int64, error) { executed.Add(1); return 1, nil }}}
	var schedulers []*Scheduler
	for _, url := range urls {
		cfg := apptest.Config(t)
		cfg.DatabaseURL = url + "&wsrep_sync_wait=1" // reads wait for what other nodes committed
		s, err := newScheduler(apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now)), apptest.Logger(t), table)
		if err != nil {
			t.Fatal(err)
		}
		schedulers = append(schedulers, s)
	}
	sched, _ := parseSchedule("@every 1m", time.UTC)
	for round := range rounds {
		clock.Set(t0.Add(time.Duration(round)*time.Minute + 200*time.Millisecond))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range len(schedulers) * perNode {
			wg.Go(func() {
				<-start
				schedulers[i%len(schedulers)].runTick("count", sched)
			})
		}
		close(start)
		wg.Wait()
	}
	for node, s := range schedulers {
		runs := runsOf(t, s.app, "count")
		if len(runs) != rounds {
			t.Errorf("node %d: got %d run records, want %d", node+1, len(runs), rounds)
		}
		for _, r := range runs {
			if r.Status != models.JobSucceeded {
				t.Errorf("node %d: run for %s is %s, want succeeded", node+1, r.ScheduledFor, r.Status)
			}
		}
	}
	if got := executed.Load(); got != rounds {
		t.Errorf("body ran %d times over %d ticks, want once per tick", got, rounds)
	}
}
