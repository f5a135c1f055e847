package models

import (
	"context"
	"time"
)

// The league table of the consortia (赛马比拼, app/reports, docs/reports.md): versions of the
// weights of its indicators, and per track (a consortium's level), period and consortium the
// indicators, their normalised values, the score and the place.

// LeagueIndicators holds one number per indicator of the league: a weight, a value or a
// normalised value.
type LeagueIndicators struct {
	Utilization float64
	OpenShare   float64
	OnTime      float64
	Rating      float64
	Fill        float64
	Pass        float64
	SMEsServed  float64 `gorm:"column:smes_served"`
}

// LeagueWeights is one version of the league's weights and formula; a version is never
// changed, a change is a new version.
type LeagueWeights struct {
	Version int64 `gorm:"primaryKey"`
	Formula int
	LeagueIndicators
	Note      string
	CreatedBy *int64
	CreatedAt time.Time
}

// TableName names the league_weights table.
func (LeagueWeights) TableName() string { return "league_weights" }

// LeagueResult is a consortium's row of the league table of a track and period: its
// indicators, their normalised values (0 … 1), the score (0 … 100), its place and its place
// in the period before (nil when it was not ranked in the track then), and the weights
// version the score used.
type LeagueResult struct {
	Track        string `gorm:"primaryKey"`
	PeriodKind   string `gorm:"primaryKey"`
	PeriodStart  string `gorm:"primaryKey"`
	ConsortiumID int64  `gorm:"primaryKey;autoIncrement:false"`
	LeagueIndicators
	Normalised     LeagueIndicators `gorm:"embedded;embeddedPrefix:n_"`
	Score          float64
	Place          int64
	PrevPlace      *int64
	WeightsVersion int64
	ComputedAt     time.Time
}

// TableName names the league_results table.
func (LeagueResult) TableName() string { return "league_results" }

// LeagueInput is a consortium's stored rollup of a period with the track it competes in.
type LeagueInput struct {
	ReportRollup
	Track string
}

// LeagueInputs lists the consortium rollups of a period (kind month or year, from its first
// day) with each consortium's track, by consortium.
func (d *DB) LeagueInputs(ctx context.Context, kind, start string) ([]LeagueInput, error) {
	var out []LeagueInput
	err := d.R(ctx).Table("report_rollups r").Select("r.*, c.level AS track").
		Joins("JOIN consortia c ON c.id = r.scope_id").
		Where("r.scope = ? AND r.period_kind = ? AND r.period_start = ?", RollupConsortium, kind, start).
		Order("r.scope_id").Scan(&out).Error
	return out, err
}

// LatestLeagueWeights is the version of the weights that applies to new computations.
func (d *DB) LatestLeagueWeights(ctx context.Context) (LeagueWeights, error) {
	return first[LeagueWeights](d.R(ctx).Order("version DESC"))
}

// LeagueWeightsVersion loads one version of the weights.
func (d *DB) LeagueWeightsVersion(ctx context.Context, version int64) (LeagueWeights, error) {
	return first[LeagueWeights](d.R(ctx).Where("version = ?", version))
}

// LeagueWeightsHistory lists every version of the weights, the latest first.
func (d *DB) LeagueWeightsHistory(ctx context.Context) ([]LeagueWeights, error) {
	var out []LeagueWeights
	err := d.R(ctx).Order("version DESC").Find(&out).Error
	return out, err
}

// LeagueResults lists the stored league rows of a period (every track), by track and place.
func (d *DB) LeagueResults(ctx context.Context, kind, start string) ([]LeagueResult, error) {
	var out []LeagueResult
	err := d.R(ctx).Where("period_kind = ? AND period_start = ?", kind, start).
		Order("track, place, consortium_id").Find(&out).Error
	return out, err
}

// ReplaceLeagueResults replaces the stored league rows of a period (every track) by rows, in
// the caller's transaction: a consortium no longer in the period's rollups, or in another
// track now, leaves no row behind.
func (d *DB) ReplaceLeagueResults(ctx context.Context, kind, start string, rows []LeagueResult) error {
	w := d.W(ctx)
	if err := w.Where("period_kind = ? AND period_start = ?", kind, start).Delete(&LeagueResult{}).Error; err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	return insertRows(w, rows)
}

// SetLeaguePrevPlace records a consortium's place in the period before, in a track and period.
func (d *DB) SetLeaguePrevPlace(ctx context.Context, r LeagueResult, prev *int64) error {
	return d.W(ctx).Model(&LeagueResult{}).Where("track = ? AND period_kind = ? AND period_start = ? AND consortium_id = ?",
		r.Track, r.PeriodKind, r.PeriodStart, r.ConsortiumID).Update("prev_place", prev).Error
}

// LeaguePeriods lists the periods of a kind that have a stored league table, the latest first.
func (d *DB) LeaguePeriods(ctx context.Context, kind string) ([]string, error) {
	var out []string
	err := d.R(ctx).Model(&LeagueResult{}).Where("period_kind = ?", kind).Distinct("period_start").
		Order("period_start DESC").Pluck("period_start", &out).Error
	return out, err
}

// LeagueRow is a stored league row with its consortium's names and headline figures, from
// the consortium's rollup of the same period.
type LeagueRow struct {
	LeagueResult
	Name              string
	NameEn            string
	Resources         int64
	EffectiveMinutes  int64
	RequestsDelivered int64
	PeopleTrained     int64
}

// LeagueTable lists the stored league rows of a period, of one track ("" for every track),
// by track and place, with the consortia's names and headline figures.
func (d *DB) LeagueTable(ctx context.Context, kind, start, track string) ([]LeagueRow, error) {
	q := d.R(ctx).Table("league_results l").
		Select("l.*, c.name, c.name_en, COALESCE(r.resources, 0) AS resources, "+
			"COALESCE(r.effective_minutes, 0) AS effective_minutes, COALESCE(r.requests_delivered, 0) AS requests_delivered, "+
			"COALESCE(r.people_trained, 0) AS people_trained").
		Joins("JOIN consortia c ON c.id = l.consortium_id").
		Joins("LEFT JOIN report_rollups r ON r.scope = ? AND r.scope_id = l.consortium_id "+
			"AND r.period_kind = l.period_kind AND r.period_start = l.period_start", RollupConsortium).
		Where("l.period_kind = ? AND l.period_start = ?", kind, start)
	if track != "" {
		q = q.Where("l.track = ?", track)
	}
	var out []LeagueRow
	err := q.Order("l.track, l.place, c.name").Scan(&out).Error
	return out, err
}
