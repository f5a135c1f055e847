package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// serverBinary is the server built once by TestMain, so the multi-process tests run the real
// binary, each copy its own process.
var serverBinary string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "cqshare-server-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "temp dir:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	serverBinary = filepath.Join(dir, "server")
	build := exec.Command("go", "build", "-o", serverBinary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build the server:", err)
		return 1
	}
	return m.Run()
}

// serverProcess is one running copy of the server.
type serverProcess struct {
	URL  string
	cmd  *exec.Cmd
	log  *lockedBuffer
	done chan struct{} // closed when the process has exited
}

// startServers starts one server process per database URL (the same URL repeated for copies of
// one database, a different URL per Galera node), each on its own loopback port, and waits until
// every copy answers /readyz. The processes are stopped when the test ends; their logs are
// printed when it failed.
func startServers(t *testing.T, databaseURLs ...string) []string {
	t.Helper()
	procs := startServerProcs(t, nil, databaseURLs...)
	urls := make([]string, len(procs))
	for i, p := range procs {
		urls[i] = p.URL
	}
	return urls
}

// startServerProcs is startServers with env added to every copy's environment, returning the
// processes.
func startServerProcs(t *testing.T, env []string, databaseURLs ...string) []*serverProcess {
	t.Helper()
	procs := make([]*serverProcess, 0, len(databaseURLs))
	t.Cleanup(func() {
		for i, p := range procs {
			p.stop()
			if t.Failed() {
				t.Logf("log of server %d (%s), last lines:\n%s", i, p.URL, p.log.tail(40))
			}
		}
	})
	for _, dbURL := range databaseURLs {
		p, err := startServer(dbURL, env...)
		if err != nil {
			t.Fatalf("start server: %v", err)
		}
		procs = append(procs, p)
	}
	for i, p := range procs {
		if err := p.waitReady(90 * time.Second); err != nil {
			t.Fatalf("server %d not ready: %v\nlog:\n%s", i, err, p.log.tail(40))
		}
	}
	return procs
}

// readyServer starts one server process on the database, with env added to its environment,
// and waits until it is ready; it is stopped when the test ends, its log printed if it failed.
func readyServer(t *testing.T, databaseURL string, env ...string) *serverProcess {
	t.Helper()
	p, err := startServer(databaseURL, env...)
	if err != nil {
		t.Fatalf("start server: %v", err)
	}
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			t.Logf("log of the server (%s), last lines:\n%s", p.URL, p.log.tail(40))
		}
	})
	if err := p.waitReady(90 * time.Second); err != nil {
		t.Fatalf("server not ready: %v", err)
	}
	return p
}

// startServer starts one server process on the database, with env added to its environment.
func startServer(databaseURL string, env ...string) (*serverProcess, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	p, err := startCommand(databaseURL, []string{"serve"}, append([]string{"HTTP_ADDR=" + addr}, env...)...)
	if err != nil {
		return nil, err
	}
	p.URL = "http://" + addr
	return p, nil
}

// startCommand starts the server binary with the arguments on the database, without rate
// limits, jobs or demo data unless env, added to its environment, says otherwise.
func startCommand(databaseURL string, args []string, env ...string) (*serverProcess, error) {
	cmd := exec.Command(serverBinary, args...)
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+databaseURL,
		"RATE_LIMITS=off",
		"JOBS_ENABLED=false",
		"SEED_DEMO=false",
	)
	cmd.Env = append(cmd.Env, env...)
	dieWithTest(cmd)
	p := &serverProcess{cmd: cmd, log: &lockedBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// freeLoopbackAddr finds a free TCP port on 127.0.0.1.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func (p *serverProcess) waitReady(timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.URL+"/readyz", nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("the process exited (%v)", p.cmd.ProcessState)
		case <-ctx.Done():
			return fmt.Errorf("no 200 from %s/readyz within %s", p.URL, timeout)
		case <-tick.C:
		}
	}
}

// stop asks the process to shut down and kills it if it has not within ten seconds.
func (p *serverProcess) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

// kill ends the process with SIGKILL, as the kernel's out-of-memory killer or a crash does:
// no shutdown, no deferred work. It returns once the process has exited.
func (p *serverProcess) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

// lockedBuffer collects a process's output for the failure report.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// tail returns the last n lines written, leaving out the access log of requests answered
// below 500.
func (b *lockedBuffer) tail(n int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []string
	for line := range strings.Lines(b.buf.String()) {
		if strings.Contains(line, `"msg":"http"`) && !strings.Contains(line, `"status":5`) {
			continue
		}
		lines = append(lines, strings.TrimRight(line, "\n"))
	}
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
