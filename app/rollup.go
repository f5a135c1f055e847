package app

import (
	"context"

	"cqshare/models"
)

// RollupJob is the name of the reports' rollup job; a range recomputed on the command line is
// a run of it, so that it never overlaps the nightly run.
const RollupJob = "reports_rollup"

// Rollup recomputes the utilization rollups of the local days [from, to] (YYYY-MM-DD) as a
// manual run of the rollup job, under its lease and with its run recorded (rows written and
// any error), and returns the finished run (the `server rollup` command).
func (a *App) Rollup(ctx context.Context, from, to string) (models.JobRun, error) {
	spec := JobSpec{Name: RollupJob, Run: func(ctx context.Context) (int64, error) { return a.Reports.Rollup(ctx, from, to) }}
	_, holder, _ := a.jobSpec(RollupJob)
	if holder == "" {
		holder = processHolder()
	}
	return a.runJob(ctx, spec, holder, a.Now(), TriggerManual)
}
