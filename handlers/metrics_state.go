package handlers

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"cqshare/app"
)

// stateReadTimeout bounds the database reads of one scrape.
const stateReadTimeout = 5 * time.Second

// Descriptions of the platform's own metrics. The job's label is job_name: Prometheus gives
// every scraped series a "job" label of its own (the scrape job). The job runs are counted by the process that ran
// them (sum them across copies); the rest is read from the database at each scrape, so every
// copy tells the same (take the max across copies).
var (
	jobRunsDesc = prometheus.NewDesc("cqshare_job_runs_total",
		"Runs of a scheduled job this process finished, by status (succeeded, failed).", []string{"job_name", "status"}, nil)
	jobLastSuccessDesc = prometheus.NewDesc("cqshare_job_last_success_timestamp_seconds",
		"When the job's latest successful run ended, on any copy (absent before the first).", []string{"job_name"}, nil)
	jobLastFailedDesc = prometheus.NewDesc("cqshare_job_last_run_failed",
		"1 when the job's latest finished run, on any copy, failed.", []string{"job_name"}, nil)
	jobRunningDesc = prometheus.NewDesc("cqshare_job_running",
		"1 while a run of the job holds its lease, on any copy.", []string{"job_name"}, nil)
	jobIntervalDesc = prometheus.NewDesc("cqshare_job_interval_seconds",
		"The time between the job's next two ticks.", []string{"job_name"}, nil)
	outboxDesc = prometheus.NewDesc("cqshare_mail_outbox_emails",
		"E-mails in the outbox waiting to be sent (pending) or given up (failed).", []string{"status"}, nil)
	outboxOldestDesc = prometheus.NewDesc("cqshare_mail_outbox_oldest_pending_seconds",
		"Age of the oldest pending e-mail of the outbox; 0 when none waits.", nil, nil)
)

// stateCollector reads the scheduled jobs' and the e-mail outbox's state when scraped. A
// database that does not answer leaves those metrics out of the scrape (and /readyz fails),
// while the request and pool metrics are still served.
type stateCollector struct {
	app *app.App
	log *slog.Logger
}

// Describe sends the descriptions of every metric the collector gives.
func (c stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{jobRunsDesc, jobLastSuccessDesc, jobLastFailedDesc, jobRunningDesc,
		jobIntervalDesc, outboxDesc, outboxOldestDesc} {
		ch <- d
	}
}

// Collect reads the state and sends its metrics.
func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), stateReadTimeout)
	defer cancel()
	jobs, err := c.app.JobMetrics(ctx)
	if err != nil {
		c.log.Warn("metrics: job state not read", "err", err)
	}
	for _, j := range jobs {
		ch <- prometheus.MustNewConstMetric(jobRunsDesc, prometheus.CounterValue, float64(j.Succeeded), j.Name, "succeeded")
		ch <- prometheus.MustNewConstMetric(jobRunsDesc, prometheus.CounterValue, float64(j.Failed), j.Name, "failed")
		ch <- prometheus.MustNewConstMetric(jobIntervalDesc, prometheus.GaugeValue, j.Interval.Seconds(), j.Name)
		ch <- prometheus.MustNewConstMetric(jobRunningDesc, prometheus.GaugeValue, flag(j.Running), j.Name)
		ch <- prometheus.MustNewConstMetric(jobLastFailedDesc, prometheus.GaugeValue, flag(j.LastFailed), j.Name)
		if !j.LastSuccess.IsZero() {
			ch <- prometheus.MustNewConstMetric(jobLastSuccessDesc, prometheus.GaugeValue, unixSeconds(j.LastSuccess), j.Name)
		}
	}
	b, err := c.app.Mail.Backlog(ctx)
	if err != nil {
		c.log.Warn("metrics: e-mail outbox not read", "err", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(b.Pending), "pending")
	ch <- prometheus.MustNewConstMetric(outboxDesc, prometheus.GaugeValue, float64(b.Failed), "failed")
	age := 0.0
	if b.OldestPending != nil {
		age = max(0, c.app.Now().Sub(*b.OldestPending).Seconds())
	}
	ch <- prometheus.MustNewConstMetric(outboxOldestDesc, prometheus.GaugeValue, age)
}

// flag is a boolean as a gauge's value.
func flag(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }
