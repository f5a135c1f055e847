package handlers

import (
	goflag "flag"
	"os"
	"runtime"
	"testing"
	"time"
)

var soakFor = goflag.Duration("soak", 0, "run TestSoakStaysFlat for this long (e.g. 10m); 0 skips it")

// soakSample is what the process holds at one moment of a soak.
type soakSample struct {
	at          time.Duration
	goroutines  int
	heapMB      float64
	connections int
	files       int
}

// TestSoakStaysFlat runs the random operations of TestRandomOperationsKeepTheInvariants without
// pause for -soak (ten minutes for the record; off in make test) and samples the process every
// half minute after a minute's warm-up: goroutines, live heap after a collection, open database
// connections and open files. None may climb: the last sample holds at most a few more
// goroutines, connections and files than the first, and a heap within half again the first's
// plus what the growing tables and the model's own maps take. The invariants are checked after
// every batch as in the random test.
func TestSoakStaysFlat(t *testing.T) {
	if *soakFor == 0 {
		t.Skip("SKIPPED: a soak runs only when asked for, with -soak=10m")
	}
	m := newModelRun(t, uint64(time.Now().UnixNano()))
	start := time.Now()
	var samples []soakSample
	next := time.Minute
	for time.Since(start) < *soakFor && !t.Failed() {
		m.batch(modelBatch)
		m.check()
		if time.Since(start) >= next {
			samples = append(samples, m.sample(time.Since(start)))
			next += 30 * time.Second
		}
	}
	if len(samples) < 2 {
		t.Fatalf("took %d samples in %v; a soak needs at least two minutes", len(samples), *soakFor)
	}
	for _, s := range samples {
		t.Logf("%6s  goroutines %4d  heap %6.1f MB  connections %2d  files %3d", s.at.Round(time.Second), s.goroutines, s.heapMB, s.connections, s.files)
	}
	first, last := samples[0], samples[len(samples)-1]
	if last.goroutines > first.goroutines+5 || last.connections > first.connections+4 || last.files > first.files+5 ||
		last.heapMB > 1.5*first.heapMB+32 {
		t.Errorf("the process grew from %+v to %+v", first, last)
	}
	t.Logf("answers: %v", m.tally())
}

func (m *modelRun) sample(at time.Duration) soakSample {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s := soakSample{at: at, goroutines: runtime.NumGoroutine(), heapMB: float64(ms.HeapAlloc) / (1 << 20)}
	for _, pool := range m.app.DBPools() {
		s.connections += pool.Stats().OpenConnections
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		s.files = len(fds)
	}
	return s
}
