package apptest

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cqshare/app"
)

// demoTemplate is an SQLite database holding the demo data set, built once per test process and
// kept in memory: seeding under the race detector costs seconds, copying a file nothing.
var demoTemplate struct {
	once  sync.Once
	bytes []byte
	err   error
}

// DemoConfig is Config whose database holds the demo data set. On SQLite it is a copy of a
// template seeded once per test process; on MariaDB/MySQL the App seeds its empty database
// itself (SeedDemo), which costs little there.
func DemoConfig(t testing.TB) app.Config {
	t.Helper()
	cfg := Config(t)
	cfg.SeedDemo = true
	if Engine() != "sqlite" {
		return cfg
	}
	demoTemplate.once.Do(func() { demoTemplate.bytes, demoTemplate.err = seededSQLite(cfg, Logger(t)) })
	if demoTemplate.err != nil {
		t.Fatalf("demo template: %v", demoTemplate.err)
	}
	path := strings.TrimPrefix(cfg.DatabaseURL, "sqlite://")
	if err := os.WriteFile(path, demoTemplate.bytes, 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// seededSQLite migrates and seeds a database in a folder of its own and returns the file, read
// after the App closed it (so the write-ahead log is folded into it).
func seededSQLite(cfg app.Config, log *slog.Logger) ([]byte, error) {
	dir, err := os.MkdirTemp("", "demo-template-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "demo.db")
	cfg.DatabaseURL = "sqlite://" + path
	// The bound stops a hung seed, nothing else: under the race detector on a loaded machine
	// the demo's history and its figures take minutes.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	if err := a.Close(); err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}
