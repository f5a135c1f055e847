package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Import kinds.
const (
	ImportResources = "resources"
	ImportUsers     = "users"
	ImportHolidays  = "holidays"
)

// ImportRun is one checked bulk import: the file (by its SHA-256) someone checked, for a
// facility (resources; holidays, nil for every facility they manage) or an organization (users,
// the default of rows that name none), its counts, and when it was applied (once).
type ImportRun struct {
	ID             int64
	Kind           string
	ActorID        *int64
	FacilityID     *int64
	OrganizationID *int64
	FileName       string
	FileSHA256     string `gorm:"column:file_sha256"`
	RowsTotal      int
	RowsBad        int
	Created        int
	Updated        int
	Unchanged      int
	Skipped        int
	CheckedAt      time.Time
	AppliedAt      *time.Time
}

// ImportRunByID loads an import run.
func (d *DB) ImportRunByID(ctx context.Context, id int64) (ImportRun, error) {
	return first[ImportRun](d.R(ctx), id)
}

// MarkImportApplied records the outcome of applying the run and reports whether this call did:
// false when it was applied already, so a second apply writes nothing.
func (d *DB) MarkImportApplied(ctx context.Context, r ImportRun, at time.Time) (bool, error) {
	res := d.W(ctx).Model(&ImportRun{}).Where("id = ? AND applied_at IS NULL", r.ID).Updates(map[string]any{
		"applied_at": at, "rows_total": r.RowsTotal, "rows_bad": r.RowsBad, "created": r.Created,
		"updated": r.Updated, "unchanged": r.Unchanged, "skipped": r.Skipped})
	return res.RowsAffected == 1, res.Error
}

// ResourcesByAssetNo are the resources of a facility with the asset numbers, by asset number
// (the first by id where two share one).
func (d *DB) ResourcesByAssetNo(ctx context.Context, facilityID int64, assetNos []string) (map[string]Resource, error) {
	out := map[string]Resource{}
	for start := 0; start < len(assetNos); start += 500 {
		var rows []Resource
		err := d.R(ctx).Where("facility_id = ? AND asset_no IN ?", facilityID, assetNos[start:min(start+500, len(assetNos))]).
			Order("id").Find(&rows).Error
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if _, ok := out[r.AssetNo]; !ok {
				out[r.AssetNo] = r
			}
		}
	}
	return out, nil
}

// FacilityBlackoutExists reports whether the facility has a facility-wide blackout of the kind
// over exactly the interval.
func (d *DB) FacilityBlackoutExists(ctx context.Context, facilityID int64, kind string, start, end time.Time) (bool, error) {
	var n int64
	err := d.R(ctx).Model(&Blackout{}).Where("facility_id = ? AND resource_id IS NULL AND kind = ? AND start_at = ? AND end_at = ?",
		facilityID, kind, start.UTC(), end.UTC()).Count(&n).Error
	return n > 0, err
}

// OrganizationsByName are the organizations with one of the names, by name.
func (d *DB) OrganizationsByName(ctx context.Context, names []string) (map[string]Organization, error) {
	out := map[string]Organization{}
	if len(names) == 0 {
		return out, nil
	}
	var rows []Organization
	if err := d.R(ctx).Where("name IN ?", names).Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, o := range rows {
		if _, ok := out[o.Name]; !ok {
			out[o.Name] = o
		}
	}
	return out, nil
}

// Savepoint runs fn inside a savepoint of the transaction of ctx and rolls back to it when fn
// fails, so one row of an import that fails leaves nothing of itself while the others stay.
func (d *DB) Savepoint(ctx context.Context, name string, fn func() error) error {
	tx, ok := ctx.Value(txKey{}).(*gorm.DB)
	if !ok {
		return fn()
	}
	if err := tx.SavePoint(name).Error; err != nil {
		return err
	}
	if err := fn(); err != nil {
		if rerr := tx.RollbackTo(name).Error; rerr != nil {
			return rerr
		}
		return err
	}
	return nil
}
