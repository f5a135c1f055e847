package models_test

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"cqshare/app/apptest"
	"cqshare/migrations"
	"cqshare/models"
)

// migrationVersions lists the versions of the engine's migration files, in order.
func migrationVersions(t *testing.T, dialect string) []int64 {
	t.Helper()
	names, err := fs.Glob(migrations.FS, dialect+"/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, name := range names {
		v, err := goose.NumericComponent(path.Base(name))
		if err != nil {
			t.Fatalf("migration %s: %v", name, err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// latestVersion is the version of the last migration.
func latestVersion(t *testing.T) int64 {
	t.Helper()
	vs := migrationVersions(t, apptest.Engine())
	return vs[len(vs)-1]
}

// TestMigrationsFromEveryVersion upgrades a database left at each earlier version to the latest
// and finds the schema the same as a database migrated straight to the latest: an installation
// upgraded from any release ends where a new one starts. One database per version, in parallel.
func TestMigrationsFromEveryVersion(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	start := time.Now()
	versions := migrationVersions(t, apptest.Engine())
	if other := migrationVersions(t, map[string]string{"sqlite": "mysql", "mysql": "sqlite"}[apptest.Engine()]); !slices.Equal(versions, other) {
		t.Fatalf("got migration versions %v on %s and %v on the other engine, want the same", versions, apptest.Engine(), other)
	}
	want := schemaOf(t, migratedDB(t))
	if latest := fmt.Sprintf("applied %d", versions[len(versions)-1]); !slices.Contains(want, latest) {
		t.Fatalf("the database migrated straight to the latest has no line %q: %v", latest, want)
	}
	t.Run("versions", func(t *testing.T) {
		for _, v := range versions[:len(versions)-1] {
			t.Run(fmt.Sprint(v), func(t *testing.T) {
				t.Parallel()
				db := emptyDB(t)
				if err := db.MigrateUpTo(ctx, v); err != nil {
					t.Fatalf("migrate up to %d: %v", v, err)
				}
				n, err := db.Migrate(ctx)
				if err != nil {
					t.Fatalf("migrate from %d to the latest: %v", v, err)
				}
				if wantN := len(versions) - 1 - slices.Index(versions, v); n != wantN {
					t.Errorf("from %d: got %d migrations applied, want %d", v, n, wantN)
				}
				got := schemaOf(t, db)
				for i := range max(len(got), len(want)) {
					g, w := at(got, i), at(want, i)
					if g != w {
						t.Fatalf("upgraded from %d: schema line %d: got %q, want %q (a database migrated straight to the latest)", v, i, g, w)
					}
				}
			})
		}
	})
	t.Logf("%d upgrade paths on %s in %s", len(versions)-1, apptest.Engine(), time.Since(start).Round(time.Millisecond))
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(none)"
}

// schemaOf describes a database's schema as sorted lines: on SQLite every table, index and
// trigger with its SQL; on MySQL every table, column, index and foreign key as
// information_schema lists it; on both, the versions goose recorded as applied.
func schemaOf(t *testing.T, db *models.DB) []string {
	t.Helper()
	queries := []string{
		"SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
	}
	if db.Dialect == models.MySQL {
		queries = []string{
			"SELECT CONCAT_WS(' ', 'table', table_name, table_type, engine, table_collation) FROM information_schema.tables WHERE table_schema = DATABASE()",
			"SELECT CONCAT_WS(' ', 'column', table_name, ordinal_position, column_name, column_type, is_nullable, " +
				"COALESCE(column_default, 'NULL'), extra, COALESCE(collation_name, '-')) FROM information_schema.columns WHERE table_schema = DATABASE()",
			"SELECT CONCAT_WS(' ', 'index', table_name, index_name, seq_in_index, column_name, non_unique, COALESCE(sub_part, '-')) " +
				"FROM information_schema.statistics WHERE table_schema = DATABASE()",
			"SELECT CONCAT_WS(' ', 'foreign key', k.table_name, k.constraint_name, k.column_name, k.referenced_table_name, k.referenced_column_name, " +
				"r.update_rule, r.delete_rule) FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r " +
				"ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name " +
				"WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL",
		}
	}
	queries = append(queries, "SELECT CONCAT('applied ', version_id) FROM goose_db_version WHERE is_applied")
	var lines []string
	for _, q := range queries {
		var got []string
		if err := db.R(context.Background()).Raw(q).Scan(&got).Error; err != nil {
			t.Fatalf("read the schema: %v\n%s", err, q)
		}
		lines = append(lines, got...)
	}
	slices.Sort(lines)
	return lines
}
