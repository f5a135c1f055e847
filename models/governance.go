package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// The bodies of a consortium's governance.
const (
	BodyCouncil     = "council"     // 理事会
	BodySecretariat = "secretariat" // 秘书处
	BodyPlatform    = "platform"    // 运营平台
)

// GovernanceSeat is one seat of a consortium's council, secretariat or operating platform: held
// by an organization, a person or a person for an organization, with a position and a term
// (TermEnd nil while it runs without an end).
type GovernanceSeat struct {
	ID             int64
	ConsortiumID   int64
	Body           string
	Position       string
	OrganizationID *int64
	PersonName     string
	Title          string // the person's post at their organization, e.g. 副校长
	TermStart      string // YYYY-MM-DD
	TermEnd        *string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// ConsortiumCharter is a consortium's charter (章程): its text and the day it was adopted.
type ConsortiumCharter struct {
	ConsortiumID int64 `gorm:"primaryKey;autoIncrement:false"`
	Body         string
	AdoptedOn    *string
	UpdatedBy    *int64
	UpdatedAt    time.Time
}

// ConsortiumGoal is a consortium's target for one league indicator in one year.
type ConsortiumGoal struct {
	ConsortiumID int64  `gorm:"primaryKey;autoIncrement:false"`
	Year         int    `gorm:"primaryKey;autoIncrement:false"`
	Indicator    string `gorm:"primaryKey"`
	Target       float64
	Note         string
	UpdatedAt    time.Time
}

// SeatRow is a seat with its organization's names.
type SeatRow struct {
	GovernanceSeat
	OrganizationName   *string
	OrganizationNameEn *string
}

// GovernanceSeats lists a consortium's seats by body, position and term, the current ones of a
// position before the past ones.
func (d *DB) GovernanceSeats(ctx context.Context, consortiumID int64) ([]SeatRow, error) {
	var out []SeatRow
	err := d.R(ctx).Table("governance_seats s").
		Select("s.*, o.name AS organization_name, o.name_en AS organization_name_en").
		Joins("LEFT JOIN organizations o ON o.id = s.organization_id").
		Where("s.consortium_id = ?", consortiumID).
		Order("s.body, s.position, s.term_start DESC, s.id").Scan(&out).Error
	return out, err
}

// GovernanceSeatByID loads one seat.
func (d *DB) GovernanceSeatByID(ctx context.Context, id int64) (GovernanceSeat, error) {
	return first[GovernanceSeat](d.R(ctx), id)
}

// DeleteGovernanceSeat deletes one seat.
func (d *DB) DeleteGovernanceSeat(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&GovernanceSeat{}, id).Error
}

// Charter loads a consortium's charter; ErrRecordNotFound when it has none yet.
func (d *DB) Charter(ctx context.Context, consortiumID int64) (ConsortiumCharter, error) {
	return first[ConsortiumCharter](d.R(ctx).Where("consortium_id = ?", consortiumID))
}

// SaveCharter writes a consortium's charter, replacing the one before.
func (d *DB) SaveCharter(ctx context.Context, c ConsortiumCharter) error {
	return d.W(ctx).Clauses(clause.OnConflict{UpdateAll: true}).Create(&c).Error
}

// ConsortiumGoals lists a consortium's goals of a year.
func (d *DB) ConsortiumGoals(ctx context.Context, consortiumID int64, year int) ([]ConsortiumGoal, error) {
	var out []ConsortiumGoal
	err := d.R(ctx).Where("consortium_id = ? AND year = ?", consortiumID, year).Order("indicator").Find(&out).Error
	return out, err
}

// GoalYears lists the years a consortium has goals for, the latest first.
func (d *DB) GoalYears(ctx context.Context, consortiumID int64) ([]int, error) {
	var out []int
	err := d.R(ctx).Model(&ConsortiumGoal{}).Where("consortium_id = ?", consortiumID).
		Distinct("year").Order("year DESC").Pluck("year", &out).Error
	return out, err
}

// ReplaceConsortiumGoals replaces a consortium's goals of a year by goals, in the caller's
// transaction.
func (d *DB) ReplaceConsortiumGoals(ctx context.Context, consortiumID int64, year int, goals []ConsortiumGoal) error {
	w := d.W(ctx)
	if err := w.Where("consortium_id = ? AND year = ?", consortiumID, year).Delete(&ConsortiumGoal{}).Error; err != nil {
		return err
	}
	if len(goals) == 0 {
		return nil
	}
	return w.Create(&goals).Error
}

// InsiderConsortia lists the consortia a user belongs to, by id: those their organization is a
// member of and those with a facility they manage.
func (d *DB) InsiderConsortia(ctx context.Context, userID int64, organizationID *int64) ([]ConsortiumRow, error) {
	org := int64(0)
	if organizationID != nil {
		org = *organizationID
	}
	var out []ConsortiumRow
	err := d.consortiumQuery(ctx).
		Where(`c.id IN (SELECT m.consortium_id FROM consortium_members m WHERE m.organization_id = ?)
			OR c.id IN (SELECT f.consortium_id FROM facility_managers fm JOIN facilities f ON f.id = fm.facility_id WHERE fm.user_id = ?)`,
			org, userID).Order("c.id").Scan(&out).Error
	return out, err
}
