package main

import (
	"io"
	"slices"
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
