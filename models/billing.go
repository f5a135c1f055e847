package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ChargeKind is what a charge is for.
type ChargeKind string

// Charge kinds: the source_id of a booking, an enrollment or a service charge is the booking,
// the enrolment or the service request; an adjustment has none.
const (
	ChargeBooking    ChargeKind = "booking"
	ChargeEnrollment ChargeKind = "enrollment"
	ChargeService    ChargeKind = "service"
	ChargeAdjustment ChargeKind = "adjustment"
)

// Units of a charge's quantity.
const (
	// UnitSeatMinute is a booking's effective minutes times its seats; its unit_fen is the rate
	// of one seat-hour.
	UnitSeatMinute = "seat_minute"
	// UnitSeat is a seat of a course session.
	UnitSeat = "seat"
	// UnitItem is a service request or an adjustment.
	UnitItem = "item"
)

// Charge is one chargeable thing, priced once: a completed booking, a seat of an ended course
// session, a closed service request, or an adjustment a manager made. Money is in fen.
type Charge struct {
	ID             int64
	Kind           ChargeKind
	SourceID       *int64
	FacilityID     int64
	OrganizationID *int64 // the payer's organization; nil for a person without one
	UserID         *int64
	PriceType      PriceType
	IncomeType     string // IncomeInternal or IncomeExternal
	Quantity       int64
	Unit           string
	UnitFen        int64
	AmountFen      int64
	Description    string
	DescriptionEn  string
	OccurredAt     time.Time
	Period         string // the local month YYYY-MM of OccurredAt in the facility's zone
	// The statements it was billed on; nil until then.
	FacilityStatementID     *int64
	OrganizationStatementID *int64
	Reason                  string // adjustments
	CreatedBy               *int64
	CorrectsChargeID        *int64
	CreatedAt               time.Time
}

// Statement scopes.
const (
	ScopeFacility     = "facility"
	ScopeOrganization = "organization"
)

// Statement statuses: a draft exists only inside the transaction that issues it.
const (
	StatementDraft  = "draft"
	StatementIssued = "issued"
)

// BillingStatement is one month of one facility's (the provider's) or one organization's (the
// payer's) charges, immutable once issued.
type BillingStatement struct {
	ID          int64
	Scope       string
	SubjectID   int64
	Period      string
	Status      string
	LineCount   int
	TotalFen    int64
	InternalFen int64
	ExternalFen int64
	IssuedAt    time.Time
}

// StatementView is a statement with its subject's name and time zone (a facility's; an
// organization's statement reads in the default zone).
type StatementView struct {
	BillingStatement
	SubjectName   string
	SubjectNameEn string
	TimeZone      string
}

// ChargeView is a charge with the names a statement line shows.
type ChargeView struct {
	Charge
	FacilityName       string
	FacilityNameEn     string
	FacilityTimeZone   string
	OrganizationName   *string
	OrganizationNameEn *string
	UserName           *string
}

// StatementQuery selects statements. FacilityIDs and OrganizationIDs, when not nil, restrict the
// subjects of that scope (an empty slice: none of that scope); zero fields do not filter.
type StatementQuery struct {
	Scope           string
	SubjectID       int64
	Period          string
	FacilityIDs     []int64
	OrganizationIDs []int64
}

// ListStatements is one page of issued statements, newest period first.
func (d *DB) ListStatements(ctx context.Context, q StatementQuery, limit, offset int) ([]StatementView, int64, error) {
	base := func() *gorm.DB {
		g := d.R(ctx).Table("billing_statements s").Where("s.status = ?", StatementIssued)
		if q.Scope != "" {
			g = g.Where("s.scope = ?", q.Scope)
		}
		if q.SubjectID != 0 {
			g = g.Where("s.subject_id = ?", q.SubjectID)
		}
		if q.Period != "" {
			g = g.Where("s.period = ?", q.Period)
		}
		if q.FacilityIDs != nil || q.OrganizationIDs != nil {
			g = g.Where(d.R(ctx).Where("s.scope = ? AND s.subject_id IN ?", ScopeFacility, orNone(q.FacilityIDs)).
				Or("s.scope = ? AND s.subject_id IN ?", ScopeOrganization, orNone(q.OrganizationIDs)))
		}
		return g
	}
	return page[StatementView](base(), statementViews(base()).Order("s.period DESC, s.scope, s.subject_id"), limit, offset)
}

// orNone is ids, or a list no row matches when it is empty (IN () is not SQL).
func orNone(ids []int64) []int64 {
	if len(ids) == 0 {
		return []int64{0}
	}
	return ids
}

// StatementByID loads an issued statement with its subject's name.
func (d *DB) StatementByID(ctx context.Context, id int64) (StatementView, error) {
	var v StatementView
	err := statementViews(d.R(ctx).Table("billing_statements s").Where("s.id = ? AND s.status = ?", id, StatementIssued)).
		Take(&v).Error
	return v, err
}

func statementViews(g *gorm.DB) *gorm.DB {
	return g.Select("s.*, COALESCE(f.name, o.name, '') AS subject_name, COALESCE(f.name_en, o.name_en, '') AS subject_name_en, " +
		"COALESCE(f.time_zone, '') AS time_zone").
		Joins("LEFT JOIN facilities f ON s.scope = 'facility' AND f.id = s.subject_id").
		Joins("LEFT JOIN organizations o ON s.scope = 'organization' AND o.id = s.subject_id")
}

// StatementLines lists the charges billed on a statement, in the order they occurred.
func (d *DB) StatementLines(ctx context.Context, st BillingStatement) ([]ChargeView, error) {
	col := "c.facility_statement_id"
	if st.Scope == ScopeOrganization {
		col = "c.organization_statement_id"
	}
	var out []ChargeView
	err := chargeViews(d.R(ctx)).Where(col+" = ?", st.ID).Order("c.occurred_at, c.id").Find(&out).Error
	return out, err
}

// ChargeQuery selects charges. FacilityIDs and OrganizationIDs, when not nil, restrict the
// charges to those facilities or those payers; Unbilled keeps the charges not yet on a
// statement of UnbilledScope.
type ChargeQuery struct {
	FacilityIDs     []int64
	OrganizationIDs []int64
	Period          string
	Unbilled        bool
	UnbilledScope   string
}

// ListCharges is one page of charges, newest first. Zero-amount charges are left out: they are
// never billed (docs/billing.md).
func (d *DB) ListCharges(ctx context.Context, q ChargeQuery, limit, offset int) ([]ChargeView, int64, error) {
	filter := func(g *gorm.DB) *gorm.DB {
		g = g.Where("c.amount_fen <> 0")
		if q.FacilityIDs != nil {
			g = g.Where("c.facility_id IN ?", orNone(q.FacilityIDs))
		}
		if q.OrganizationIDs != nil {
			g = g.Where("c.organization_id IN ?", orNone(q.OrganizationIDs))
		}
		if q.Period != "" {
			g = g.Where("c.period = ?", q.Period)
		}
		if q.Unbilled && q.UnbilledScope == ScopeOrganization {
			g = g.Where("c.organization_statement_id IS NULL")
		} else if q.Unbilled {
			g = g.Where("c.facility_statement_id IS NULL")
		}
		return g
	}
	return page[ChargeView](filter(d.R(ctx).Table("charges c")), filter(chargeViews(d.R(ctx))).Order("c.occurred_at DESC, c.id DESC"),
		limit, offset)
}

// ChargeByID loads a charge.
func (d *DB) ChargeByID(ctx context.Context, id int64) (Charge, error) {
	return first[Charge](d.R(ctx), id)
}

// ChargeViewByID loads a charge with its names.
func (d *DB) ChargeViewByID(ctx context.Context, id int64) (ChargeView, error) {
	var v ChargeView
	err := chargeViews(d.R(ctx)).Where("c.id = ?", id).Take(&v).Error
	return v, err
}

// InsertCharge writes an adjustment charge.
func (d *DB) InsertCharge(ctx context.Context, c *Charge) error {
	return d.W(ctx).Create(c).Error
}

func chargeViews(g *gorm.DB) *gorm.DB {
	return g.Table("charges c").
		Select("c.*, f.name AS facility_name, f.name_en AS facility_name_en, f.time_zone AS facility_time_zone, " +
			"o.name AS organization_name, o.name_en AS organization_name_en, u.name AS user_name").
		Joins("JOIN facilities f ON f.id = c.facility_id").
		Joins("LEFT JOIN organizations o ON o.id = c.organization_id").
		Joins("LEFT JOIN users u ON u.id = c.user_id")
}

// StatementSums is what a statement's lines add up to, counted by SQL over the charges.
type StatementSums struct {
	LineCount   int
	TotalFen    int64
	InternalFen int64
	ExternalFen int64
}

// SumStatementLines adds up a statement's lines in SQL (what its stored totals must equal).
func (d *DB) SumStatementLines(ctx context.Context, st BillingStatement) (StatementSums, error) {
	col := "facility_statement_id"
	if st.Scope == ScopeOrganization {
		col = "organization_statement_id"
	}
	var s StatementSums
	err := d.R(ctx).Raw("SELECT COUNT(*) AS line_count, COALESCE(SUM(amount_fen), 0) AS total_fen, "+
		"COALESCE(SUM(CASE WHEN income_type = ? THEN amount_fen ELSE 0 END), 0) AS internal_fen, "+
		"COALESCE(SUM(CASE WHEN income_type = ? THEN amount_fen ELSE 0 END), 0) AS external_fen "+
		"FROM charges WHERE "+col+" = ?", IncomeInternal, IncomeExternal, st.ID).Scan(&s).Error
	return s, err
}
