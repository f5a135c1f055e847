package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app"
	"cqshare/models"
)

// jobResponse is a scheduled job with its next tick and latest runs.
type jobResponse struct {
	Name     string           `json:"name"`
	Schedule string           `json:"schedule"`
	NextRun  time.Time        `json:"next_run"`
	Running  bool             `json:"running"`
	LastRuns []jobRunResponse `json:"last_runs"`
}

// jobRunResponse is one run of a job.
type jobRunResponse struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	TriggerKind  string     `json:"trigger_kind"`
	ScheduledFor time.Time  `json:"scheduled_for"`
	StartedAt    time.Time  `json:"started_at"`
	FinishedAt   *time.Time `json:"finished_at"`
	Status       string     `json:"status"`
	Rows         int64      `json:"rows"`
	Error        string     `json:"error"`
	Holder       string     `json:"holder"`
}

func toJob(j app.JobStatus) jobResponse {
	return jobResponse{Name: j.Name, Schedule: j.Schedule, NextRun: j.NextRun, Running: j.Running,
		LastRuns: mapSlice(j.LastRuns, toJobRun)}
}

func toJobRun(r models.JobRun) jobRunResponse {
	return jobRunResponse{ID: r.ID, Name: r.Name, TriggerKind: r.TriggerKind, ScheduledFor: r.ScheduledFor,
		StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Status: r.Status, Rows: r.RowsWritten,
		Error: r.Error, Holder: r.Holder}
}

// listJobs lists the scheduled jobs (administrators).
func (h *Handler) listJobs(c echo.Context) error {
	jobs, err := h.app.Jobs(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(jobs, toJob), int64(len(jobs))))
}

// runJob runs a job now and answers with the finished run; 409 job_running while a run of it
// is still going on any server copy.
func (h *Handler) runJob(c echo.Context) error {
	run, err := h.app.RunJob(c.Request().Context(), actor(c), c.Param("name"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toJobRun(run))
}
