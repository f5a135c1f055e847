// Package models holds the GORM models, their queries and the transactions around them.
package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"cqshare/migrations"
)

// Dialect names of the two supported engines.
const (
	SQLite = "sqlite"
	MySQL  = "mysql"
)

// Options tune how a database is opened.
type Options struct {
	// SQLiteSynchronous is FULL (an acknowledged write survives power loss) or NORMAL.
	SQLiteSynchronous string
	// ReadConns caps the read pool (SQLite) or the whole pool (MySQL); 0 picks a default.
	ReadConns int
}

// DB is the database: a writer and a reader handle over the same data. On SQLite the writer is a
// single connection (SQLite has one writer at a time; a pool of writers only adds SQLITE_BUSY);
// on MySQL both handles are the same pool.
type DB struct {
	Dialect   string
	write     *gorm.DB
	read      *gorm.DB
	txOptions *sql.TxOptions
	// sqliteDSN is the writer's DSN, for the backup's connection of its own.
	sqliteDSN string
	// mysqlConfig names the server, user and database for the dump command; it has no password.
	mysqlConfig *mysqldriver.Config
}

// Open connects to the database named by a DATABASE_URL-style dialect and DSN.
func Open(dialect, dsn string, opt Options) (*DB, error) {
	cfg := &gorm.Config{Logger: logger.Discard, NowFunc: func() time.Time { return time.Now().UTC() }}
	switch dialect {
	case SQLite:
		return openSQLite(dsn, opt, cfg)
	case MySQL:
		return openMySQL(dsn, opt, cfg)
	}
	return nil, fmt.Errorf("unknown dialect %q", dialect)
}

func openSQLite(path string, opt Options, cfg *gorm.Config) (*DB, error) {
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
	}
	sync := opt.SQLiteSynchronous
	if sync == "" {
		sync = "FULL"
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous("+sync+")")
	q.Set("_time_format", "sqlite")
	// IMMEDIATE takes the write lock at BEGIN, so a transaction never fails half-way on upgrade.
	q.Set("_txlock", "immediate")
	dsn := "file:" + path + "?" + q.Encode()
	w, err := gorm.Open(sqlite.Open(dsn), cfg)
	if err != nil {
		return nil, fmt.Errorf("open sqlite writer: %w", err)
	}
	wsql, err := w.DB()
	if err != nil {
		return nil, err
	}
	wsql.SetMaxOpenConns(1)
	wsql.SetMaxIdleConns(1)
	wsql.SetConnMaxLifetime(0)

	q.Set("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "query_only(1)")
	r, err := gorm.Open(sqlite.Open("file:"+path+"?"+q.Encode()), cfg)
	if err != nil {
		_ = wsql.Close()
		return nil, fmt.Errorf("open sqlite reader: %w", err)
	}
	rsql, err := r.DB()
	if err != nil {
		return nil, err
	}
	n := opt.ReadConns
	if n <= 0 {
		n = 8
	}
	rsql.SetMaxOpenConns(n)
	rsql.SetMaxIdleConns(n)
	return &DB{Dialect: SQLite, write: w, read: r, sqliteDSN: dsn}, nil
}

func openMySQL(dsn string, opt Options, cfg *gorm.Config) (*DB, error) {
	mc, err := mysqldriver.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("parse mysql dsn: %w", err)
	}
	// Times are UTC on the wire and in the columns; text protocol (interpolateParams) halves
	// round trips and keeps Galera certification reliable (SCALE-OUT notes in docs/).
	mc.ParseTime = true
	mc.Loc = time.UTC
	mc.InterpolateParams = true
	if mc.Params == nil {
		mc.Params = map[string]string{}
	}
	mc.Params["time_zone"] = "'+00:00'"
	mc.Collation = "utf8mb4_unicode_ci"
	g, err := gorm.Open(mysql.Open(mc.FormatDSN()), cfg)
	if err != nil {
		return nil, fmt.Errorf("open mysql: %w", err)
	}
	sqlDB, err := g.DB()
	if err != nil {
		return nil, err
	}
	n := opt.ReadConns
	if n <= 0 {
		n = 32
	}
	sqlDB.SetMaxOpenConns(n)
	sqlDB.SetMaxIdleConns(n)
	sqlDB.SetConnMaxLifetime(30 * time.Minute)
	// READ COMMITTED: no gap locks, so racing inserts of distinct claims do not deadlock; the
	// invariants rest on UNIQUE keys, which every isolation level enforces.
	named := mc.Clone()
	named.Passwd = ""
	return &DB{Dialect: MySQL, write: g, read: g, txOptions: &sql.TxOptions{Isolation: sql.LevelReadCommitted},
		mysqlConfig: named}, nil
}

// Close closes both handles.
func (d *DB) Close() error {
	var errs []error
	for _, g := range d.handles() {
		if s, err := g.DB(); err == nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}

func (d *DB) handles() []*gorm.DB {
	if d.read == d.write {
		return []*gorm.DB{d.write}
	}
	return []*gorm.DB{d.write, d.read}
}

// SQLDBs returns the underlying pools (writer first), for health checks and metrics.
func (d *DB) SQLDBs() map[string]*sql.DB {
	out := map[string]*sql.DB{}
	if s, err := d.write.DB(); err == nil {
		out["write"] = s
	}
	if d.read != d.write {
		if s, err := d.read.DB(); err == nil {
			out["read"] = s
		}
	}
	return out
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	for _, s := range d.SQLDBs() {
		if err := s.PingContext(ctx); err != nil {
			return err
		}
	}
	return nil
}

type txKey struct{}

// W returns the handle for writes: the transaction carried by ctx, or the writer.
func (d *DB) W(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.write.WithContext(ctx)
}

// R returns the handle for reads: the transaction carried by ctx (so a transaction reads its own
// writes), or the read pool.
func (d *DB) R(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return d.read.WithContext(ctx)
}

// InTx reports whether ctx carries a transaction.
func InTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

// paramsPerInsert bounds the parameters of one multi-row INSERT: the SQLite driver matches each
// parameter to its argument by a linear search, so a statement costs the square of its
// parameters, and a few hundred rows of a wide table cost seconds.
const paramsPerInsert = 1000

// insertRows inserts rows (a slice of one model) through w (which may carry an ON CONFLICT
// clause) by INSERTs of at most paramsPerInsert parameters each.
func insertRows(w *gorm.DB, rows any) error {
	stmt := &gorm.Statement{DB: w}
	if err := stmt.Parse(rows); err != nil {
		return err
	}
	return w.CreateInBatches(rows, max(1, paramsPerInsert/len(stmt.Schema.DBNames))).Error
}

// ErrRetry asks Tx to run the whole transaction again: the work lost a race that a fresh attempt
// will see (for example a duplicate claim on a booked slot).
var ErrRetry = errors.New("transaction lost a race; retry")

// ErrBusy is returned when a transaction still loses after every retry.
var ErrBusy = errors.New("database busy: transaction retried too often")

const maxTxAttempts = 25

// Tx runs fn in a transaction carried by the context it is given. A nested call joins the outer
// transaction. The outermost call runs fn again, from the start, when the database reports a
// deadlock, a lock timeout, a cluster certification failure or SQLITE_BUSY, or when fn returns
// ErrRetry: after such an error the transaction is gone (Galera even drops the session back to
// autocommit), so nothing more may run on it.
func (d *DB) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	if InTx(ctx) {
		return fn(ctx)
	}
	var err error
	for attempt := range maxTxAttempts {
		err = d.write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			return fn(context.WithValue(ctx, txKey{}, tx))
		}, d.txOptions)
		if err == nil || !IsRetryable(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		backoff := time.Duration(1<<min(attempt, 6)) * time.Millisecond
		time.Sleep(backoff + rand.N(backoff))
	}
	return fmt.Errorf("%w: %w", ErrBusy, err)
}

// IsRetryable reports whether err means the whole transaction should be run again.
func IsRetryable(err error) bool {
	if errors.Is(err, ErrRetry) {
		return true
	}
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		switch me.Number {
		case 1213, // deadlock, and Galera certification failure
			1205, // lock wait timeout
			1047, // WSREP has not yet prepared node for application use
			1180: // got error during COMMIT (Galera)
			return true
		}
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}

// IsDuplicate reports whether err is a UNIQUE or PRIMARY KEY violation.
func IsDuplicate(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	var me *mysqldriver.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "PRIMARY KEY constraint failed")
}

// IsNotFound reports whether err is GORM's record-not-found.
func IsNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

func (d *DB) migrationProvider() (*goose.Provider, error) {
	wsql, err := d.write.DB()
	if err != nil {
		return nil, err
	}
	return newMigrationProvider(d.Dialect, wsql)
}

// newMigrationProvider runs the dialect's migrations on db.
func newMigrationProvider(dialectName string, db *sql.DB) (*goose.Provider, error) {
	sub, err := fs.Sub(migrations.FS, dialectName)
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if dialectName == MySQL {
		dialect = goose.DialectMySQL
		// Several server copies may start at once; one migrates, the others wait.
		locker, err := lock.NewMySQLTableLocker()
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithLocker(locker))
	}
	return goose.NewProvider(dialect, db, sub, opts...)
}

// Migrate applies every pending migration and returns how many ran.
func (d *DB) Migrate(ctx context.Context) (int, error) {
	p, err := d.migrationProvider()
	if err != nil {
		return 0, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("migrate: %w", err)
	}
	return len(res), nil
}

// PendingMigrations reports whether any migration has not been applied.
func (d *DB) PendingMigrations(ctx context.Context) (bool, error) {
	p, err := d.migrationProvider()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}
