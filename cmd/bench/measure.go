package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// workload draws bookings of its resources by its users: 30-minute-aligned starts over the
// year from `from`, 1 to 4 hours long.
type workload struct {
	resources []int64
	users     int
	from      time.Time
}

func (w workload) next(rng *rand.Rand) request {
	start := w.from.Add(time.Duration(rng.IntN(365*48)) * 30 * time.Minute)
	return request{user: rng.IntN(w.users), roll: rng.IntN(100), resourceID: w.resources[rng.IntN(len(w.resources))], start: start,
		end: start.Add(time.Duration(2+rng.IntN(7)) * 30 * time.Minute)}
}

// result is what one mode did in one run.
type result struct {
	created, conflicts, errors int // created: a booking made or a read answered
	firstErr                   error
	elapsed                    time.Duration
	p50, p99, p999, max        time.Duration
	cpu                        time.Duration // the process's CPU time (user and system) over the mode
	peakRSS                    int64         // bytes, the process's peak resident set during the mode
	// statements are the SQL statements through the app's handles: of one request alone when
	// statementsExact, else of the whole mode.
	statements      int64
	statementsExact bool
}

// answered is how many attempts got an answer, created or refused.
func (r result) answered() int { return r.created + r.conflicts + r.errors }

// bookingsPerSec is the rate of created bookings (or answered reads).
func (r result) bookingsPerSec() float64 { return float64(r.created) / r.elapsed.Seconds() }

// attemptsPerSec is the rate of answered attempts, created or refused.
func (r result) attemptsPerSec() float64 { return float64(r.answered()) / r.elapsed.Seconds() }

// cpuPerOp is the process's CPU milliseconds per answered attempt: the server, the App and
// SQLite run in the bench process, and so do the clients.
func (r result) cpuPerOp() float64 { return perOp(r.cpu.Seconds()*1000, r.answered()) }

// statementsPerOp is the app's SQL statements per request (0 where the mode bypasses the app's
// handles).
func (r result) statementsPerOp() float64 {
	if r.statementsExact {
		return float64(r.statements)
	}
	return perOp(float64(r.statements), r.answered())
}

func perOp(v float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return v / float64(n)
}

func (r result) String() string {
	return fmt.Sprintf("%7.0f ok/s %7.0f attempts/s %6d ok %6d conflicts %d errors  p50 %-8s p99 %-8s p99.9 %-8s "+
		"cpu %.2fms/op  rss %dMiB  %.1f stmts/op",
		r.bookingsPerSec(), r.attemptsPerSec(), r.created, r.conflicts, r.errors, round(r.p50), round(r.p99), round(r.p999),
		r.cpuPerOp(), r.peakRSS>>20, r.statementsPerOp())
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// measure runs clients goroutines that call op without pause for d.
func measure(parent context.Context, op operation, w workload, clients int, d time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	var (
		mu        sync.Mutex
		r         result
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	usage := startUsage(nil)
	begin := time.Now()
	for c := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(begin.UnixNano()), uint64(c)))
			var mine []time.Duration
			var created, conflicts, failed int
			var first error
			for ctx.Err() == nil {
				t0 := time.Now()
				err := op.do(ctx, c, w.next(rng))
				if ctx.Err() != nil && err != nil && !errors.Is(err, errConflict) {
					break // cut off by the deadline, not a failure
				}
				mine = append(mine, time.Since(t0))
				switch {
				case err == nil:
					created++
				case errors.Is(err, errConflict):
					conflicts++
				default:
					failed++
					if first == nil {
						first = err
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			r.created += created
			r.conflicts += conflicts
			r.errors += failed
			if r.firstErr == nil {
				r.firstErr = first
			}
			latencies = append(latencies, mine...)
		})
	}
	wg.Wait()
	r.elapsed = time.Since(begin)
	usage.stop(&r)
	r.setLatencies(latencies)
	return r, parent.Err()
}

// setLatencies sets the percentiles and the maximum of the latencies.
func (r *result) setLatencies(latencies []time.Duration) {
	if len(latencies) == 0 {
		return
	}
	slices.Sort(latencies)
	at := func(q float64) time.Duration { return latencies[min(len(latencies)-1, int(float64(len(latencies))*q))] }
	r.p50, r.p99, r.p999, r.max = at(0.5), at(0.99), at(0.999), latencies[len(latencies)-1]
}

// usage is the process's CPU time and the statement count when a mode began.
type usage struct {
	cpu        time.Duration
	statements func() int64
	from       int64
}

// startUsage resets the process's peak resident set (Linux: 5 to /proc/self/clear_refs), so that
// the peak read at the end is the mode's, and notes the CPU time and statements so far.
func startUsage(statements func() int64) usage {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
	u := usage{cpu: processCPU(), statements: statements}
	if statements != nil {
		u.from = statements()
	}
	return u
}

// stop records in r what the mode used since startUsage.
func (u usage) stop(r *result) {
	r.cpu = processCPU() - u.cpu
	r.peakRSS = peakRSS()
	if u.statements != nil {
		r.statements = u.statements() - u.from
	}
}

// processCPU is the user and system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident set in bytes: VmHWM, else getrusage's maxrss (which
// clear_refs does not reset).
func peakRSS() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for line := range strings.Lines(string(b)) {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				var kb int64
				if _, err := fmt.Sscan(v, &kb); err == nil {
					return kb << 10
				}
			}
		}
	}
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Maxrss << 10
}

// cell is one scenario, engine and workload, with the results of every run per mode.
type cell struct {
	scenario string
	unit     string // what the load's first number counts
	baseline string // the mode the ratios are against
	engine   string
	version  string
	load     load
	runs     map[string][]result
}

// label names the cell's workload.
func (c *cell) label() string {
	return fmt.Sprintf("%d %s × %d clients", c.load.resources, c.unit, c.load.clients)
}

// median of the values.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// summary is the medians of one mode in one cell.
type summary struct {
	Bookings   float64 `json:"ok_per_sec"` // bookings created, or reads answered, a second
	Attempts   float64 `json:"attempts_per_sec"`
	P50        float64 `json:"p50_ms"`
	P99        float64 `json:"p99_ms"`
	P999       float64 `json:"p999_ms"`
	Max        float64 `json:"max_ms"`
	Errors     float64 `json:"errors"`
	CPU        float64 `json:"cpu_ms_per_op"`
	PeakRSS    float64 `json:"peak_rss_mib"`
	Statements float64 `json:"statements_per_op"`
	// Ratio is the median over runs of bookings/s divided by the baseline's in the same run.
	Ratio float64 `json:"ratio_to_baseline,omitempty"`
}

// figures are a result as a summary of one run.
func (r result) figures() summary {
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	return summary{Bookings: r.bookingsPerSec(), Attempts: r.attemptsPerSec(), P50: ms(r.p50), P99: ms(r.p99),
		P999: ms(r.p999), Max: ms(r.max), Errors: float64(r.errors), CPU: r.cpuPerOp(),
		PeakRSS: float64(r.peakRSS) / (1 << 20), Statements: r.statementsPerOp()}
}

func (c *cell) summarize(mode string) summary {
	var figs []summary
	var ratios []float64
	base := c.runs[c.baseline]
	for i, r := range c.runs[mode] {
		figs = append(figs, r.figures())
		if i < len(base) && base[i].bookingsPerSec() > 0 {
			ratios = append(ratios, r.bookingsPerSec()/base[i].bookingsPerSec())
		}
	}
	out := summary{Ratio: median(ratios)}
	fields := func(s *summary) []*float64 {
		return []*float64{&s.Bookings, &s.Attempts, &s.P50, &s.P99, &s.P999, &s.Max, &s.Errors, &s.CPU, &s.PeakRSS, &s.Statements}
	}
	for i, f := range fields(&out) {
		v := make([]float64, len(figs))
		for j := range figs {
			v[j] = *fields(&figs[j])[i]
		}
		*f = median(v)
	}
	return out
}

func printSummary(out io.Writer, cells []*cell, modes []string, markdown bool) {
	row := "%-12s %-19s %-24s %-16s %8s %8s %9s %9s %9s %9s %6s %7s %7s %6s %8s\n"
	if markdown {
		row = "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n"
	}
	fmt.Fprintf(out, row, "scenario", "engine", "workload", "mode", "ok/s", "tries/s", "p50", "p99", "p99.9", "max",
		"errors", "CPU ms", "RSS MiB", "stmts", "× base")
	if markdown {
		fmt.Fprintln(out, "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	}
	ms := func(v float64) string { return round(time.Duration(v * float64(time.Millisecond))).String() }
	for _, c := range cells {
		for _, mode := range modes {
			if _, ok := c.runs[mode]; !ok {
				continue
			}
			s := c.summarize(mode)
			ratio := "—"
			if _, ok := c.runs[c.baseline]; ok && s.Ratio > 0 {
				ratio = fmt.Sprintf("%.2f", s.Ratio)
			}
			stmts := "—"
			if s.Statements > 0 {
				stmts = fmt.Sprintf("%.1f", s.Statements)
			}
			fmt.Fprintf(out, row, c.scenario, c.version, c.label(), modeLabel(mode), fmt.Sprintf("%.0f", s.Bookings),
				fmt.Sprintf("%.0f", s.Attempts), ms(s.P50), ms(s.P99), ms(s.P999), ms(s.Max), fmt.Sprintf("%.0f", s.Errors),
				fmt.Sprintf("%.2f", s.CPU), fmt.Sprintf("%.0f", s.PeakRSS), stmts, ratio)
		}
	}
}

// writeJSON writes every figure, each run's and the medians, to path.
func writeJSON(path, machine string, o options, cells []*cell) error {
	type modeFigures struct {
		Mode   string    `json:"mode"`
		Median summary   `json:"median"`
		Runs   []summary `json:"runs"`
	}
	type cellFigures struct {
		Scenario  string        `json:"scenario"`
		Engine    string        `json:"engine"`
		Version   string        `json:"version"`
		Resources int           `json:"resources"`
		Clients   int           `json:"clients"`
		Baseline  string        `json:"baseline"`
		Modes     []modeFigures `json:"modes"`
	}
	doc := struct {
		Machine  string        `json:"machine"`
		Duration string        `json:"duration_per_mode"`
		Runs     int           `json:"runs"`
		Cells    []cellFigures `json:"cells"`
	}{Machine: machine, Duration: o.duration.String(), Runs: o.runs}
	for _, c := range cells {
		cf := cellFigures{Scenario: c.scenario, Engine: c.engine, Version: c.version, Resources: c.load.resources,
			Clients: c.load.clients, Baseline: c.baseline}
		for _, mode := range o.modes {
			rs, ok := c.runs[mode]
			if !ok {
				continue
			}
			mf := modeFigures{Mode: mode, Median: c.summarize(mode)}
			for _, r := range rs {
				mf.Runs = append(mf.Runs, r.figures())
			}
			cf.Modes = append(cf.Modes, mf)
		}
		doc.Cells = append(doc.Cells, cf)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// modeLabel names a mode in the summary.
func modeLabel(mode string) string {
	if mode == "raw" {
		return "raw (claims SQL)"
	}
	return mode
}

// machine describes where the figures were measured.
func machine() string {
	model := "unknown CPU"
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("machine: %d CPUs (%s), %s %s/%s", runtime.NumCPU(), model, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
