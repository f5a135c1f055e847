package main

import (
	"context"
	"testing"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestRollupCommand: `server rollup` refuses a day that is no date, and recomputes a range as a
// recorded run of reports_rollup.
func TestRollupCommand(t *testing.T) {
	t.Parallel()
	ctx, log := context.Background(), apptest.Logger(t)
	cfg := apptest.Config(t)
	for _, args := range [][]string{{"--from", "2026-02-30"}, {"--from", "2026-03-01", "--to", "March"}, {"--bogus"}} {
		if err := rollup(ctx, log, cfg, args); err == nil {
			t.Errorf("rollup %v: no error", args)
		}
	}
	if err := rollup(ctx, log, cfg, []string{"--from", "2026-03-01", "--to", "2026-03-07"}); err != nil {
		t.Fatalf("rollup: %v", err)
	}
	db, err := app.OpenDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	runs, err := db.LatestJobRuns(ctx, "reports_rollup", 5)
	if err != nil || len(runs) != 1 || runs[0].Status != models.JobSucceeded {
		t.Errorf("runs of reports_rollup: got %+v (%v), want one that succeeded", runs, err)
	}
}

// TestLeagueCommand: `server league` refuses a period that is no month or year, and computes
// one as a recorded run of league_compute.
func TestLeagueCommand(t *testing.T) {
	t.Parallel()
	ctx, log := context.Background(), apptest.Logger(t)
	cfg := apptest.Config(t)
	for _, args := range [][]string{{"--period", "2026-13"}, {"--period", "November"}, {}, {"--bogus"}} {
		if err := league(ctx, log, cfg, args); err == nil {
			t.Errorf("league %v: no error", args)
		}
	}
	if err := league(ctx, log, cfg, []string{"--period", "2026-11", "--reweight"}); err != nil {
		t.Fatalf("league: %v", err)
	}
	db, err := app.OpenDB(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = db.Close() }()
	runs, err := db.LatestJobRuns(ctx, "league_compute", 5)
	if err != nil || len(runs) != 1 || runs[0].Status != models.JobSucceeded {
		t.Errorf("runs of league_compute: got %+v (%v), want one that succeeded", runs, err)
	}
}
