package models

import "context"

// MigrateUpTo applies the migrations up to and including version, so a test can put rows in
// place before a migration that backfills them.
func (d *DB) MigrateUpTo(ctx context.Context, version int64) error {
	p, err := d.migrationProvider()
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
