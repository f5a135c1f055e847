// Package jobs runs the scheduled jobs with robfig/cron.
package jobs

import (
	"context"
	"log/slog"

	"github.com/robfig/cron/v3"

	"cqshare/app"
)

// Scheduler runs the job table on cron schedules.
type Scheduler struct {
	app  *app.App
	log  *slog.Logger
	cron *cron.Cron
}

// New builds the scheduler.
func New(a *app.App, log *slog.Logger) *Scheduler {
	return &Scheduler{app: a, log: log, cron: cron.New()}
}

// Start starts running jobs on their schedules.
func (s *Scheduler) Start() { s.cron.Start() }

// Stop stops scheduling; the context is done when running jobs have finished.
func (s *Scheduler) Stop() context.Context { return s.cron.Stop() }
