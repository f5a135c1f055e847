package app

import (
	"context"
	"fmt"

	"cqshare/app/reports"
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
