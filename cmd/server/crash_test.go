package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/models"
)

// Crash safety: the server binary, killed with SIGKILL in the middle of its work (as the
// out-of-memory killer or a crash kills it: no shutdown, no deferred work) and started again on
// the same database, has lost nothing it acknowledged, kept nothing it refused and left nothing
// half-written (invariant 3); the job run it was in is repaired by the next run, and the e-mails
// it was sending are all delivered. The database is the engine under test (TEST_DATABASE).
// crash_load_test.go has the bookings and enrolments, crash_job_test.go the job run and
// crash_mail_test.go the outbox; this file what they share.

// crashServer starts a server on the database with a files folder of its own, env added to its
// environment, and waits until it is ready.
func crashServer(t *testing.T, databaseURL string, env ...string) *serverProcess {
	t.Helper()
	return readyServer(t, databaseURL, append([]string{"FILES_DIR=" + t.TempDir()}, env...)...)
}

// getJSON reads a URL as the token's user into v.
func getJSON(t *testing.T, url, token string, v any) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	a := send(http.DefaultClient, req)
	if a.status == http.StatusOK {
		if err := json.Unmarshal([]byte(a.body), v); err != nil {
			t.Errorf("GET %s: %v in %s", url, err, a.body)
		}
	}
	return a
}

// checkIntegrity runs SQLite's integrity check on the database (MariaDB's InnoDB recovers by
// itself or refuses to start).
func checkIntegrity(t *testing.T, db *models.DB) {
	t.Helper()
	if db.Dialect != models.SQLite {
		return
	}
	var res []string
	if err := db.R(context.Background()).Raw("PRAGMA integrity_check").Scan(&res).Error; err != nil || len(res) != 1 || res[0] != "ok" {
		t.Errorf("integrity check after the kill: %v (%v), want ok", res, err)
	}
}

// makeAdmin makes the fixture's i-th racer an administrator, who may run jobs.
func (f *fixture) makeAdmin(t *testing.T, i int) {
	t.Helper()
	err := f.db.W(context.Background()).Table("users").Where("email = ?", fmt.Sprintf("racer%03d@race.test", i)).
		Update("role", models.RoleAdmin).Error
	if err != nil {
		t.Fatal(err)
	}
}

// jobLease reads the lease row of a job.
func jobLease(t *testing.T, db *models.DB, name string) models.JobLock {
	t.Helper()
	var lock models.JobLock
	if err := db.R(context.Background()).Where("name = ?", name).First(&lock).Error; err != nil {
		t.Fatalf("lease of %s: %v", name, err)
	}
	return lock
}

// checkLeftLease checks the lease a killed run left: still held by the killed process, but only
// until JobLease after its last renewal, so it frees itself. It then moves the lease's end
// JobLease earlier, as if that time had passed with no one to renew it.
func checkLeftLease(t *testing.T, db *models.DB, name string, killed *serverProcess, killedAt time.Time) {
	t.Helper()
	lock := jobLease(t, db, name)
	pid := ":" + strconv.Itoa(killed.cmd.Process.Pid) + "/"
	if !strings.Contains(lock.Holder, pid) || !lock.LockedUntil.After(killedAt) || lock.LockedUntil.After(killedAt.Add(app.JobLease)) {
		t.Fatalf("lease of %s after the kill at %s: held by %q until %s; want the killed process (%s) holding it at most %s longer",
			name, killedAt.UTC().Format(time.TimeOnly), lock.Holder, lock.LockedUntil.UTC().Format(time.TimeOnly), pid, app.JobLease)
	}
	err := db.W(context.Background()).Model(&models.JobLock{}).Where("name = ? AND holder = ?", name, lock.Holder).
		Update("locked_until", lock.LockedUntil.Add(-app.JobLease)).Error
	if err != nil {
		t.Fatal(err)
	}
}

// checkInterruptedRun checks that the run a kill cut off, once the next run has begun, is
// recorded as failed (interrupted) and the latest run as succeeded.
func checkInterruptedRun(t *testing.T, db *models.DB, name string, cut models.JobRun) {
	t.Helper()
	runs, err := db.LatestJobRuns(context.Background(), name, 5)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(runs, func(r models.JobRun) bool { return r.ID == cut.ID })
	if len(runs) < 2 || runs[0].Status != models.JobSucceeded || i < 1 || runs[i].Status != models.JobFailed ||
		runs[i].FinishedAt == nil || !strings.Contains(runs[i].Error, "interrupted") {
		t.Errorf("runs of %s after the next run: got %+v; want the latest succeeded and the killed one (%d) failed, interrupted",
			name, runs, cut.ID)
	}
}

// runningRun returns the latest run of a job, which must still be recorded as running by the
// killed process.
func runningRun(t *testing.T, db *models.DB, name string, killed *serverProcess) models.JobRun {
	t.Helper()
	runs, err := db.LatestJobRuns(context.Background(), name, 1)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs of %s: %v (%v)", name, runs, err)
	}
	if r := runs[0]; r.Status != models.JobRunning || r.FinishedAt != nil || !strings.HasSuffix(r.Holder, ":"+strconv.Itoa(killed.cmd.Process.Pid)) {
		t.Fatalf("latest run of %s after the kill: %+v; want it running, held by the killed process %d", name, r, killed.cmd.Process.Pid)
	}
	return runs[0]
}

// runJob asks the server to run a job now, as the administrator.
func runJob(t *testing.T, url, adminToken, name string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/api/v1/admin/jobs/"+name+"/run", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+adminToken)
	return send(&http.Client{Timeout: 2 * time.Minute}, req)
}
