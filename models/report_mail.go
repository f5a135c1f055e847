package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// ReportMailing records that a user was sent the report of a scope for the period starting on
// a day.
type ReportMailing struct {
	PeriodStart string `gorm:"primaryKey"`
	Scope       string `gorm:"primaryKey"`
	ScopeID     int64  `gorm:"primaryKey;autoIncrement:false"`
	UserID      int64  `gorm:"primaryKey;autoIncrement:false"`
	CreatedAt   time.Time
}

// ClaimReportMailing records a mailing unless it exists; it reports whether it was new, so
// that a report is sent once however often (and on however many server copies) its job runs.
func (d *DB) ClaimReportMailing(ctx context.Context, m ReportMailing) (bool, error) {
	res := d.W(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&m)
	return res.RowsAffected == 1, res.Error
}

// ActiveAdminIDs lists the active administrators, by id.
func (d *DB) ActiveAdminIDs(ctx context.Context) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&User{}).Where("role = ? AND active = ?", RoleAdmin, true).Order("id").Pluck("id", &ids).Error
	return ids, err
}
