// Command server runs the platform: the API, the web UI and the scheduled jobs.
//
//	server [serve]   migrate, optionally seed, and serve (the default)
//	server migrate   apply pending migrations and exit
//	server seed      load the demo data into an empty database and exit
//	server rollup --from YYYY-MM-DD --to YYYY-MM-DD
//	                 recompute the utilization rollups of those local days (a run of reports_rollup)
//	server league --period YYYY-MM|YYYY [--reweight]
//	                 compute the league table of a month or year (a run of league_compute);
//	                 --reweight applies the latest weights to a period computed before
//	server backup PATH
//	                 write a consistent copy of the SQLite database to a new file while it serves
//	                 (MySQL/MariaDB: prints the mysqldump command instead; docs/backup.md)
//	server verify-backup PATH
//	                 check an SQLite backup (PRAGMA integrity_check) and print its schema version
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"cqshare/app"
	"cqshare/app/reports"
	"cqshare/handlers"
	"cqshare/jobs"
	"cqshare/models"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, log, os.Args[1:])
	stop()
	if err != nil {
		log.Error("server stopped", "err", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, log *slog.Logger, args []string) error {
	cfg, err := app.ConfigFromEnv()
	if err != nil {
		return fmt.Errorf("configuration: %w", err)
	}
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
	}
	switch cmd {
	case "serve":
		return serve(ctx, log, cfg)
	case "migrate":
		db, err := app.OpenDB(cfg)
		if err != nil {
			return err
		}
		n, err := db.Migrate(ctx)
		log.Info("migrated", "applied", n)
		return errors.Join(err, db.Close())
	case "seed":
		cfg.SeedDemo = true
		a, err := app.New(ctx, cfg, log)
		if err != nil {
			return err
		}
		return a.Close()
	case "rollup":
		return rollup(ctx, log, cfg, args[1:])
	case "league":
		return league(ctx, log, cfg, args[1:])
	case "backup":
		return backup(ctx, cfg, args[1:])
	case "verify-backup":
		return verifyBackup(ctx, args[1:])
	}
	return fmt.Errorf("unknown command %q (serve, migrate, seed, rollup, league, backup, verify-backup)", cmd)
}

// backup writes a consistent copy of the database to a new file and prints what it wrote.
func backup(ctx context.Context, cfg app.Config, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: server backup PATH (a file that does not exist yet)")
	}
	// Opening an SQLite database creates it: a mistyped DATABASE_URL would back up a new, empty one.
	if dialect, path, err := app.ParseDatabaseURL(cfg.DatabaseURL); err == nil && dialect == models.SQLite {
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("no database to back up: %w", err)
		}
	}
	db, err := app.OpenDB(cfg)
	if err != nil {
		return err
	}
	info, err := db.Backup(ctx, args[0])
	if err == nil {
		fmt.Printf("backup written: %s, %d bytes, schema version %d, integrity ok\n", info.Path, info.Bytes, info.SchemaVersion)
	}
	return errors.Join(err, db.Close())
}

// verifyBackup checks an SQLite backup file and prints its schema version.
func verifyBackup(ctx context.Context, args []string) error {
	if len(args) != 1 {
		return errors.New("usage: server verify-backup PATH")
	}
	info, err := models.VerifyBackup(ctx, args[0])
	if err != nil {
		return err
	}
	fmt.Printf("backup ok: %s, %d bytes, schema version %d, integrity ok\n", info.Path, info.Bytes, info.SchemaVersion)
	return nil
}

// rollup recomputes the utilization rollups of a range of local days, as a recorded run.
func rollup(ctx context.Context, log *slog.Logger, cfg app.Config, args []string) error {
	fs := flag.NewFlagSet("rollup", flag.ContinueOnError)
	from := fs.String("from", "", "first local day, YYYY-MM-DD")
	to := fs.String("to", "", "last local day, YYYY-MM-DD (default: from)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		*to = *from
	}
	for _, d := range []string{*from, *to} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return fmt.Errorf("rollup --from and --to take a day YYYY-MM-DD: %q", d)
		}
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	run, err := a.Rollup(ctx, *from, *to)
	if err == nil && run.Status != models.JobSucceeded {
		err = fmt.Errorf("rollup %s … %s failed: %s", *from, *to, run.Error)
	}
	if err == nil {
		log.Info("rolled up", "from", *from, "to", *to, "rows", run.RowsWritten)
	}
	return errors.Join(err, a.Close())
}

// league computes the league table of a month or a year, as a recorded run.
func league(ctx context.Context, log *slog.Logger, cfg app.Config, args []string) error {
	fs := flag.NewFlagSet("league", flag.ContinueOnError)
	period := fs.String("period", "", "the month YYYY-MM or the year YYYY")
	reweight := fs.Bool("reweight", false, "score a period computed before with the latest weights")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, _, ok := reports.LeaguePeriod(*period); !ok {
		return fmt.Errorf("league --period takes a month YYYY-MM or a year YYYY: %q", *period)
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	run, err := a.ComputeLeague(ctx, *period, *reweight)
	if err == nil && run.Status != models.JobSucceeded {
		err = fmt.Errorf("league %s failed: %s", *period, run.Error)
	}
	if err == nil {
		log.Info("league computed", "period", *period, "rows", run.RowsWritten)
	}
	return errors.Join(err, a.Close())
}

func serve(ctx context.Context, log *slog.Logger, cfg app.Config) error {
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	e, metrics, err := handlers.NewWithMetrics(a, log)
	if err != nil {
		return err
	}
	scheduler, err := jobs.New(a, log)
	if err != nil {
		return err
	}
	if cfg.JobsEnabled {
		scheduler.Start()
	}
	srv := &http.Server{Addr: cfg.HTTPAddr, Handler: e, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	servers := []*http.Server{srv}
	if cfg.MetricsAddr != "" {
		// Prometheus scrapes this port; the API port then has no /metrics.
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics)
		servers = append(servers, &http.Server{Addr: cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second})
	}
	errc := make(chan error, len(servers))
	for _, s := range servers {
		go func() { errc <- s.ListenAndServe() }()
	}
	log.Info("serving", "addr", cfg.HTTPAddr, "metrics_addr", cfg.MetricsAddr, "database", a.Dialect(), "jobs", cfg.JobsEnabled)
	printWelcome(os.Stdout, cfg.HTTPAddr, cfg.SeedDemo)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, s := range servers {
		err = errors.Join(err, s.Shutdown(shutdownCtx))
	}
	<-scheduler.Stop().Done()
	return err
}
