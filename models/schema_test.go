package models_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestModelsMatchMigratedSchema migrates an empty database on the engine under test and checks
// that every column of every GORM model exists, and that every table has a model.
func TestModelsMatchMigratedSchema(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dialect, dsn, err := app.ParseDatabaseURL(apptest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(dialect, dsn, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	n, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("migrate an empty %s database: %v", dialect, err)
	}
	if n == 0 {
		t.Fatal("migrate applied no migration to an empty database")
	}
	if pending, err := db.PendingMigrations(ctx); err != nil || pending {
		t.Fatalf("after migrating: pending=%v err=%v, want none", pending, err)
	}

	g := db.W(ctx)
	cache := &sync.Map{}
	modelTables := map[string]bool{}
	for _, m := range models.All() {
		stmt, err := schema.Parse(m, cache, g.NamingStrategy)
		if err != nil {
			t.Fatalf("parse %T: %v", m, err)
		}
		modelTables[stmt.Table] = true
		t.Run(stmt.Table, func(t *testing.T) {
			if !g.Migrator().HasTable(stmt.Table) {
				t.Fatalf("table %s of %T is missing", stmt.Table, m)
			}
			cols, err := g.Session(&gorm.Session{NewDB: true}).Migrator().ColumnTypes(m)
			if err != nil {
				t.Fatal(err)
			}
			var have []string
			for _, c := range cols {
				have = append(have, c.Name())
			}
			for _, f := range stmt.Fields {
				if f.DBName != "" && !slices.Contains(have, f.DBName) {
					t.Errorf("column %s.%s of %T.%s is missing (have %v)", stmt.Table, f.DBName, m, f.Name, have)
				}
			}
		})
	}
	tables, err := g.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, table := range tables {
		if table == "goose_db_version" || table == "goose_lock" || table == "sqlite_sequence" {
			continue
		}
		if !modelTables[table] {
			t.Errorf("table %s has no model in models.All()", table)
		}
	}
}
