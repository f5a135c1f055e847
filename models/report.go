package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// The rollups of the utilization reports (app/reports, docs/reports.md): per facility the
// local days as the calendar sees them, per resource and local day the figures of DESIGN.md
// section 6, who used each resource each day, and the resource-days a late change made stale.
// Days are local days of the facility's zone, written YYYY-MM-DD; figures are whole minutes.

// DayFormat is how a report's local day is written.
const DayFormat = "2006-01-02"

// ReportOpenDay is one local day of a facility's calendar (ResourceID 0), or of a resource
// whose own closures make its open minutes differ: its bounds in UTC as Unix seconds, the
// Monday of its ISO week and the minutes it is open.
type ReportOpenDay struct {
	FacilityID  int64  `gorm:"primaryKey;autoIncrement:false"`
	ResourceID  int64  `gorm:"primaryKey;autoIncrement:false"`
	Day         string `gorm:"primaryKey"`
	Week        string
	StartS      int64 `gorm:"column:start_s"`
	EndS        int64 `gorm:"column:end_s"`
	OpenMinutes int64
}

// TableName names the report_open_days table.
func (ReportOpenDay) TableName() string { return "report_open_days" }

// ReportFigures are the figures of a resource-day, and of any sum of them (a stored rollup, a
// period of a report), in (seat-)minutes; DESIGN.md section 6 and docs/reports.md define them.
type ReportFigures struct {
	AvailableMinutes     int64
	BookedMinutes        int64
	EffectiveMinutes     int64
	Bookings             int64
	NoShows              int64
	UniqueUsers          int64
	TeachingMinutes      int64
	ResearchMinutes      int64
	TrainingMinutes      int64
	SocialServiceMinutes int64
	InternalMinutes      int64
	MemberMinutes        int64
	ExternalMinutes      int64
	ServiceMinutes       int64
	// QuotaMinutes is the quota (定额机时) pro rata: its resources' quota_hours_year spread over
	// the local days of the year.
	QuotaMinutes int64
	// IncomeInternalFen and IncomeExternalFen are the charges that occurred on the day (fen), by
	// their income type.
	IncomeInternalFen int64
	IncomeExternalFen int64
	// H00 … H23 are the effective seat-minutes in each local hour.
	H00 int64
	H01 int64
	H02 int64
	H03 int64
	H04 int64
	H05 int64
	H06 int64
	H07 int64
	H08 int64
	H09 int64
	H10 int64
	H11 int64
	H12 int64
	H13 int64
	H14 int64
	H15 int64
	H16 int64
	H17 int64
	H18 int64
	H19 int64
	H20 int64
	H21 int64
	H22 int64
	H23 int64
}

// Hours lists the effective minutes per local hour, 0 to 23.
func (f ReportFigures) Hours() [24]int64 {
	return [24]int64{f.H00, f.H01, f.H02, f.H03, f.H04, f.H05, f.H06, f.H07, f.H08, f.H09, f.H10, f.H11,
		f.H12, f.H13, f.H14, f.H15, f.H16, f.H17, f.H18, f.H19, f.H20, f.H21, f.H22, f.H23}
}

// ReportResourceDay is the figures of one resource on one local day, in (seat-)minutes.
type ReportResourceDay struct {
	ResourceID int64  `gorm:"primaryKey;autoIncrement:false"`
	Day        string `gorm:"primaryKey"`
	Week       string
	FacilityID int64
	ReportFigures
	ComputedAt time.Time
}

// TableName names the report_resource_days table.
func (ReportResourceDay) TableName() string { return "report_resource_days" }

// ReportUserDay records that a user used a resource (effective minutes above 0) on a day.
type ReportUserDay struct {
	ResourceID int64  `gorm:"primaryKey;autoIncrement:false"`
	Day        string `gorm:"primaryKey"`
	UserID     int64  `gorm:"primaryKey;autoIncrement:false"`
}

// TableName names the report_user_days table.
func (ReportUserDay) TableName() string { return "report_user_days" }

// ReportDirtyDay is a computed resource-day that a later change of a booking made stale, or,
// with resource 0, a day a rollup began and has not finished.
type ReportDirtyDay struct {
	ResourceID int64  `gorm:"primaryKey;autoIncrement:false"`
	Day        string `gorm:"primaryKey"`
	MarkedAt   time.Time
}

// TableName names the report_dirty_days table.
func (ReportDirtyDay) TableName() string { return "report_dirty_days" }

// ReplaceOpenDays replaces the calendar days of a facility (and of its resources) in
// [from, to] by rows.
func (d *DB) ReplaceOpenDays(ctx context.Context, facilityID int64, from, to string, rows []ReportOpenDay) error {
	w := d.W(ctx)
	if err := w.Where("facility_id = ? AND day BETWEEN ? AND ?", facilityID, from, to).Delete(&ReportOpenDay{}).Error; err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return insertRows(w, rows)
}

// AllFacilities lists every facility, by id (the reports compute each one's calendar).
func (d *DB) AllFacilities(ctx context.Context) ([]Facility, error) {
	var out []Facility
	err := d.R(ctx).Order("id").Find(&out).Error
	return out, err
}

// ResourceDays lists the computed figures of the resource-days in [from, to], by resource and
// day (tests and tools compare them).
func (d *DB) ResourceDays(ctx context.Context, from, to string) ([]ReportResourceDay, error) {
	var out []ReportResourceDay
	err := d.R(ctx).Where("day BETWEEN ? AND ?", from, to).Order("resource_id, day").Find(&out).Error
	return out, err
}

// LastRolledDay is the latest day with computed figures, "" when there is none.
func (d *DB) LastRolledDay(ctx context.Context) (string, error) {
	var day *string
	err := d.R(ctx).Model(&ReportResourceDay{}).Select("MAX(day)").Scan(&day).Error
	if day == nil {
		return "", err
	}
	return *day, err
}

// DirtyDays lists the distinct days that have a stale resource-day, in order.
func (d *DB) DirtyDays(ctx context.Context) ([]string, error) {
	var out []string
	err := d.R(ctx).Model(&ReportDirtyDay{}).Distinct("day").Order("day").Pluck("day", &out).Error
	return out, err
}

// MarkDaysDirty marks whole days stale (resource 0) at the instant: a rollup marks its days
// before computing them.
func (d *DB) MarkDaysDirty(ctx context.Context, days []string, at time.Time) error {
	marks := make([]ReportDirtyDay, len(days))
	for i, day := range days {
		marks[i] = ReportDirtyDay{Day: day, MarkedAt: at.UTC()}
	}
	return d.W(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "resource_id"}, {Name: "day"}},
		DoUpdates: clause.AssignmentColumns([]string{"marked_at"}),
	}).CreateInBatches(&marks, 500).Error
}

// ClearDirtyDays deletes the marks in [from, to] made before the instant (a mark made while
// the days were being computed stays for the next run).
func (d *DB) ClearDirtyDays(ctx context.Context, from, to string, before time.Time) error {
	return d.W(ctx).Where("day BETWEEN ? AND ? AND marked_at <= ?", from, to, before.UTC()).Delete(&ReportDirtyDay{}).Error
}
