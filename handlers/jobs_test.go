package handlers

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

func hourly(t time.Time) time.Time { return t.Truncate(time.Hour).Add(time.Hour) }

func TestJobsAPI(t *testing.T) {
	t.Parallel()
	// The App's clock moves only when the test moves it, so the next run the listing computes is
	// known exactly.
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 20, 0, 0, time.UTC))
	s := newTestServer(t, app.WithClock(clock.Now))
	started, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	err := s.app.RegisterJobs(
		app.JobSpec{Name: "quick", Schedule: "@every 1h", Next: hourly,
			Run: func(context.Context) (int64, error) { return 4, nil }},
		app.JobSpec{Name: "slow", Schedule: "@every 1h", Next: hourly,
			Run: func(context.Context) (int64, error) {
				once.Do(func() { close(started); <-release })
				return 0, nil
			}},
	)
	if err != nil {
		t.Fatal(err)
	}
	_, admin := s.user("admin@example.cn", models.RoleAdmin)
	_, manager := s.user("manager@example.cn", models.RoleManager)
	_, student := s.user("student@example.cn", models.RoleStudent)

	// Hold a run of "slow" open for the whole table.
	done := make(chan struct{})
	go func() {
		defer close(done)
		if _, err := s.app.RunJob(context.Background(), core.System, "slow"); err != nil {
			t.Errorf("slow run: %v", err)
		}
	}()
	<-started
	defer func() { close(release); <-done }()

	tests := []struct {
		name       string
		method     string
		path       string
		token      string
		wantStatus int
		wantCode   string
	}{
		{"list, signed out", http.MethodGet, "/api/v1/admin/jobs", "", 401, "unauthenticated"},
		{"list, student", http.MethodGet, "/api/v1/admin/jobs", student, 403, "forbidden"},
		{"list, manager", http.MethodGet, "/api/v1/admin/jobs", manager, 403, "forbidden"},
		{"list, admin", http.MethodGet, "/api/v1/admin/jobs", admin, 200, ""},
		{"run, manager", http.MethodPost, "/api/v1/admin/jobs/quick/run", manager, 403, "forbidden"},
		{"run, unknown job", http.MethodPost, "/api/v1/admin/jobs/nope/run", admin, 404, "not_found"},
		{"run, admin", http.MethodPost, "/api/v1/admin/jobs/quick/run", admin, 200, ""},
		{"run while running", http.MethodPost, "/api/v1/admin/jobs/slow/run", admin, 409, "job_running"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.do(request{method: tt.method, path: tt.path, token: tt.token})
			if res.Status != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", res.Status, res.ErrorCode(), tt.wantStatus, tt.wantCode, res.Body)
			}
		})
	}

	t.Run("manual run answers its record", func(t *testing.T) {
		clock.Advance(time.Minute) // a run of its own, after the table's
		var run jobRunResponse
		s.do(request{method: http.MethodPost, path: "/api/v1/admin/jobs/quick/run", token: admin}).JSON(t, &run)
		if run.Status != models.JobSucceeded || run.Rows != 4 || run.TriggerKind != app.TriggerManual || run.FinishedAt == nil {
			t.Errorf("got %+v, want a finished manual run that wrote 4 rows", run)
		}
	})
	t.Run("listing shows runs and the running job", func(t *testing.T) {
		var got listResponse[jobResponse]
		s.do(request{method: http.MethodGet, path: "/api/v1/admin/jobs", token: admin}).JSON(t, &got)
		byName := map[string]jobResponse{}
		for _, j := range got.Items {
			byName[j.Name] = j
		}
		if q := byName["quick"]; q.Running || len(q.LastRuns) < 2 || q.LastRuns[0].Status != models.JobSucceeded || !q.NextRun.Equal(hourly(clock.Now())) {
			t.Errorf("quick: got %+v, want idle with its runs and the next run at %s", q, hourly(clock.Now()))
		}
		if sl := byName["slow"]; !sl.Running || len(sl.LastRuns) != 1 || sl.LastRuns[0].Status != models.JobRunning || sl.LastRuns[0].FinishedAt != nil {
			t.Errorf("slow: got %+v, want running with one open run", sl)
		}
	})
}
