package models_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// emptyDB opens a fresh, empty database of its own on the engine under test.
func emptyDB(t *testing.T) *models.DB {
	t.Helper()
	dialect, dsn, err := app.ParseDatabaseURL(apptest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(dialect, dsn, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// migratedDB opens a fresh database on the engine under test and migrates it.
func migratedDB(t *testing.T) *models.DB {
	t.Helper()
	db := emptyDB(t)
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBackup writes a backup of a migrated SQLite database, finds it checked and at the latest
// schema version, and refuses to write over it; on MySQL it refuses with the mysqldump command.
func TestBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := migratedDB(t)
	path := filepath.Join(t.TempDir(), "backup.db")
	info, err := db.Backup(ctx, path)
	if db.Dialect == models.MySQL {
		if !errors.Is(err, models.ErrBackupByDump) || !strings.Contains(err.Error(), "mysqldump --single-transaction --routines --triggers --hex-blob") {
			t.Fatalf("backup on MySQL: got %v, want ErrBackupByDump naming the mysqldump command", err)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("backup on MySQL: got a file at %s (%v), want none", path, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	want := latestVersion(t)
	if info.Path != path || info.Bytes == 0 || info.SchemaVersion != want {
		t.Fatalf("got %+v, want path %s, some bytes, schema version %d", info, path, want)
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() != info.Bytes || st.Mode().Perm() != 0o600 {
		t.Fatalf("got the file %v (%v), want %d bytes readable by the owner only", st, err, info.Bytes)
	}
	if _, err := db.Backup(ctx, path); !errors.Is(err, models.ErrBackupExists) {
		t.Fatalf("a second backup to the same file: got %v, want ErrBackupExists", err)
	}
	if st2, err := os.Stat(path); err != nil || st2.Size() != st.Size() || !st2.ModTime().Equal(st.ModTime()) {
		t.Fatalf("the refused backup changed the existing file (%v)", err)
	}
}

// TestVerifyBackup checks the files VerifyBackup refuses. Backups are SQLite files whatever the
// engine under test.
func TestVerifyBackup(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	db, err := models.Open(models.SQLite, filepath.Join(dir, "live.db"), models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	good := filepath.Join(dir, "good.db")
	if _, err := db.Backup(ctx, good); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	damaged := append([]byte(nil), data...)
	for i := 4096 + 100; i < 8*4096; i++ { // pages 2 to 8: the first tables' b-trees
		damaged[i] ^= 0x5a
	}
	files := map[string][]byte{
		"damaged.db":   damaged,
		"not-a-db.txt": []byte("SQLite format 2? no: a text file\n"),
		"empty.db":     nil,
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// An index whose definition no longer matches its rows: readable, but not intact.
	bad, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "bad-index.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"CREATE TABLE t (a, b)", "CREATE INDEX ia ON t (a)", "INSERT INTO t VALUES (1, 'z'), (2, 'y')",
		"PRAGMA writable_schema = ON", "UPDATE sqlite_master SET sql = 'CREATE INDEX ia ON t (b)' WHERE name = 'ia'"} {
		if _, err := bad.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := bad.Close(); err != nil {
		t.Fatal(err)
	}
	if info, err := models.VerifyBackup(ctx, good); err != nil || info.SchemaVersion != latestVersion(t) {
		t.Fatalf("the good backup: got %+v, %v; want it passed at the latest version", info, err)
	}
	for _, c := range []struct {
		name string
		want error // nil: any error
	}{
		{"bad-index.db", models.ErrBackupDamaged},
		{"damaged.db", nil},
		{"not-a-db.txt", nil},
		{"empty.db", nil},
		{"missing.db", os.ErrNotExist},
		{".", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			info, err := models.VerifyBackup(ctx, filepath.Join(dir, c.name))
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("got %+v, %v; want the file refused (%v)", info, err, c.want)
			}
		})
	}
}
