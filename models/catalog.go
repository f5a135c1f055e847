package models

import "time"

// Consortium levels: the tracks of the league table.
const (
	LevelNational      = "national"
	LevelMunicipal     = "municipal"
	LevelParkLed       = "park_led"
	LevelEnterpriseLed = "enterprise_led"
	LevelSchoolLed     = "school_led"
)

// Levels lists every consortium level.
var Levels = []string{LevelNational, LevelMunicipal, LevelParkLed, LevelEnterpriseLed, LevelSchoolLed}

// Facility kinds.
const (
	KindPracticeCenter = "practice_center"
	KindTechPlatform   = "tech_platform"
	KindTrainingBase   = "training_base"
)

// FacilityKinds lists every facility kind.
var FacilityKinds = []string{KindPracticeCenter, KindTechPlatform, KindTrainingBase}

// Organization kinds.
var OrganizationKinds = []string{"school", "enterprise", "park", "institute"}

// Resource statuses.
const (
	ResourceAvailable   = "available"
	ResourceMaintenance = "maintenance"
	ResourceRetired     = "retired"
)

// IndustryCluster is one cluster of Chongqing's 33618 industrial system.
type IndustryCluster struct {
	ID        int64
	Code      string
	Name      string
	NameEn    string
	Tier      string
	SortOrder int
}

// Organization is a school, enterprise, industrial park or institute.
type Organization struct {
	ID         int64
	Name       string
	NameEn     string
	Kind       string
	CreditCode *string // 统一社会信用代码, enterprises only
	IsSME      bool    `gorm:"column:is_sme"`
	// VerifiedAt is when an administrator checked the credit code against the business licence;
	// only members of a verified organization may request services.
	VerifiedAt *time.Time
	VerifiedBy *int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// Consortium is an industry-education consortium (产教联合体).
type Consortium struct {
	ID                 int64
	Name               string
	NameEn             string
	Level              string
	LeadOrganizationID *int64
	Description        string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// TableName names the consortia table.
func (Consortium) TableName() string { return "consortia" }

// ConsortiumMember links an organization to a consortium as lead or member.
type ConsortiumMember struct {
	ConsortiumID   int64 `gorm:"primaryKey;autoIncrement:false"`
	OrganizationID int64 `gorm:"primaryKey;autoIncrement:false"`
	Role           string
}

// ConsortiumCluster links a consortium to an industry cluster it serves.
type ConsortiumCluster struct {
	ConsortiumID int64 `gorm:"primaryKey;autoIncrement:false"`
	ClusterID    int64 `gorm:"primaryKey;autoIncrement:false"`
}

// OpeningInterval is one opening period of a weekday, in the facility's local time ("08:00").
type OpeningInterval struct {
	Weekday int    `json:"weekday"` // 0 = Sunday … 6 = Saturday
	Start   string `json:"start"`
	End     string `json:"end"`
}

// Rules are the booking rules of a resource; a facility holds the defaults for new resources.
type Rules struct {
	SlotMinutes           int    `json:"slot_minutes"`
	MinMinutes            int    `json:"min_minutes"`
	MaxMinutes            int    `json:"max_minutes"`
	MaxAdvanceDays        int    `json:"max_advance_days"`
	MinLeadMinutes        int    `json:"min_lead_minutes"`
	BufferMinutes         int    `json:"buffer_minutes"`
	WeeklyQuotaMinutes    int    `json:"weekly_quota_minutes"` // 0 = no quota
	RequiresApproval      bool   `json:"requires_approval"`
	QualificationID       *int64 `json:"qualification_id"`
	CancelDeadlineMinutes int    `json:"cancel_deadline_minutes"`
	CheckinGraceMinutes   int    `json:"checkin_grace_minutes"`
	RateInternalFen       int64  `json:"rate_internal_fen"`
	RateExternalFen       int64  `json:"rate_external_fen"`
}

// DefaultRules are the rules a facility starts with.
func DefaultRules() Rules {
	return Rules{
		SlotMinutes: 30, MinMinutes: 30, MaxMinutes: 240, MaxAdvanceDays: 14, MinLeadMinutes: 0,
		BufferMinutes: 0, CancelDeadlineMinutes: 120, CheckinGraceMinutes: 15,
	}
}

// DefaultSeriesHorizonDays is how far ahead of the day of booking the later occurrences of a
// weekly series may reach at a facility that sets nothing else: about a term.
const DefaultSeriesHorizonDays = 120

// Facility is a practice center, technical service platform or training base.
type Facility struct {
	ID           int64
	ConsortiumID int64
	Kind         string
	Name         string
	NameEn       string
	District     string
	Address      string
	TimeZone     string
	OpeningHours JSONColumn[[]OpeningInterval]
	DefaultRules JSONColumn[Rules]
	Description  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
	// SeriesHorizonDays bounds the later occurrences of a weekly series (DefaultSeriesHorizonDays
	// when left zero on insert).
	SeriesHorizonDays int `gorm:"default:120"`
	// Version counts the changes of the facility and of its blackouts (CatalogStamp).
	Version int64
}

func (*Facility) versioned() {}

// TableName names the facilities table.
func (Facility) TableName() string { return "facilities" }

// FacilityManager gives a manager authority over a facility.
type FacilityManager struct {
	FacilityID int64 `gorm:"primaryKey;autoIncrement:false"`
	UserID     int64 `gorm:"primaryKey;autoIncrement:false"`
}

// Resource is a bookable piece of equipment, workstation pool or room.
type Resource struct {
	ID             int64
	FacilityID     int64
	Name           string
	NameEn         string
	Category       string
	ClusterID      *int64
	Model          string
	AssetNo        string
	Capacity       int
	Status         string
	Description    string
	Rules          `gorm:"embedded"`
	QuotaHoursYear int // 定额机时
	CreatedAt      time.Time
	UpdatedAt      time.Time
	// Version counts the changes of the resource (CatalogStamp).
	Version int64
}

func (*Resource) versioned() {}

// Blackout kinds: a closure, or a make-up working day (调休) that opens a normally closed day.
const (
	BlackoutClosure = "closure"
	BlackoutMakeup  = "makeup_workday"
)

// Blackout is a closed interval of a resource or a whole facility (ResourceID nil).
type Blackout struct {
	ID         int64
	FacilityID int64
	ResourceID *int64
	Kind       string
	StartAt    time.Time
	EndAt      time.Time
	Reason     string
	CreatedBy  *int64
	CreatedAt  time.Time
}

// Qualification is a certificate that some equipment requires before it can be booked. The
// facility that issues it (OwnerFacilityID) grants and revokes it; nil is a city-wide one,
// which only admins grant.
type Qualification struct {
	ID          int64
	Code        string
	Name        string
	NameEn      string
	ValidMonths int
	// OwnerFacilityID is the facility that issues it; nil for a city-wide one.
	OwnerFacilityID *int64
}

// UserQualification is a qualification held by a user, until ExpiresAt when set.
type UserQualification struct {
	ID              int64
	UserID          int64
	QualificationID int64
	GrantedAt       time.Time
	ExpiresAt       *time.Time
	GrantedBy       *int64
	Source          string
	// EnrollmentID is the passed enrolment that granted it (Source course).
	EnrollmentID *int64
	// WarnedMonthAt and WarnedWeekAt are when the holder was warned of the expiry, 30 and 7 days
	// before it.
	WarnedMonthAt *time.Time
	WarnedWeekAt  *time.Time
}

// AuditLog records a write made by a manager or admin.
type AuditLog struct {
	ID         int64
	ActorID    *int64
	Action     string
	ObjectType string
	ObjectID   int64
	Detail     string
	CreatedAt  time.Time
}
