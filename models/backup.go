package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// BackupInfo describes a backup file: where it is, its size and the schema version it holds.
type BackupInfo struct {
	Path          string
	Bytes         int64
	SchemaVersion int64
}

// ErrBackupExists refuses to write a backup over an existing file.
var ErrBackupExists = errors.New("backup file already exists; name a new file")

// ErrBackupByDump refuses a backup by the server of a MySQL or MariaDB database: mysqldump takes
// a consistent copy there (docs/backup.md).
var ErrBackupByDump = errors.New("a MySQL/MariaDB database is backed up by mysqldump, not by the server")

// ErrBackupDamaged is returned for a backup that fails SQLite's integrity check.
var ErrBackupDamaged = errors.New("backup fails the integrity check")

// Backup writes a consistent copy of the SQLite database to a new file at path while the
// database is in use, checks it and describes it. VACUUM INTO copies one snapshot inside a read
// transaction, so writers go on meanwhile (WAL) and the copy holds exactly the transactions
// committed before it began. On MySQL it returns ErrBackupByDump with the mysqldump command.
func (d *DB) Backup(ctx context.Context, path string) (BackupInfo, error) {
	if d.Dialect != SQLite {
		return BackupInfo{}, fmt.Errorf("%w; run: %s", ErrBackupByDump, d.dumpCommand())
	}
	// Creating the file claims its name, so two backups cannot write one file; VACUUM INTO
	// takes an empty file.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		return BackupInfo{}, fmt.Errorf("%w: %s", ErrBackupExists, path)
	}
	if err != nil {
		return BackupInfo{}, fmt.Errorf("create the backup file: %w", err)
	}
	if err := f.Close(); err != nil {
		return BackupInfo{}, err
	}
	if err := d.vacuumInto(ctx, path); err != nil {
		return BackupInfo{}, errors.Join(fmt.Errorf("back up to %s: %w", path, err), os.Remove(path))
	}
	return VerifyBackup(ctx, path)
}

// vacuumInto copies the database into the empty file at path and flushes it to disk. The read
// pool is query_only, which refuses VACUUM even INTO another file, and the writer must stay
// free for writes, so the copy runs on a connection of its own.
func (d *DB) vacuumInto(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", d.sqliteDSN)
	if err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if err = errors.Join(err, conn.Close()); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// VerifyBackup opens an SQLite backup read-only, runs PRAGMA integrity_check on it and reads
// the schema version it holds (the last migration applied).
func VerifyBackup(ctx context.Context, path string) (BackupInfo, error) {
	st, err := os.Stat(path)
	if err != nil {
		return BackupInfo{}, err
	}
	if !st.Mode().IsRegular() {
		return BackupInfo{}, fmt.Errorf("%s is not a file", path)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return BackupInfo{}, fmt.Errorf("check %s: %w", path, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return BackupInfo{}, errors.Join(err, rows.Close())
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return BackupInfo{}, fmt.Errorf("check %s: %w", path, err)
	}
	if len(problems) > 0 {
		return BackupInfo{}, fmt.Errorf("%w: %s: %s", ErrBackupDamaged, path, strings.Join(problems[:min(len(problems), 5)], "; "))
	}
	var tables int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'goose_db_version'").Scan(&tables); err != nil {
		return BackupInfo{}, err
	}
	if tables == 0 {
		return BackupInfo{}, fmt.Errorf("%s holds no schema version: it is not this platform's database", path)
	}
	p, err := newMigrationProvider(SQLite, db)
	if err != nil {
		return BackupInfo{}, err
	}
	version, err := p.GetDBVersion(ctx)
	if err != nil {
		return BackupInfo{}, fmt.Errorf("read the schema version of %s: %w", path, err)
	}
	return BackupInfo{Path: path, Bytes: st.Size(), SchemaVersion: version}, nil
}

// dumpCommand is the mysqldump command line that backs up this MySQL database consistently
// (one transaction over InnoDB tables, binary columns in hex), asking for the password.
func (d *DB) dumpCommand() string {
	mc := d.mysqlConfig
	conn := "--socket=" + mc.Addr
	if mc.Net != "unix" {
		host, port, err := net.SplitHostPort(mc.Addr)
		if err != nil {
			host, port = mc.Addr, "3306"
		}
		conn = "--host=" + host + " --port=" + port
	}
	return fmt.Sprintf("mysqldump --single-transaction --routines --triggers --hex-blob %s --user=%s -p %s > %s.sql",
		conn, mc.User, mc.DBName, mc.DBName)
}
