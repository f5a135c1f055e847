package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/seed"
	"cqshare/models"
)

// rollupTables are the tables a rollup writes, each with its key.
var rollupTables = []struct{ name, key string }{
	{"report_open_days", "facility_id, resource_id, day"},
	{"report_resource_days", "resource_id, day"},
	{"report_user_days", "resource_id, day, user_id"},
	{"report_rollups", "scope, scope_id, period_kind, period_start"},
}

// rollupState reads the rollup tables, each row as text in key order, leaving out when each row
// was computed.
func rollupState(t *testing.T, db *models.DB) map[string][]string {
	t.Helper()
	state := map[string][]string{}
	for _, tb := range rollupTables {
		rows, err := db.R(context.Background()).Raw("SELECT * FROM " + tb.name + " ORDER BY " + tb.key).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, err := rows.Columns()
		if err != nil {
			t.Fatal(err)
		}
		values := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range values {
			ptrs[i] = &values[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line []string
			for i, c := range cols {
				if c != "computed_at" {
					line = append(line, c+"="+string(values[i]))
				}
			}
			state[tb.name] = append(state[tb.name], strings.Join(line, " "))
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			t.Fatal(err)
		}
	}
	return state
}

// clearRollups deletes every row of the rollup tables.
func clearRollups(t *testing.T, db *models.DB) {
	t.Helper()
	for _, tb := range rollupTables {
		if err := db.W(context.Background()).Exec("DELETE FROM " + tb.name).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// describeState counts the rows of each rollup table.
func describeState(s map[string][]string) string {
	var out []string
	for _, tb := range rollupTables {
		out = append(out, fmt.Sprintf("%s %d", tb.name, len(s[tb.name])))
	}
	return strings.Join(out, ", ")
}

// waitCommand waits for a command to exit and returns its output and exit status.
func waitCommand(p *serverProcess) (string, int) {
	<-p.done
	return p.log.tail(20), p.cmd.ProcessState.ExitCode()
}

// TestCrashMidJobRun kills `server rollup` while it recomputes the demo's history (the
// reports_rollup job, one transaction per 31 days): the run stays recorded as running and its
// lease held by the dead process, at most JobLease longer, during which the next run is refused
// as job_running, and its days stay marked dirty. Once the lease has lapsed the job's next run
// on the restarted server, the nightly one, marks the killed run failed (interrupted),
// recomputes the dirty days and leaves the rollups exactly as a run never interrupted does.
func TestCrashMidJobRun(t *testing.T) {
	t.Parallel()
	cfg := apptest.DemoConfig(t)
	apptest.NewWithConfig(t, cfg) // seeds the demo data on MariaDB; on SQLite the copy holds it
	url := cfg.DatabaseURL
	f := newFixture(t, url, 1)
	f.makeAdmin(t, 0)
	today := time.Now().In(cfg.DefaultTZ)
	args := []string{"rollup", "--from", today.AddDate(0, 0, -seed.HistoryDays).Format(models.DayFormat),
		"--to", today.AddDate(0, 0, -1).Format(models.DayFormat)}
	files := "FILES_DIR=" + t.TempDir()

	// What a run never interrupted leaves, from nothing.
	clearRollups(t, f.db)
	p, err := startCommand(url, args, files)
	if err != nil {
		t.Fatal(err)
	}
	if out, code := waitCommand(p); code != 0 {
		t.Fatalf("rollup: exit %d\n%s", code, out)
	}
	want := rollupState(t, f.db)
	if len(want["report_resource_days"]) == 0 || len(want["report_rollups"]) == 0 {
		t.Fatalf("the rollup wrote %s; want rows in each table", describeState(want))
	}

	// The same run, killed once its first month is written. A run that ends before the poll
	// sees its first month is tried again.
	var killed *serverProcess
	var killedAt time.Time
	for attempt := 0; killed == nil; attempt++ {
		if attempt == 3 {
			t.Fatal("three rollups in a row ended before their first month was seen written")
		}
		clearRollups(t, f.db)
		p, err := startCommand(url, args, files)
		if err != nil {
			t.Fatal(err)
		}
		if rollupKilledMidRun(t, f.db, p) {
			killed, killedAt = p, time.Now()
		} else if out, code := waitCommand(p); code != 0 {
			t.Fatalf("rollup: exit %d\n%s", code, out)
		}
	}
	cut := runningRun(t, f.db, app.RollupJob, killed)
	partial := rollupState(t, f.db)
	t.Logf("killed mid-run: the run left %s; a whole run writes %s", describeState(partial), describeState(want))
	if len(partial["report_resource_days"]) == 0 || fmt.Sprint(partial) == fmt.Sprint(want) {
		t.Fatal("the killed run left no rows or all of them; want part of them")
	}
	checkIntegrity(t, f.db)

	// The killed run's days stay marked dirty, for the next nightly run to recompute.
	var marks int64
	if err := f.db.R(context.Background()).Table("report_dirty_days").Where("resource_id = 0").Count(&marks).Error; err != nil || marks != seed.HistoryDays {
		t.Errorf("the killed run left %d of its %d days marked dirty (%v), want all", marks, seed.HistoryDays, err)
	}

	// Restarted, the server shows the job running (its lease held) with the killed run's record,
	// and refuses to run it again while the lease holds: no two runs overlap.
	server := crashServer(t, url)
	if running, runs := adminJob(t, server.URL, f.tokens[0], app.RollupJob); !running || len(runs) == 0 || runs[0].ID != cut.ID {
		t.Errorf("the restarted server shows %s running %v, runs %+v; want running, the killed run %d latest", app.RollupJob, running, runs, cut.ID)
	}
	if a := runJob(t, server.URL, f.tokens[0], app.RollupJob); a.status != http.StatusConflict || a.code != "job_running" {
		t.Errorf("%s while the killed run's lease holds: got %d %s, want 409 job_running", app.RollupJob, a.status, a.body)
	}
	checkLeftLease(t, f.db, app.RollupJob, killed, killedAt)
	if running, _ := adminJob(t, server.URL, f.tokens[0], app.RollupJob); running {
		t.Errorf("the server shows %s running after its lease lapsed", app.RollupJob)
	}

	// The next run of the job, the nightly one (yesterday and every dirty day), repairs: no day
	// is left marked, and the rollups are those of a run never interrupted.
	if a := runJob(t, server.URL, f.tokens[0], app.RollupJob); a.status != http.StatusOK || !strings.Contains(a.body, `"status":"succeeded"`) {
		t.Fatalf("%s after the lease lapsed: got %d %s, want 200, succeeded", app.RollupJob, a.status, a.body)
	}
	checkInterruptedRun(t, f.db, app.RollupJob, cut)
	if err := f.db.R(context.Background()).Table("report_dirty_days").Count(&marks).Error; err != nil || marks != 0 {
		t.Errorf("after the next run %d days are marked dirty (%v), want none", marks, err)
	}
	if now := time.Now().In(cfg.DefaultTZ); now.YearDay() != today.YearDay() {
		t.Logf("the day changed during the test (%s): the nightly run computed another yesterday; rollups not compared", now)
		return
	}
	if got := rollupState(t, f.db); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("after the next run the rollups hold %s, differing from an uninterrupted run's %s", describeState(got), describeState(want))
		for _, tb := range rollupTables {
			for i := range min(len(got[tb.name]), len(want[tb.name])) {
				if got[tb.name][i] != want[tb.name][i] {
					t.Errorf("first difference in %s:\n got %s\nwant %s", tb.name, got[tb.name][i], want[tb.name][i])
					break
				}
			}
		}
	}
}

// rollupKilledMidRun watches the rollup process write and kills it as soon as its first chunk
// of days is committed; false means the process ended first.
func rollupKilledMidRun(t *testing.T, db *models.DB, p *serverProcess) bool {
	t.Helper()
	for {
		select {
		case <-p.done:
			return false
		default:
		}
		var n int64
		if err := db.R(context.Background()).Table("report_resource_days").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			p.kill()
			// A kill that came after the process exited by itself is no kill.
			return !p.cmd.ProcessState.Exited()
		}
		time.Sleep(5 * time.Millisecond) // the poll's pace; the kill follows the progress seen
	}
}

// adminJob reads a job from the admin API: whether it is running, and its latest runs.
func adminJob(t *testing.T, url, adminToken, name string) (bool, []models.JobRun) {
	t.Helper()
	var got struct {
		Items []struct {
			Name     string `json:"name"`
			Running  bool   `json:"running"`
			LastRuns []struct {
				ID     int64  `json:"id"`
				Status string `json:"status"`
				Error  string `json:"error"`
			} `json:"last_runs"`
		} `json:"items"`
	}
	if a := getJSON(t, url+"/api/v1/admin/jobs", adminToken, &got); a.status != http.StatusOK {
		t.Fatalf("GET admin jobs: %d %s", a.status, a.body)
	}
	for _, j := range got.Items {
		if j.Name == name {
			var runs []models.JobRun
			for _, r := range j.LastRuns {
				runs = append(runs, models.JobRun{ID: r.ID, Status: r.Status, Error: r.Error})
			}
			return j.Running, runs
		}
	}
	t.Fatalf("the admin API lists no job %s", name)
	return false, nil
}
