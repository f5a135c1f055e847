// Command server runs the platform: the API, the web UI and the scheduled jobs.
//
//	server [serve]   migrate, optionally seed, and serve (the default)
//	server migrate   apply pending migrations and exit
//	server seed      load the demo data into an empty database and exit
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"cqshare/app"
	"cqshare/handlers"
	"cqshare/jobs"
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
	}
	return fmt.Errorf("unknown command %q (serve, migrate, seed)", cmd)
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
