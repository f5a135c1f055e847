package main

import (
	"bytes"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		args      []string
		wantLoads []load
		wantErr   bool
	}{
		{name: "defaults", wantLoads: []load{{1000, 8}, {1000, 64}, {10, 8}}},
		{name: "one load", args: []string{"-load", "10x64"}, wantLoads: []load{{10, 64}}},
		{name: "load without clients", args: []string{"-load", "1000"}, wantErr: true},
		{name: "zero clients", args: []string{"-load", "10x0"}, wantErr: true},
		{name: "unknown engine", args: []string{"-engines", "postgres"}, wantErr: true},
		{name: "unknown mode", args: []string{"-modes", "grpc"}, wantErr: true},
		{name: "no runs", args: []string{"-runs", "0"}, wantErr: true},
		{name: "quick", args: []string{"--quick"}, wantLoads: []load{{10, 4}}},
		{name: "quick with a load", args: []string{"--quick", "-load", "3x2"}, wantLoads: []load{{3, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseOptions(tt.args, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error: %v", err, tt.wantErr)
			}
			if err == nil && !slices.Equal(o.loads["book"], tt.wantLoads) {
				t.Errorf("got loads %v, want %v", o.loads["book"], tt.wantLoads)
			}
		})
	}
}

func TestSummarizeTakesMediansAndSameRunRatios(t *testing.T) {
	t.Parallel()
	run := func(created int) result { return result{created: created, elapsed: time.Second} }
	c := &cell{baseline: "anchor", runs: map[string][]result{
		"anchor": {run(100), run(300), run(200)},
		"http":   {run(50), run(60), run(100)},
	}}
	s := c.summarize("http")
	if s.Bookings != 60 {
		t.Errorf("got median %v bookings/s, want 60", s.Bookings)
	}
	// Same-run ratios are 0.5, 0.2 and 0.5: the median is 0.5, not 60/200.
	if s.Ratio != 0.5 {
		t.Errorf("got ratio %v, want 0.5", s.Ratio)
	}
}

// TestQuickRun runs the quick path at its smallest on SQLite: every scenario and mode once, with
// the invariants and the statement counts checked after each.
func TestQuickRun(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	err := run(t.Context(), []string{"--quick", "-load", "2x2", "-availability-load", "1x2", "-schedule-load", "1x1,3x1",
		"-rush", "2x3", "-mixed-load", "3x2", "-duration", "50ms", "-users", "4"}, &out)
	if err != nil {
		t.Fatalf("got %v, want a clean run; output:\n%s", err, out.String())
	}
	rows := strings.Split(out.String(), "\n")
	for _, sc := range scenarios {
		for _, mode := range sc.modes {
			found := slices.ContainsFunc(rows, func(row string) bool {
				return strings.HasPrefix(row, sc.name+" ") && strings.Contains(row, " "+mode+" ")
			})
			if !found {
				t.Errorf("got no %s %s row in:\n%s", sc.name, mode, out.String())
			}
		}
	}
}

// TestInvariantsCatchBreaches: each count the bench fails on sees its breach.
func TestInvariantsCatchBreaches(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	e, err := newEnv(ctx, "sqlite-full", "", load{resources: 2, clients: 2}, 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.close)
	check := func(want invariants) {
		t.Helper()
		got, err := e.checkInvariants(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || (got.err() == nil) != (want == invariants{}) {
			t.Fatalf("got %v (error %v), want %v", got, got.err(), want)
		}
	}
	check(invariants{})
	w := e.db.W(ctx)
	start := e.workload(0).from.Add(10 * time.Hour).UTC()
	res, user := e.resources[0][0], e.users[0]
	for _, h := range []int{0, 1} { // 10:00–12:00 and 11:00–13:00 of an exclusive resource
		s := start.Add(time.Duration(h) * time.Hour)
		if err := w.Exec(`INSERT INTO bookings (resource_id, user_id, start_at, end_at, seats, purpose, purpose_category,
			status, decision_note, late_cancel, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'x', 'research', 'confirmed', '', ?, ?, ?)`,
			res, user, s, s.Add(2*time.Hour), false, s, s).Error; err != nil {
			t.Fatal(err)
		}
		if err := w.Exec(`INSERT INTO anchor_bookings (resource_id, user_id, start_at, end_at, status) VALUES (?, ?, ?, ?, 'active')`,
			res, user, s, s.Add(2*time.Hour)).Error; err != nil {
			t.Fatal(err)
		}
	}
	check(invariants{overbooked: 1, anchorOverlaps: 1})
	if _, err := e.enrolRush(ctx, 2, 2); err != nil {
		t.Fatal(err)
	}
	if err := w.Exec("UPDATE course_sessions SET seats = 1").Error; err != nil {
		t.Fatal(err)
	}
	check(invariants{overbooked: 1, anchorOverlaps: 1, oversold: 1})
}
