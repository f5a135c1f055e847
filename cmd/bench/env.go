package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/handlers"
	"cqshare/models"
)

// env is one run's world: a fresh database with, for each mode, a facility open around the
// clock and its resources (a set), signed-in users, the App over it and an HTTP server on
// loopback.
type env struct {
	app        *app.App
	db         *models.DB // the models' handle, for fixtures, the baseline and the overlap check
	facilities []int64    // one per set
	resources  [][]int64  // the resources of each set
	logins     []accounts.Login
	users      []int64 // the logins' user ids
	clients    int
	url        string
	version    string
	// statements counts the SQL statements run through the App's database handles.
	statements func() int64
	cleanup    []func()
}

// newEnv builds the world of one run on engine.
func newEnv(ctx context.Context, engine, mysqlDSN string, l load, sets, users int) (e *env, err error) {
	e = &env{clients: l.clients}
	defer func() {
		if err != nil {
			e.close()
		}
	}()
	vars := map[string]string{"RATE_LIMITS": "off", "JOBS_ENABLED": "false", "SQLITE_SYNCHRONOUS": "FULL"}
	switch engine {
	case "sqlite-full", "sqlite-normal":
		dir, err := os.MkdirTemp("", "cqshare-bench-")
		if err != nil {
			return e, err
		}
		e.cleanup = append(e.cleanup, func() { _ = os.RemoveAll(dir) })
		vars["DATABASE_URL"] = "sqlite://" + filepath.Join(dir, "bench.db")
		if engine == "sqlite-normal" {
			vars["SQLITE_SYNCHRONOUS"] = "NORMAL"
		}
	case "mariadb":
		url, drop, err := createMySQLDatabase(mysqlDSN)
		if err != nil {
			return e, err
		}
		e.cleanup = append(e.cleanup, drop)
		vars["DATABASE_URL"] = url
	}
	cfg, err := app.ConfigFromLookup(func(k string) (string, bool) { v, ok := vars[k]; return v, ok })
	if err != nil {
		return e, err
	}
	cfg.PasswordCost = bcrypt.MinCost
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if e.app, err = app.New(ctx, cfg, quiet); err != nil {
		return e, err
	}
	e.cleanup = append(e.cleanup, func() { _ = e.app.Close() })
	if e.statements, err = countStatements(e.app.Booking.DB); err != nil {
		return e, err
	}
	if e.db, err = app.OpenDB(cfg); err != nil {
		return e, err
	}
	e.cleanup = append(e.cleanup, func() { _ = e.db.Close() })
	if err := e.createFixtures(ctx, l, sets, users); err != nil {
		return e, fmt.Errorf("fixtures: %w", err)
	}
	if err := e.serveHTTP(quiet); err != nil {
		return e, err
	}
	e.version, err = e.engineVersion(ctx, engine)
	return e, err
}

// createMySQLDatabase creates a uniquely named database on the server and returns its
// DATABASE_URL and a function that drops it.
func createMySQLDatabase(serverDSN string) (string, func(), error) {
	var b [6]byte
	_, _ = rand.Read(b[:])
	prefix := os.Getenv("BENCH_DB_PREFIX") // lets people sharing a server tell their databases apart
	if prefix == "" {
		prefix = "bench_"
	}
	name := prefix + hex.EncodeToString(b[:])
	admin, err := sql.Open("mysql", serverDSN)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		_ = admin.Close()
		return "", nil, fmt.Errorf("create database on %s (is MariaDB running? set -mysql-dsn): %w", serverDSN, err)
	}
	drop := func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name)
		_ = admin.Close()
	}
	base, params, _ := strings.Cut(serverDSN, "?")
	url := "mysql://" + strings.TrimSuffix(base, "/") + "/" + name + "?parseTime=true"
	if params != "" {
		url += "&" + params
	}
	return url, drop, nil
}

// createFixtures writes sets facilities open every day around the clock, each with l.resources
// exclusive resources bookable a year ahead, max(l.clients+1, users) users, and the anchor's
// tables with a row for each resource.
func (e *env) createFixtures(ctx context.Context, l load, sets, users int) error {
	w := e.db.W(ctx)
	con := models.Consortium{Name: "基准测试联合体", NameEn: "Benchmark consortium", Level: models.LevelNational}
	if err := w.Create(&con).Error; err != nil {
		return err
	}
	var hours []models.OpeningInterval
	for day := range 7 {
		hours = append(hours, models.OpeningInterval{Weekday: day, Start: "00:00", End: "24:00"})
	}
	rules := models.DefaultRules()
	rules.MaxAdvanceDays = 400
	for s := range sets {
		fac := models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: fmt.Sprintf("基准测试中心 %d", s),
			NameEn: fmt.Sprintf("Benchmark center %d", s), TimeZone: "Asia/Shanghai",
			OpeningHours: models.JSONColumn[[]models.OpeningInterval]{V: hours}, DefaultRules: models.JSONColumn[models.Rules]{V: rules}}
		if err := w.Create(&fac).Error; err != nil {
			return err
		}
		rs := make([]models.Resource, l.resources)
		for i := range rs {
			name := fmt.Sprintf("bench %d-%d", s, i)
			rs[i] = models.Resource{FacilityID: fac.ID, Name: name, NameEn: name, Category: "equipment", Capacity: 1,
				Status: models.ResourceAvailable, Rules: rules, QuotaHoursYear: 1400}
		}
		if err := w.CreateInBatches(rs, 200).Error; err != nil {
			return err
		}
		ids := make([]int64, len(rs))
		for i, r := range rs {
			ids[i] = r.ID
		}
		e.facilities = append(e.facilities, fac.ID)
		e.resources = append(e.resources, ids)
	}
	for i := range max(l.clients+1, users) { // enrol-rush: one more, to teach
		login, err := e.app.Accounts.Register(ctx, accounts.RegisterInput{Email: fmt.Sprintf("bench%03d@bench.test", i),
			Password: "bench-pass-2026", Name: fmt.Sprintf("Bench %d", i)}, "127.0.0.1", "bench")
		if err != nil {
			return err
		}
		e.logins = append(e.logins, login)
		e.users = append(e.users, login.Actor.UserID)
	}
	pool, ok := e.db.SQLDBs()["write"]
	if !ok {
		return errors.New("no writer pool")
	}
	return createAnchorTables(ctx, pool, e.db.Dialect, slices.Concat(e.resources...))
}

// serveHTTP starts the API on a loopback port.
func (e *env) serveHTTP(log *slog.Logger) error {
	h, err := handlers.New(e.app, log)
	if err != nil {
		return err
	}
	addr := os.Getenv("BENCH_HTTP_ADDR") // a fixed loopback port where the machine is shared
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	e.url = "http://" + ln.Addr().String()
	e.cleanup = append(e.cleanup, func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return nil
}

func (e *env) engineVersion(ctx context.Context, engine string) (string, error) {
	var v string
	q := "SELECT VERSION()"
	if e.db.Dialect == models.SQLite {
		q = "SELECT sqlite_version()"
	}
	err := e.db.R(ctx).Raw(q).Scan(&v).Error
	v, _, _ = strings.Cut(v, "-") // 10.11.19-MariaDB-0+deb12u1 → 10.11.19
	return engine + " " + v, err
}

// workload is the bookings of set i: its resources, over a year from tomorrow.
func (e *env) workload(set int) workload {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	now := time.Now().In(loc)
	return workload{resources: e.resources[set], users: len(e.users), from: time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)}
}

// invariants are what must be zero after every mode, counted with SQL on the database.
type invariants struct {
	overbooked     int64 // instants where a resource's active bookings hold more seats than it has (invariant 1)
	oversold       int64 // course sessions with more seats held than they have (invariant 2)
	anchorOverlaps int64 // overlapping pairs of the anchor's active bookings
}

func (v invariants) String() string {
	return fmt.Sprintf("overbooked %d, oversold sessions %d, anchor overlaps %d", v.overbooked, v.oversold, v.anchorOverlaps)
}

// err is nil when every count is zero.
func (v invariants) err() error {
	if v == (invariants{}) {
		return nil
	}
	return fmt.Errorf("INVARIANT BROKEN: %s", v)
}

// checkInvariants counts the breaches of invariants 1 and 2 of DESIGN.md in the app's tables
// (models.CountOverbookings: at no instant more seats held than a resource has, its buffer
// included; no session with more seats held than it has) and the overlaps in the anchor's.
func (e *env) checkInvariants(ctx context.Context) (invariants, error) {
	var v invariants
	var err error
	if v.overbooked, err = e.db.CountOverbookings(ctx); err != nil {
		return v, err
	}
	if err = e.db.R(ctx).Raw(`SELECT COUNT(*) FROM course_sessions s WHERE s.seats <
		(SELECT COUNT(*) FROM enrollments e WHERE e.session_id = s.id AND e.status IN ?)`,
		models.SeatHoldingEnrollmentStatuses).Scan(&v.oversold).Error; err != nil {
		return v, err
	}
	v.anchorOverlaps, err = anchorOverlaps(ctx, e.db)
	return v, err
}

// countStatements registers GORM callbacks that count every statement run through db's
// handles, and returns the function that reads the count.
func countStatements(db *models.DB) (func() int64, error) {
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	handles := []*gorm.DB{db.W(context.Background())}
	if db.Dialect == models.SQLite { // MySQL's reader is the writer's pool and callbacks
		handles = append(handles, db.R(context.Background()))
	}
	for _, g := range handles {
		cb := g.Callback()
		for _, err := range []error{
			cb.Create().After("gorm:create").Register("bench:count_create", count),
			cb.Query().After("gorm:query").Register("bench:count_query", count),
			cb.Update().After("gorm:update").Register("bench:count_update", count),
			cb.Delete().After("gorm:delete").Register("bench:count_delete", count),
			cb.Row().After("gorm:row").Register("bench:count_row", count),
			cb.Raw().After("gorm:raw").Register("bench:count_raw", count),
		} {
			if err != nil {
				return nil, err
			}
		}
	}
	return n.Load, nil
}

func (e *env) close() {
	for i := len(e.cleanup) - 1; i >= 0; i-- {
		e.cleanup[i]()
	}
	e.cleanup = nil
}

// operation returns what mode does.
func (e *env) operation(mode string) (operation, error) {
	switch mode {
	case "anchor":
		return newAnchorBooker(e.db, e.users)
	case "raw":
		return newRawBooker(e.db, e.users)
	case "app":
		return &appBooker{app: e.app, logins: e.logins}, nil
	case "http":
		return &httpBooker{e: e, client: newHTTPClient(e.clients)}, nil
	}
	return nil, errors.New("unknown mode " + mode)
}
