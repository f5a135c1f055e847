// Command bench measures how many bookings a second the platform makes, each figure beside an
// anchor measured in the same run: the simplest correct booking transaction on the bare database,
// on tables of its own (lock the resource, check for an overlapping booking, insert, commit).
// Then the platform's own booking transaction written in SQL (raw: read the claims of the slots,
// insert the booking and its claims), the same bookings through the app layer in process
// (app.CreateBooking: every rule checked) and through the HTTP API of a server listening on
// loopback (N keep-alive clients). SQLite with synchronous=FULL and NORMAL, and MariaDB. Each run
// gets a fresh database that is removed afterwards; the figures are medians of several runs.
//
//	go run ./cmd/bench [-engines sqlite-full,sqlite-normal,mariadb] [-load 1000x8,1000x64,10x8]
//	    [-modes anchor,raw,app,http] [-duration 4s] [-runs 3] [-mysql-dsn 'root@tcp(127.0.0.1:3306)/'] [-markdown]
//	    [-cpuprofile bench.pprof]
//
// A load RxC books R resources (random 30-minute-aligned starts over a year, 1 to 4 hours long)
// from C clients, as in PERFORMANCE-NOTES.md.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the command-line settings.
type options struct {
	engines  []string
	loads    []load
	modes    []string
	duration time.Duration
	runs     int
	mysqlDSN string
	markdown bool
	profile  string // CPU profile file, empty for none
	jsonFile string // where to write every figure as JSON, empty for nowhere
}

// load is a workload: how many resources the bookings spread over, and how many clients send them.
type load struct{ resources, clients int }

func (l load) String() string { return fmt.Sprintf("%d res × %d clients", l.resources, l.clients) }

// The engines and modes bench knows.
var (
	allEngines = []string{"sqlite-full", "sqlite-normal", "mariadb"}
	allModes   = []string{"anchor", "raw", "app", "http"}
)

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	engines := fs.String("engines", strings.Join(allEngines, ","), "engines to measure: "+strings.Join(allEngines, ", "))
	loads := fs.String("load", "1000x8,1000x64,10x8", "workloads RESOURCESxCLIENTS, comma-separated")
	modes := fs.String("modes", strings.Join(allModes, ","), "what to measure: anchor (the bare booking transaction, the baseline), raw (the claims SQL), app (in process), http")
	defaultDSN := os.Getenv("TEST_MYSQL_DSN")
	if defaultDSN == "" {
		defaultDSN = "root@tcp(127.0.0.1:3306)/"
	}
	o := options{}
	fs.StringVar(&o.mysqlDSN, "mysql-dsn", defaultDSN, "MariaDB/MySQL server (a database is created and dropped on it)")
	fs.DurationVar(&o.duration, "duration", 4*time.Second, "how long each mode runs in each run")
	fs.IntVar(&o.runs, "runs", 3, "runs per workload; medians are reported")
	fs.BoolVar(&o.markdown, "markdown", false, "print the summary as a Markdown table")
	fs.StringVar(&o.jsonFile, "json", "", "also write every figure (each run's and the medians) as JSON to this file")
	fs.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of the whole run (bench, app and server) to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.engines, err = pickList(*engines, allEngines, "engine"); err != nil {
		return o, err
	}
	if o.modes, err = pickList(*modes, allModes, "mode"); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*loads, ",") {
		r, c, ok := strings.Cut(strings.TrimSpace(s), "x")
		nr, err1 := strconv.Atoi(r)
		nc, err2 := strconv.Atoi(c)
		if !ok || err1 != nil || err2 != nil || nr < 1 || nc < 1 {
			return o, fmt.Errorf("load %q is not RESOURCESxCLIENTS", s)
		}
		o.loads = append(o.loads, load{nr, nc})
	}
	if o.runs < 1 || o.duration <= 0 {
		return o, fmt.Errorf("runs and duration must be positive")
	}
	return o, nil
}

// pickList splits a comma-separated list and checks every entry is known.
func pickList(s string, known []string, what string) ([]string, error) {
	var out []string
	for _, v := range strings.Split(s, ",") {
		v = strings.TrimSpace(v)
		if !slices.Contains(known, v) {
			return nil, fmt.Errorf("unknown %s %q (known: %s)", what, v, strings.Join(known, ", "))
		}
		out = append(out, v)
	}
	return out, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseOptions(args, os.Stderr)
	if err != nil {
		return err
	}
	if o.profile != "" {
		f, err := os.Create(o.profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	where := machine()
	fmt.Fprintln(out, where)
	fmt.Fprintf(out, "each mode runs %s per run, %d runs per workload; medians below\n\n", o.duration, o.runs)
	var cells []*cell
	for _, engine := range o.engines {
		for _, l := range o.loads {
			c := &cell{scenario: "book", baseline: "anchor", engine: engine, load: l, runs: map[string][]result{}}
			cells = append(cells, c)
			for i := range o.runs {
				// Rotate the order of the modes, so none always runs on the warmest database.
				modes := append(o.modes[i%len(o.modes):], o.modes[:i%len(o.modes)]...)
				if err := measureRun(ctx, o, c, modes, out); err != nil {
					return fmt.Errorf("%s, %s, run %d: %w", engine, l, i+1, err)
				}
			}
		}
	}
	fmt.Fprintln(out)
	printSummary(out, cells, o.modes, o.markdown)
	if o.jsonFile != "" {
		return writeJSON(o.jsonFile, where, o, cells)
	}
	return nil
}

// measureRun builds a fresh database for one run of a cell and measures every mode on it, each
// mode on its own set of resources.
func measureRun(ctx context.Context, o options, c *cell, modes []string, out io.Writer) error {
	env, err := newEnv(ctx, c.engine, o.mysqlDSN, c.load, len(modes))
	if err != nil {
		return err
	}
	defer env.close()
	if c.version == "" {
		c.version = env.version
	}
	for i, mode := range modes {
		b, err := env.operation(mode)
		if err != nil {
			return err
		}
		r, err := measure(ctx, b, env.workload(i), c.load.clients, o.duration, env.statements)
		if err != nil {
			return err
		}
		inv, err := env.checkInvariants(ctx)
		if err != nil {
			return fmt.Errorf("invariant queries: %w", err)
		}
		c.runs[mode] = append(c.runs[mode], r)
		fmt.Fprintf(out, "%-13s %-22s %-6s %s  %s\n", c.engine, c.load, mode, r, inv)
		if err := inv.err(); err != nil {
			return fmt.Errorf("%s: %w", mode, err)
		}
		if r.errors > 0 {
			return fmt.Errorf("%s: %d errors (first: %v)", mode, r.errors, r.firstErr)
		}
	}
	return nil
}
