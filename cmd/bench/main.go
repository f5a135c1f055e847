// Command bench measures the platform's hot paths, each figure beside a baseline measured in
// the same run on the same fresh database (docs/performance.md):
//
//   - book: bookings a second beside the anchor, the simplest correct booking transaction on the
//     bare database on tables of its own (lock the resource, check for an overlapping booking,
//     insert, commit); then the platform's own transaction in SQL (raw: the claims), the App in
//     process (every rule) and the HTTP API on loopback;
//   - availability and schedule: a resource-week and a facility-week read through the App and the
//     API beside the bare range query, with the SQL statements one request runs;
//   - enrol-rush: C people ask at once for the seats of one session;
//   - mixed: reads, bookings, cancels and check-ins through the API.
//
// After every mode it counts the breaches of invariants 1 and 2 with SQL and fails on any, as on
// a request past its statement bound. SQLite with synchronous=FULL and NORMAL, and MariaDB; the
// figures are medians of several runs. -quick runs every scenario small on SQLite.
//
//	go run ./cmd/bench [-scenarios book,availability,schedule,enrol-rush,mixed]
//	    [-engines sqlite-full,sqlite-normal,mariadb] [-modes anchor,raw,sql,app,http]
//	    [-load 1000x8,1000x64,10x8] [-availability-load 10x16,10x64] [-schedule-load 10x8,100x8]
//	    [-rush 30x100,30x400] [-mixed-load 200x128] [-duration 4s] [-runs 3] [-users 200]
//	    [-mysql-dsn 'root@tcp(127.0.0.1:3306)/'] [-markdown] [-json FILE] [-cpuprofile FILE] [-quick]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
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
	engines   []string
	scenarios []scenario
	loads     map[string][]load // by scenario
	modes     []string          // the modes to run, of every scenario that has them
	duration  time.Duration
	runs      int
	mysqlDSN  string
	markdown  bool
	profile   string // CPU profile file, empty for none
	jsonFile  string // where to write every figure as JSON, empty for nowhere
	users     int    // how many people book at least
	quick     bool
}

// quickFlags are the settings of -quick: every scenario small, on SQLite, once. Flags given
// beside -quick win.
var quickFlags = map[string]string{
	"engines": "sqlite-full", "load": "10x4", "availability-load": "2x4", "schedule-load": "1x2,30x2", "rush": "30x40", "mixed-load": "20x16",
	"duration": "300ms", "runs": "1", "users": "20",
}

// statementBounds are the most SQL statements one request of a scenario's mode may run through
// the app's handles, whatever the workload (the schedule's whatever the number of resources):
// the bench fails past them.
var statementBounds = map[string]map[string]int64{
	"book":         {"app": 9, "http": 11},
	"availability": {"app": 7, "http": 9},
	"schedule":     {"app": 5, "http": 7},
}

// load is a workload: how many resources the requests spread over (the seats of the session in
// enrol-rush), and how many clients send them.
type load struct{ resources, clients int }

func (l load) String() string { return fmt.Sprintf("%d res × %d clients", l.resources, l.clients) }

// The engines bench knows.
var allEngines = []string{"sqlite-full", "sqlite-normal", "mariadb"}

// allModes are the modes of every scenario, baselines first.
var allModes = []string{"anchor", "raw", "sql", "app", "http"}

func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var names []string
	for _, sc := range scenarios {
		names = append(names, sc.name)
	}
	engines := fs.String("engines", strings.Join(allEngines, ","), "engines to measure: "+strings.Join(allEngines, ", "))
	chosen := fs.String("scenarios", strings.Join(names, ","), "scenarios to run: "+strings.Join(names, ", "))
	loads := map[string]*string{
		"book":         fs.String("load", "1000x8,1000x64,10x8", "book: workloads RESOURCESxCLIENTS, comma-separated"),
		"availability": fs.String("availability-load", "10x16,10x64", "availability: RESOURCESxCLIENTS (one week of one of the resources a request)"),
		"schedule":     fs.String("schedule-load", "10x8,100x8", "schedule: RESOURCESxCLIENTS (one week of a facility of that many resources a request)"),
		"enrol-rush":   fs.String("rush", "30x100,30x400", "enrol-rush: SEATSxCLIENTS (every client asks for a seat at once)"),
		"mixed":        fs.String("mixed-load", "200x128", "mixed: RESOURCESxCLIENTS (70% reads, 20% bookings, 10% cancels and check-ins)"),
	}
	modes := fs.String("modes", strings.Join(allModes, ","), "modes to run where a scenario has them: anchor (the bare booking "+
		"transaction, book's baseline), raw (the claims SQL), sql (the reads' baseline query), app (in process), http")
	defaultDSN := os.Getenv("TEST_MYSQL_DSN")
	if defaultDSN == "" {
		defaultDSN = "root@tcp(127.0.0.1:3306)/"
	}
	o := options{loads: map[string][]load{}}
	fs.StringVar(&o.mysqlDSN, "mysql-dsn", defaultDSN, "MariaDB/MySQL server (a database is created and dropped on it)")
	fs.DurationVar(&o.duration, "duration", 4*time.Second, "how long each mode runs in each run")
	fs.IntVar(&o.runs, "runs", 3, "runs per workload; medians are reported")
	fs.BoolVar(&o.markdown, "markdown", false, "print the summary as a Markdown table")
	fs.StringVar(&o.jsonFile, "json", "", "also write every figure (each run's and the medians) as JSON to this file")
	fs.StringVar(&o.profile, "cpuprofile", "", "write a CPU profile of the whole run (bench, app and server) to this file")
	// The app caps a person's upcoming bookings at one facility (booking.MaxUpcomingBookings,
	// 50), so each booking is made by one of this many people, drawn at random: 200 leave room
	// for 10,000 bookings of one mode in one run.
	fs.IntVar(&o.users, "users", 200, "how many people book at least (each holds at most 50 upcoming bookings at a facility)")
	fs.BoolVar(&o.quick, "quick", false, "every scenario small, once, on SQLite (well under 2 minutes): checks the invariants "+
		"and the statement counts, never timings; flags given beside it win")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.quick {
		given := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
		for name, v := range quickFlags {
			if !given[name] {
				if err := fs.Set(name, v); err != nil {
					return o, err
				}
			}
		}
	}
	var err error
	if o.engines, err = pickList(*engines, allEngines, "engine"); err != nil {
		return o, err
	}
	if o.modes, err = pickList(*modes, allModes, "mode"); err != nil {
		return o, err
	}
	picked, err := pickList(*chosen, names, "scenario")
	if err != nil {
		return o, err
	}
	for _, sc := range scenarios {
		if !slices.Contains(picked, sc.name) {
			continue
		}
		o.scenarios = append(o.scenarios, sc)
		if o.loads[sc.name], err = parseLoads(*loads[sc.name]); err != nil {
			return o, err
		}
	}
	if o.runs < 1 || o.duration <= 0 || o.users < 1 {
		return o, fmt.Errorf("runs, duration and users must be positive")
	}
	return o, nil
}

// parseLoads reads comma-separated workloads NxC.
func parseLoads(s string) ([]load, error) {
	var out []load
	for _, s := range strings.Split(s, ",") {
		r, c, ok := strings.Cut(strings.TrimSpace(s), "x")
		nr, err1 := strconv.Atoi(r)
		nc, err2 := strconv.Atoi(c)
		if !ok || err1 != nil || err2 != nil || nr < 1 || nc < 1 {
			return nil, fmt.Errorf("load %q is not RESOURCESxCLIENTS", s)
		}
		out = append(out, load{nr, nc})
	}
	return out, nil
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
	for _, sc := range o.scenarios {
		var modes []string
		for _, m := range sc.modes {
			if slices.Contains(o.modes, m) {
				modes = append(modes, m)
			}
		}
		if len(modes) == 0 {
			continue
		}
		for _, engine := range o.engines {
			for _, l := range o.loads[sc.name] {
				c := &cell{scenario: sc.name, unit: sc.unit, baseline: sc.baseline, engine: engine, load: l, runs: map[string][]result{}}
				cells = append(cells, c)
				for i := range o.runs {
					// Rotate the order of the modes, so none always runs on the warmest database.
					modes := append(modes[i%len(modes):], modes[:i%len(modes)]...)
					if err := measureRun(ctx, o, c, modes, out); err != nil {
						return fmt.Errorf("%s, %s, %s, run %d: %w", sc.name, engine, c.label(), i+1, err)
					}
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

// measureRun builds a fresh database for one run of a cell and measures every mode on it: in
// book each mode on its own set of resources (and facility), in the reads every mode on the
// one set, whose week is filled first.
func measureRun(ctx context.Context, o options, c *cell, modes []string, out io.Writer) error {
	sets := 1
	if c.scenario == "book" {
		sets = len(modes)
	}
	env, err := newEnv(ctx, c.engine, o.mysqlDSN, c.load, sets, o.users)
	if err != nil {
		return err
	}
	defer env.close()
	if c.version == "" {
		c.version = env.version
	}
	if c.scenario == "availability" || c.scenario == "schedule" {
		if err := env.fillWeek(ctx, 0); err != nil {
			return err
		}
	}
	for i, mode := range modes {
		var r result
		switch c.scenario {
		case "enrol-rush":
			r, err = env.enrolRush(ctx, c.load.resources, c.load.clients)
		case "book":
			r, err = measureMode(ctx, env, env.operation, mode, i, c.load.clients, o.duration)
		case "mixed":
			mixed := func(string) (operation, error) { return env.newMixed(ctx) }
			r, err = measureMode(ctx, env, mixed, mode, 0, c.load.clients, o.duration)
			r.statements = 0 // one request of the mix says nothing of the mix
			if err == nil {
				fmt.Fprintf(out, "%-12s %s\n", c.scenario, env.bookingStatuses(ctx))
			}
		default:
			read := func(mode string) (operation, error) { return env.readOperation(c.scenario, mode, 0) }
			r, err = measureMode(ctx, env, read, mode, 0, c.load.clients, o.duration)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", mode, err)
		}
		inv, err := env.checkInvariants(ctx)
		if err != nil {
			return fmt.Errorf("invariant queries: %w", err)
		}
		c.runs[mode] = append(c.runs[mode], r)
		fmt.Fprintf(out, "%-12s %-13s %-24s %-6s %s  %s\n", c.scenario, c.engine, c.label(), mode, r, inv)
		if err := inv.err(); err != nil {
			return fmt.Errorf("%s: %w", mode, err)
		}
		if bound, ok := statementBounds[c.scenario][mode]; ok && r.statements > bound {
			return fmt.Errorf("%s: STATEMENTS: one request ran %d SQL statements, want at most %d", mode, r.statements, bound)
		}
	}
	return nil
}

// measureMode measures what mode does on set for the duration, after one request alone that
// warms up and counts the app's SQL statements of one request exactly.
func measureMode(ctx context.Context, env *env, op func(string) (operation, error), mode string, set, clients int, d time.Duration) (result, error) {
	b, err := op(mode)
	if err != nil {
		return result{}, err
	}
	before := env.statements()
	if err := b.do(ctx, 0, env.workload(set).next(rand.New(rand.NewPCG(1, 2)))); err != nil && !errors.Is(err, errConflict) {
		return result{}, fmt.Errorf("the first request: %w", err)
	}
	statements := env.statements() - before
	r, err := measure(ctx, b, env.workload(set), clients, d)
	r.statements, r.statementsExact = statements, true
	if err == nil && r.errors > 0 {
		err = fmt.Errorf("%d errors (first: %v)", r.errors, r.firstErr)
	}
	return r, err
}
