// Package app is the composition root: it opens the database and builds the bounded contexts'
// services (accounts, catalog, booking, training, services, billing, reports) over a shared kernel, and runs the scheduled jobs. It
// knows nothing of HTTP or cron. docs/architecture.md has the package map.
package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"cqshare/app/accounts"
	"cqshare/app/billing"
	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/governance"
	"cqshare/app/imports"
	"cqshare/app/mail"
	"cqshare/app/reports"
	"cqshare/app/seed"
	"cqshare/app/services"
	"cqshare/app/talent"
	"cqshare/app/training"
	"cqshare/models"
)

// App owns the database and the services of the bounded contexts.
type App struct {
	// Accounts are accounts, sessions, registration, notifications and the audit log.
	Accounts *accounts.Service
	// Catalog is consortia, organizations, facilities, resources, rules, blackouts and
	// qualifications.
	Catalog *catalog.Service
	// Booking is the booking engine.
	Booking *booking.Service
	// Training is courses, sessions, enrolment, attendance, certificates and learning records.
	Training *training.Service
	// Services is the tech platforms' service catalogue, requests, messages and ratings.
	Services *services.Service
	// Billing is the charges and the monthly statements.
	Billing *billing.Service
	// Mail sends the e-mail outbox that notifications write.
	Mail *mail.Service
	// Reports is the utilization rollups and reports.
	Reports *reports.Service
	// Governance is how each consortium is run: its council, secretariat, operating platform,
	// charter and annual goals.
	Governance *governance.Service
	// Talent is the talent supply–demand board: needs, offers, matches and applications.
	Talent *talent.Service
	// Imports bring resources, users and rosters, and holidays in from files.
	Imports *imports.Service

	cfg  Config
	base core.Base
	jobs jobRegistry // the scheduled jobs (jobs.go)
}

// Option changes how New builds the App.
type Option func(*options)

type options struct{ now func() time.Time }

// WithClock replaces the wall clock (tests move time).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// New opens and migrates the database named by cfg, builds the services, seeds the demo data
// when asked, and returns the App.
func New(ctx context.Context, cfg Config, log *slog.Logger, opts ...Option) (*App, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	store, err := openFileStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	db, err := OpenDB(cfg)
	if err != nil {
		return nil, err
	}
	sealer, err := core.NewSealer(cfg.SecretKey)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("SECRET_KEY: %w", err), db.Close())
	}
	base := core.Base{DB: db, Log: log, Clock: o.now, PublicURL: cfg.PublicURL}
	a := &App{cfg: cfg, base: base}
	a.Catalog = catalog.New(base, cfg.DefaultTZ)
	a.Accounts = accounts.New(base, accounts.Config{RegistrationOpen: cfg.RegistrationOpen, SessionTTL: cfg.SessionTTL,
		PasswordCost: cfg.PasswordCost, RateLimits: cfg.RateLimits, Retention: cfg.Retention, Secrets: sealer})
	a.Booking = booking.New(base, a.Catalog)
	a.Catalog.SetClosingHook(a.Booking.HandleClosing)
	a.Training = training.New(base, a.Catalog, a.Booking)
	a.Services = services.New(base, a.Catalog, a.Booking)
	a.Billing = billing.New(base, cfg.DefaultTZ)
	a.Reports = reports.New(base, cfg.DefaultTZ)
	a.Governance = governance.New(base, a.Reports, cfg.DefaultTZ)
	a.Talent = talent.New(base, cfg.DefaultTZ)
	a.Mail = mail.New(base, mailer(cfg, log))
	a.Services.SetFiles(store, int64(cfg.MaxUploadMB)<<20)
	a.Imports = imports.New(base, a.Catalog, a.Accounts, int64(cfg.MaxUploadMB)<<20)
	if _, err := db.Migrate(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	if _, err := a.Accounts.SealSSOSecrets(ctx); err != nil {
		return nil, errors.Join(fmt.Errorf("seal sign-on secrets: %w", err), db.Close())
	}
	if cfg.SeedDemo {
		if err := a.SeedDemo(ctx); err != nil {
			return nil, errors.Join(fmt.Errorf("seed demo data: %w", err), db.Close())
		}
	}
	return a, nil
}

// mailer is the SMTP server of the configuration, or the log when it names none.
func mailer(cfg Config, log *slog.Logger) mail.Mailer {
	if cfg.SMTP.Host == "" {
		return mail.LogMailer{Log: log}
	}
	return mail.NewSMTP(cfg.SMTP)
}

// OpenDB opens the database named by cfg without migrating it (the migrate command).
func OpenDB(cfg Config) (*models.DB, error) {
	dialect, dsn, err := ParseDatabaseURL(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	return models.Open(dialect, dsn, models.Options{SQLiteSynchronous: cfg.SQLiteSyncMode})
}

// SeedDemo loads the demo data set into an empty database (the seed command, SEED_DEMO), then
// charges its history and computes its utilization figures up to yesterday, so that the
// reports and statements show figures before the first nightly run.
func (a *App) SeedDemo(ctx context.Context) error {
	if n, err := a.base.DB.CountUsers(ctx); err != nil || n > 0 {
		return err
	}
	if err := seed.Demo(ctx, a.base, a.cfg.PasswordCost, a.Catalog, a.Booking, a.Training); err != nil {
		return err
	}
	// The history's charges first: the figures count the income they carry.
	if _, err := a.Billing.CreateCharges(ctx); err != nil {
		return fmt.Errorf("demo charges: %w", err)
	}
	today := a.Now().In(a.cfg.DefaultTZ)
	run, err := a.Rollup(ctx, today.AddDate(0, 0, -seed.HistoryDays).Format(models.DayFormat), today.AddDate(0, 0, -1).Format(models.DayFormat))
	switch {
	case errors.Is(err, ErrJobRunning):
		return nil // another copy seeded the same database and is computing them
	case err != nil:
		return err
	case run.Status != models.JobSucceeded:
		return fmt.Errorf("demo figures: %s", run.Error)
	}
	return a.seedLeague(ctx)
}

// DB is the database, for tools and tests that read it directly (fixtures, invariant queries).
func (a *App) DB() *models.DB { return a.base.DB }

// Close releases the database.
func (a *App) Close() error { return a.base.DB.Close() }

// Config returns the configuration the App runs with.
func (a *App) Config() Config { return a.cfg }

// Now is the App's clock, in UTC.
func (a *App) Now() time.Time { return a.base.Now() }

// Dialect names the database engine ("sqlite" or "mysql").
func (a *App) Dialect() string { return a.base.DB.Dialect }

// Alive reports whether the database answers.
func (a *App) Alive(ctx context.Context) error { return a.base.DB.Ping(ctx) }

// Ready reports whether the database answers and every migration has been applied.
func (a *App) Ready(ctx context.Context) error {
	if err := a.base.DB.Ping(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	pending, err := a.base.DB.PendingMigrations(ctx)
	if err != nil {
		return fmt.Errorf("read migration state: %w", err)
	}
	if pending {
		return errors.New("migrations pending")
	}
	return nil
}

// DBPools returns the database pools by name, for metrics.
func (a *App) DBPools() map[string]*sql.DB { return a.base.DB.SQLDBs() }
