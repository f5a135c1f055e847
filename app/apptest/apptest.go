// Package apptest gives tests a fresh, migrated database of their own on the engine under test:
// SQLite by default, MariaDB/MySQL when TEST_DATABASE=mysql (with TEST_MYSQL_DSN naming the
// server, e.g. "root@tcp(127.0.0.1:3306)/").
package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // the MySQL driver, for creating test databases
	"golang.org/x/crypto/bcrypt"

	"cqshare/app"
)

// Engine names the engine tests run on.
func Engine() string {
	if os.Getenv("TEST_DATABASE") == "mysql" {
		return "mysql"
	}
	return "sqlite"
}

// MySQLServerDSN returns the DSN of the MariaDB/MySQL server for tests, or skips the test
// (fails it under CI=true, where nothing may be skipped).
func MySQLServerDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv("TEST_MYSQL_DSN")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("TEST_MYSQL_DSN is not set; CI must run the MariaDB tests")
		}
		t.Skip("SKIPPED: TEST_MYSQL_DSN not set; set it (e.g. root@tcp(127.0.0.1:3306)/) to run this test on MariaDB")
	}
	return dsn
}

// DatabaseURL creates an empty database for one test on the engine under test and returns its
// DATABASE_URL; the database is dropped (or its file removed) when the test ends.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	if Engine() == "mysql" {
		return NewMySQLDatabase(t)
	}
	return "sqlite://" + filepath.Join(t.TempDir(), "test.db")
}

// NewMySQLDatabase creates a uniquely named database on the test server and returns its URL.
func NewMySQLDatabase(t testing.TB) string {
	t.Helper()
	server := MySQLServerDSN(t)
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("mysql", server)
	if err != nil {
		t.Fatalf("open mysql: %v", err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
		_ = admin.Close()
	})
	base, params, _ := strings.Cut(server, "?")
	base = strings.TrimSuffix(base, "/")
	url := "mysql://" + base + "/" + name + "?parseTime=true"
	if params != "" {
		url += "&" + params
	}
	return url
}

// TestSecretKey is the tests' SECRET_KEY (32 bytes), which seals the stored client secrets.
var TestSecretKey = []byte("cqshare-tests-secret-key-32bytes")

// Config is a configuration for tests: a fresh database, no rate limits, no jobs, fast hashing.
func Config(t testing.TB) app.Config {
	t.Helper()
	cfg, err := app.ConfigFromLookup(func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.DatabaseURL = DatabaseURL(t)
	cfg.FilesDir = filepath.Join(t.TempDir(), "files")
	cfg.RateLimits = false
	cfg.JobsEnabled = false
	cfg.PasswordCost = bcrypt.MinCost
	cfg.SecretKey = TestSecretKey
	return cfg
}

// New returns an App over a fresh database, closed when the test ends.
func New(t testing.TB, opts ...app.Option) *app.App {
	t.Helper()
	return NewWithConfig(t, Config(t), opts...)
}

// NewWithConfig returns an App built from cfg, closed when the test ends.
func NewWithConfig(t testing.TB, cfg app.Config, opts ...app.Option) *app.App {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a, err := app.New(ctx, cfg, Logger(t), opts...)
	if err != nil {
		t.Fatalf("app.New on %s: %v", Engine(), err)
	}
	t.Cleanup(func() { _ = a.Close() })
	return a
}

// Logger writes warnings and errors to the test's log, shown when the test fails, so a failure
// says what the servers saw; with TEST_VERBOSE set it writes everything to stderr.
func Logger(t testing.TB) *slog.Logger {
	if os.Getenv("TEST_VERBOSE") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	w := &testLog{t: t}
	t.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// testLog writes to a test's log until the test ends (testing panics on a log after that; a
// server's goroutine may still be winding down).
type testLog struct {
	mu    sync.Mutex
	t     testing.TB
	ended bool
}

func (w *testLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.ended {
		w.t.Log(strings.TrimSuffix(string(p), "\n"))
	}
	return len(p), nil
}

func (w *testLog) close() {
	w.mu.Lock()
	w.ended = true
	w.mu.Unlock()
}

// Clock is a settable clock for app.WithClock, safe to move while servers read it.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
