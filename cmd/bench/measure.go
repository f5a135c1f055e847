package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
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
	return request{user: rng.IntN(w.users), resourceID: w.resources[rng.IntN(len(w.resources))], start: start,
		end: start.Add(time.Duration(2+rng.IntN(7)) * 30 * time.Minute)}
}

// result is what one mode did in one run.
type result struct {
	created, conflicts, errors int
	firstErr                   error
	elapsed                    time.Duration
	p50, p99                   time.Duration
	overlaps                   int64
}

// bookingsPerSec is the rate of created bookings.
func (r result) bookingsPerSec() float64 { return float64(r.created) / r.elapsed.Seconds() }

// attemptsPerSec is the rate of answered attempts, created or refused.
func (r result) attemptsPerSec() float64 {
	return float64(r.created+r.conflicts+r.errors) / r.elapsed.Seconds()
}

func (r result) String() string {
	return fmt.Sprintf("%7.0f bookings/s %7.0f attempts/s  %6d created %6d conflicts  p50 %-8s p99 %-8s overlaps %d",
		r.bookingsPerSec(), r.attemptsPerSec(), r.created, r.conflicts, round(r.p50), round(r.p99), r.overlaps)
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}

// measure runs clients goroutines that book without pause for d.
func measure(parent context.Context, b operation, w workload, clients int, d time.Duration) (result, error) {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	var (
		mu        sync.Mutex
		r         result
		latencies []time.Duration
		wg        sync.WaitGroup
	)
	begin := time.Now()
	for c := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(begin.UnixNano()), uint64(c)))
			var mine []time.Duration
			var created, conflicts, failed int
			var first error
			for ctx.Err() == nil {
				t0 := time.Now()
				err := b.do(ctx, c, w.next(rng))
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
	if len(latencies) > 0 {
		slices.Sort(latencies)
		r.p50 = latencies[len(latencies)/2]
		r.p99 = latencies[len(latencies)*99/100]
	}
	return r, parent.Err()
}

// cell is one engine and workload, with the results of every run per mode.
type cell struct {
	engine  string
	version string
	load    load
	runs    map[string][]result
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
	bookings, attempts float64
	p99                time.Duration
	ratio              float64 // median over runs of bookings/s divided by the anchor's in the same run
}

func (c *cell) summarize(mode string) summary {
	var s summary
	var bookings, attempts, ratios, p99s []float64
	base := c.runs["anchor"]
	for i, r := range c.runs[mode] {
		bookings = append(bookings, r.bookingsPerSec())
		attempts = append(attempts, r.attemptsPerSec())
		p99s = append(p99s, float64(r.p99))
		if i < len(base) && base[i].bookingsPerSec() > 0 {
			ratios = append(ratios, r.bookingsPerSec()/base[i].bookingsPerSec())
		}
	}
	s.bookings, s.attempts, s.p99 = median(bookings), median(attempts), time.Duration(median(p99s))
	s.ratio = median(ratios)
	return s
}

func printSummary(out io.Writer, cells []*cell, modes []string, markdown bool) {
	row := "%-22s %-22s %-16s %11s %11s %10s %8s\n"
	if markdown {
		row = "| %s | %s | %s | %s | %s | %s | %s |\n"
	}
	fmt.Fprintf(out, row, "engine", "workload", "mode", "bookings/s", "attempts/s", "p99", "× anchor")
	if markdown {
		fmt.Fprintln(out, "| --- | --- | --- | ---: | ---: | ---: | ---: |")
	}
	for _, c := range cells {
		for _, mode := range modes {
			s := c.summarize(mode)
			ratio := "—"
			if _, ok := c.runs["anchor"]; ok && s.ratio > 0 {
				ratio = fmt.Sprintf("%.2f", s.ratio)
			}
			fmt.Fprintf(out, row, c.version, c.load, modeLabel(mode), fmt.Sprintf("%.0f", s.bookings),
				fmt.Sprintf("%.0f", s.attempts), round(s.p99).String(), ratio)
		}
	}
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
