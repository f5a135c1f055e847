package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/core"
)

// scrapeText reads /metrics on the API port from this machine.
func scrapeText(t *testing.T, s *testServer) string {
	t.Helper()
	w := serveFrom(s, "127.0.0.1:9100", httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics: got %d %s", w.Code, w.Body)
	}
	return w.Body.String()
}

// scrape reads /metrics on the API port from this machine and returns the series of the HTTP
// request counter.
func scrape(t *testing.T, s *testServer) []string {
	t.Helper()
	var series []string
	for line := range strings.Lines(scrapeText(t, s)) {
		if strings.HasPrefix(line, "http_requests_total{") {
			series = append(series, strings.TrimSpace(line))
		}
	}
	return series
}

// TestMetricLabelsAreBounded sends invented methods and paths in two rounds: the second,
// ten times larger, must add no series to the request counter; they are counted under the
// method OTHER and the route "unmatched".
func TestMetricLabelsAreBounded(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	send := func(from, to int) {
		for i := from; i < to; i++ {
			for _, r := range []*http.Request{
				httptest.NewRequest(fmt.Sprintf("INVENT%d", i), "/api/v1/me", nil),
				httptest.NewRequest(fmt.Sprintf("X%d", i), fmt.Sprintf("/api/v1/no-such-%d", i), nil),
				httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/no-such-%d/x", i), nil),
				httptest.NewRequest(http.MethodPost, fmt.Sprintf("/no-such-%d", i), nil),
			} {
				serveFrom(s, "203.0.113.7:5000", r)
			}
		}
	}
	scrape(t, s) // so that the scrapes' own series exists before the count
	send(0, 20)
	first := scrape(t, s)
	send(20, 220)
	second := scrape(t, s)
	if len(second) != len(first) {
		t.Errorf("got %d series after 800 more invented requests, want %d:\n%s", len(second), len(first), strings.Join(second, "\n"))
	}
	for _, want := range []string{`method="OTHER",route="unmatched"`, `method="GET",route="unmatched",status="404"`} {
		if !strings.Contains(strings.Join(second, "\n"), want) {
			t.Errorf("no series with %s in:\n%s", want, strings.Join(second, "\n"))
		}
	}
	for _, line := range second {
		if strings.Contains(line, "INVENT") || strings.Contains(line, "no-such") {
			t.Errorf("a label as the client sent it: %s", line)
			break
		}
	}
}

// TestMetricsAreNotPublic reads /metrics on the API port from several callers: without
// METRICS_ADDR only a caller on this machine that no proxy relays gets it; with METRICS_ADDR
// the API port has no /metrics at all.
func TestMetricsAreNotPublic(t *testing.T) {
	t.Parallel()
	onAPI := newTestServer(t)
	cfg := apptest.Config(t)
	cfg.MetricsAddr = "127.0.0.1:9464"
	separate := newTestServerWithConfig(t, cfg)
	tests := []struct {
		name      string
		s         *testServer
		remote    string
		forwarded string
		want      int
	}{
		{"from this machine", onAPI, "127.0.0.1:5000", "", http.StatusOK},
		{"from this machine over IPv6", onAPI, "[::1]:5000", "", http.StatusOK},
		{"from outside", onAPI, "203.0.113.7:5000", "", http.StatusNotFound},
		{"from the private network", onAPI, "10.0.0.5:5000", "", http.StatusNotFound},
		{"relayed by a proxy on this machine", onAPI, "127.0.0.1:5000", "203.0.113.7", http.StatusNotFound},
		{"with METRICS_ADDR, from this machine", separate, "127.0.0.1:5000", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/metrics", nil)
			if tt.forwarded != "" {
				r.Header.Set("X-Forwarded-For", tt.forwarded)
			}
			w := serveFrom(tt.s, tt.remote, r)
			if w.Code != tt.want || (tt.want == http.StatusOK) != strings.Contains(w.Body.String(), "go_goroutines") {
				t.Errorf("got %d %s, want %d", w.Code, truncateBody(w.Body.Bytes()), tt.want)
			}
		})
	}
}

// TestStateMetrics runs a job that fails and scrapes: the run is counted, the job's last run is
// marked failed, it has no last success yet, and the empty outbox has no backlog.
func TestStateMetrics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	hourly := func(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }
	err := s.app.RegisterJobs(app.JobSpec{Name: "broken", Schedule: "@every 1h", Next: hourly,
		Run: func(context.Context) (int64, error) { return 0, errors.New("disk full") }})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.app.RunJob(context.Background(), core.System, "broken"); err != nil {
		t.Fatal(err)
	}
	body := scrapeText(t, s)
	for _, want := range []string{
		`cqshare_job_runs_total{job_name="broken",status="failed"} 1`,
		`cqshare_job_runs_total{job_name="broken",status="succeeded"} 0`,
		`cqshare_job_last_run_failed{job_name="broken"} 1`,
		`cqshare_job_running{job_name="broken"} 0`,
		`cqshare_job_interval_seconds{job_name="broken"} 3600`,
		`cqshare_mail_outbox_emails{status="pending"} 0`,
		`cqshare_mail_outbox_emails{status="failed"} 0`,
		`cqshare_mail_outbox_oldest_pending_seconds 0`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("no line %s in the scrape", want)
		}
	}
	if strings.Contains(body, `cqshare_job_last_success_timestamp_seconds{job_name="broken"}`) {
		t.Errorf("a last success of a job that never succeeded")
	}
}

// TestMetricsWithoutDatabase closes the database and scrapes: the jobs' and outbox's metrics,
// which need it, are left out, and the rest is still served.
func TestMetricsWithoutDatabase(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	if err := s.app.Close(); err != nil {
		t.Fatal(err)
	}
	body := scrapeText(t, s)
	if !strings.Contains(body, "go_goroutines ") || !strings.Contains(body, "go_sql_open_connections{") {
		t.Errorf("the runtime's and the pools' metrics are missing from the scrape")
	}
	if strings.Contains(body, "cqshare_mail_outbox_emails") {
		t.Errorf("outbox metrics without a database")
	}
}
