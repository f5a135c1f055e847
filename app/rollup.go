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
	return a.runAsJob(ctx, RollupJob, func(ctx context.Context) (int64, error) { return a.Reports.Rollup(ctx, from, to) })
}

// runAsJob runs body now as a manual run of the named job (registered or not: a command runs
// without the scheduler), under the job's lease and with its run recorded.
func (a *App) runAsJob(ctx context.Context, name string, body func(ctx context.Context) (int64, error)) (models.JobRun, error) {
	_, holder, _ := a.jobSpec(name)
	if holder == "" {
		holder = processHolder()
	}
	return a.runJob(ctx, JobSpec{Name: name, Run: body}, holder, a.Now(), TriggerManual)
}
