package app

import (
	"context"
	"fmt"
	"time"

	"cqshare/app/reports"
	"cqshare/app/seed"
	"cqshare/models"
)

// LeagueJob is the name of the league table's job; a period computed on the command line is a
// run of it, so that it never overlaps the nightly run.
const LeagueJob = "league_compute"

// ComputeLeague computes the league table of a month (YYYY-MM) or a year (YYYY) as a manual
// run of the league job, under its lease and with its run recorded, and returns the finished
// run (the `server league` command). reweight scores a period computed before with the latest
// weights instead of the version it was computed with.
func (a *App) ComputeLeague(ctx context.Context, period string, reweight bool) (models.JobRun, error) {
	kind, start, ok := reports.LeaguePeriod(period)
	if !ok {
		return models.JobRun{}, fmt.Errorf("league period %q: want YYYY-MM or YYYY", period)
	}
	return a.runAsJob(ctx, LeagueJob, func(ctx context.Context) (int64, error) {
		return a.Reports.ComputeLeague(ctx, kind, start, reweight)
	})
}

// seedLeague computes the league table of each month of the demo's rolled-up history before the
// current one, so that the demo shows a league from its first start instead of after the first
// nights.
func (a *App) seedLeague(ctx context.Context) error {
	now := a.Now().In(a.cfg.DefaultTZ)
	first := now.AddDate(0, 0, -seed.HistoryDays)
	current := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for m := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(current); m = m.AddDate(0, 1, 0) {
		if _, err := a.Reports.ComputeLeague(ctx, models.PeriodMonth, m.Format(models.DayFormat), false); err != nil {
			return fmt.Errorf("demo league %s: %w", m.Format("2006-01"), err)
		}
	}
	return nil
}
