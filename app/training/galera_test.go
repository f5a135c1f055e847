//go:build linux

package training_test

import (
	"context"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
)

// TestEnrollmentRushAcrossGaleraNodes: a rush written through the three nodes of a
// multi-primary cluster, where the session's row lock is local to a node, still gives exactly
// the seats and a gapless waitlist: the enrolment keys carry invariant 2.
func TestEnrollmentRushAcrossGaleraNodes(t *testing.T) {
	t.Parallel()
	urls := apptest.StartGalera(t).DatabaseURLs(t)
	var apps []*app.App
	f := newTrainingFixtureOn(t, func(start time.Time) *apptest.Fixture {
		clock := apptest.NewClock(start)
		for _, url := range urls {
			cfg := apptest.Config(t)
			cfg.DatabaseURL = url + "&wsrep_sync_wait=1" // reads wait for what other nodes committed
			apps = append(apps, apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now)))
		}
		return &apptest.Fixture{T: t, Ctx: context.Background(), App: apps[0], DB: apps[0].DB(), Clock: clock}
	})
	s := f.session(f.course(nil).ID, 30, nil)
	got := rush(t, apps, f.students(500), s.ID)
	f.checkRush(got, s.ID, 30)
}
