// Package app is the application: the database and the domain services (accounts, catalog,
// booking rules and availability, reports). It knows nothing of HTTP or cron.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"cqshare/models"
)

// App owns the database and implements every use case.
type App struct {
	cfg    Config
	db     *models.DB
	log    *slog.Logger
	now    func() time.Time
	logins *loginLimiter
	jobs   jobRegistry // the scheduled jobs (jobs.go)
}

// Option changes how New builds the App.
type Option func(*App)

// WithClock replaces the wall clock (tests move time).
func WithClock(now func() time.Time) Option { return func(a *App) { a.now = now } }

// New opens and migrates the database named by cfg, seeds the demo data when asked, and returns
// the App.
func New(ctx context.Context, cfg Config, log *slog.Logger, opts ...Option) (*App, error) {
	db, err := OpenDB(cfg)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, db: db, log: log, now: time.Now, logins: newLoginLimiter(cfg.RateLimits)}
	for _, o := range opts {
		o(a)
	}
	if _, err := db.Migrate(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if cfg.SeedDemo {
		if err := a.SeedDemo(ctx); err != nil {
			return nil, errors.Join(fmt.Errorf("seed demo data: %w", err), db.Close())
		}
	}
	return a, nil
}

// OpenDB opens the database named by cfg without migrating it (the migrate command).
func OpenDB(cfg Config) (*models.DB, error) {
	dialect, dsn, err := ParseDatabaseURL(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return models.Open(dialect, dsn, models.Options{SQLiteSynchronous: cfg.SQLiteSyncMode})
}

// Close releases the database.
func (a *App) Close() error { return a.db.Close() }

// Config returns the configuration the App runs with.
func (a *App) Config() Config { return a.cfg }

// Now is the App's clock, in UTC.
func (a *App) Now() time.Time { return a.now().UTC() }

// Dialect names the database engine ("sqlite" or "mysql").
func (a *App) Dialect() string { return a.db.Dialect }

// Alive reports whether the database answers.
func (a *App) Alive(ctx context.Context) error { return a.db.Ping(ctx) }

// Ready reports whether the database answers and every migration has been applied.
func (a *App) Ready(ctx context.Context) error {
	if err := a.db.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	pending, err := a.db.PendingMigrations(ctx)
	if err != nil {
		return fmt.Errorf("read migration state: %w", err)
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// DBPools returns the database pools by name, for metrics.
func (a *App) DBPools() map[string]*sql.DB { return a.db.SQLDBs() }

// tx runs fn in one database transaction, retried as a whole on transient conflicts.
func (a *App) tx(ctx context.Context, fn func(ctx context.Context) error) error {
	err := a.db.Tx(ctx, fn)
	if errors.Is(err, models.ErrBusy) {
		return ErrBusy
	}
	return err
}

// notFound turns GORM's not-found into ErrNotFound and passes other errors on.
func NotFound(err error) error {
	if models.IsNotFound(err) {
		return ErrNotFound
	}
	return err
}
