package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/robfig/cron/v3"

	"cqshare/app"
)

// Scheduler puts the job table on cron schedules.
type Scheduler struct {
	app    *app.App
	log    *slog.Logger
	cron   *cron.Cron
	ctx    context.Context // the jobs' context, cancelled by Stop
	cancel context.CancelFunc
}

// New parses the table's schedules and registers the jobs with the App (so the admin API can
// list and run them even where JOBS_ENABLED is off); Start puts them on the clock.
func New(a *app.App, log *slog.Logger) (*Scheduler, error) {
	return newScheduler(a, log, table(a))
}

func newScheduler(a *app.App, log *slog.Logger, jobs []Job) (*Scheduler, error) {
	tz := a.Config().DefaultTZ
	ctx, cancel := context.WithCancel(context.Background())
	s := &Scheduler{app: a, log: log, ctx: ctx, cancel: cancel,
		cron: cron.New(cron.WithLocation(tz), cron.WithLogger(cron.DiscardLogger))}
	specs := make([]app.JobSpec, 0, len(jobs))
	for _, j := range jobs {
		sched, err := parseSchedule(j.Schedule, tz)
		if err != nil {
			cancel()
			return nil, fmt.Errorf("job %s: %w", j.Name, err)
		}
		specs = append(specs, app.JobSpec{Name: j.Name, Schedule: j.Schedule, Next: sched.Next, Run: j.Run})
		s.cron.Schedule(sched, cron.FuncJob(func() { s.runTick(j.Name, sched) }))
	}
	if err := a.RegisterJobs(specs...); err != nil {
		cancel()
		return nil, err
	}
	return s, nil
}

// Start starts running jobs on their schedules.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling and cancels the running jobs; the context it returns is done when they
// have recorded their end.
func (s *Scheduler) Stop() context.Context {
	done := s.cron.Stop()
	s.cancel()
	return done
}

// runTick runs the tick that is due now; the App decides whether this copy gets it.
func (s *Scheduler) runTick(name string, sched cron.Schedule) {
	defer func() {
		// The App recovers panics of the job body; this guards the bookkeeping around it.
		if r := recover(); r != nil {
			s.log.Error("job panicked outside its body", "job", name, "panic", r)
		}
	}()
	tick := lastTick(sched, s.app.Now())
	run, ran, err := s.app.RunScheduledJob(s.ctx, name, tick)
	switch {
	case err != nil:
		s.log.Error("job run not recorded", "job", name, "tick", tick, "err", err)
	case !ran:
		s.log.Debug("job tick taken by another run", "job", name, "tick", tick)
	default:
		s.log.Debug("job tick ran", "job", name, "tick", tick, "status", run.Status)
	}
}

// parseSchedule reads a cron expression in the time zone tz, or an "@every" interval aligned
// to the clock.
func parseSchedule(spec string, tz *time.Location) (cron.Schedule, error) {
	if rest, ok := strings.CutPrefix(spec, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil || d < time.Second || d%time.Second != 0 {
			return nil, fmt.Errorf("schedule %q: @every needs a whole number of seconds, at least 1s", spec)
		}
		return every{d}, nil
	}
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule %q: %w", spec, err)
	}
	if ss, ok := sched.(*cron.SpecSchedule); ok && ss.Location == time.Local {
		ss.Location = tz
	}
	return sched, nil
}

// every fires at the multiples of an interval since the epoch, the same instants on every
// server copy (cron's own @every counts from when each process started).
type every struct{ d time.Duration }

// Next returns the first multiple of the interval after t.
func (e every) Next(t time.Time) time.Time { return t.Truncate(e.d).Add(e.d) }

// maxLate is how long after its tick a run may start and still be matched to it.
const maxLate = time.Minute

// lastTick is the tick a run starting at now belongs to: the latest activation of the schedule
// at or before now. Every copy computes the same instant for the same tick, which is what lets
// the run record's unique key pick one of them.
func lastTick(sched cron.Schedule, now time.Time) time.Time {
	if e, ok := sched.(every); ok {
		return now.Truncate(e.d)
	}
	// Look back far enough to find an activation, then walk forward to the last one.
	window := maxLate
	t := sched.Next(now.Add(-window))
	for t.After(now) && window < 400*24*time.Hour {
		window *= 4
		t = sched.Next(now.Add(-window))
	}
	if t.After(now) || t.IsZero() {
		return now.Truncate(time.Second)
	}
	for n := sched.Next(t); !n.After(now); n = sched.Next(n) {
		t = n
	}
	return t
}
