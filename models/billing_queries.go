package models

import (
	"context"
	"time"
)

// The set-based writes of billing: charges are created by INSERT … SELECT for everything
// chargeable not yet charged (the UNIQUE (kind, source_id) key makes a second run create
// nothing), and statements are issued by INSERT … SELECT and UPDATE, so that no row of the
// business is ever loaded into memory (docs/billing.md).

// unixSeconds, greatest, least and intDiv are the few spellings the engines disagree on.
// unixSeconds is whole seconds (MariaDB's UNIX_TIMESTAMP of a DATETIME(6) has decimals; the
// session's zone is UTC).
func (d *DB) unixSeconds(col string) string {
	if d.Dialect == MySQL {
		return "CAST(FLOOR(UNIX_TIMESTAMP(" + col + ")) AS SIGNED)"
	}
	return "CAST(strftime('%s', " + col + ") AS INTEGER)"
}

func (d *DB) greatest(a, b string) string {
	if d.Dialect == MySQL {
		return "GREATEST(" + a + ", " + b + ")"
	}
	return "max(" + a + ", " + b + ")"
}

func (d *DB) least(a, b string) string {
	if d.Dialect == MySQL {
		return "LEAST(" + a + ", " + b + ")"
	}
	return "min(" + a + ", " + b + ")"
}

func (d *DB) intDiv(a, b string) string {
	if d.Dialect == MySQL {
		return "(" + a + ") DIV " + b
	}
	return "(" + a + ") / " + b
}

// chargeColumns are the columns the charge-creating INSERTs write, in their SELECT's order.
const chargeColumns = "INSERT INTO charges (kind, source_id, facility_id, organization_id, user_id, price_type, income_type, " +
	"quantity, unit, unit_fen, amount_fen, description, description_en, occurred_at, period, reason, created_at) "

// incomeOf is the income type of a price type column.
const incomeOf = "CASE WHEN x.price_type = '" + string(PriceInternal) + "' THEN '" + IncomeInternal + "' ELSE '" + IncomeExternal + "' END"

// notCharged keeps the sources of a kind that have no charge yet.
func notCharged(kind ChargeKind, id string) string {
	return " AND NOT EXISTS (SELECT 1 FROM charges c WHERE c.kind = '" + string(kind) + "' AND c.source_id = " + id + ")"
}

// InsertBookingCharges charges every completed booking that is not facility time and not yet
// charged, at the rate of the booker's price type (internal for internal, external otherwise)
// for its effective seat-minutes (check-in to check-out, clipped to the booking, whole minutes,
// times the seats), rounded to the fen. Zero-rated bookings are charged at 0 so that their
// price is fixed too. It returns how many charges it wrote.
func (d *DB) InsertBookingCharges(ctx context.Context, now time.Time) (int64, error) {
	in := d.greatest(d.unixSeconds("COALESCE(b.checked_in_at, b.start_at)"), d.unixSeconds("b.start_at"))
	out := d.least(d.unixSeconds("COALESCE(b.checked_out_at, b.end_at)"), d.unixSeconds("b.end_at"))
	minutes := d.greatest("0", d.intDiv(out+" - "+in, "60"))
	rate := "CASE WHEN x.price_type = '" + string(PriceInternal) + "' THEN x.rate_internal_fen ELSE x.rate_external_fen END"
	q := chargeColumns +
		"SELECT 'booking', x.id, x.facility_id, x.organization_id, x.user_id, x.price_type, " + incomeOf + ", " +
		"x.quantity, '" + UnitSeatMinute + "', " + rate + ", " + d.intDiv("("+rate+") * x.quantity + 30", "60") + ", " +
		"x.name, x.name_en, x.occurred_at, '', '', ? FROM (" +
		"SELECT b.id, r.facility_id, u.organization_id, b.user_id, r.rate_internal_fen, r.rate_external_fen, r.name, r.name_en, " +
		minutes + " * b.seats AS quantity, COALESCE(b.checked_out_at, b.end_at) AS occurred_at, " +
		priceTypeSQL("f.consortium_id") + " AS price_type " +
		"FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN facilities f ON f.id = r.facility_id " +
		"JOIN users u ON u.id = b.user_id " +
		"WHERE b.status = ? AND NOT b.facility_time" + notCharged(ChargeBooking, "b.id") + ") x"
	res := d.W(ctx).Exec(q, now.UTC(), BookingCompleted)
	return res.RowsAffected, res.Error
}

// InsertEnrollmentCharges charges every seat of a session that has ended, was not cancelled,
// and held a seat (enrolled, attended, absent or passed) at a fee above 0: the fee per seat the
// trainee's type paid when they enrolled.
func (d *DB) InsertEnrollmentCharges(ctx context.Context, now time.Time) (int64, error) {
	q := chargeColumns +
		"SELECT 'enrollment', x.id, x.facility_id, x.organization_id, x.user_id, x.price_type, " + incomeOf + ", " +
		"1, '" + UnitSeat + "', x.fee_fen, x.fee_fen, x.title, x.title_en, x.end_at, '', '', ? FROM (" +
		"SELECT e.id, co.facility_id, u.organization_id, e.user_id, e.fee_fen, co.title, co.title_en, s.end_at, " +
		priceTypeSQL("f.consortium_id") + " AS price_type " +
		"FROM enrollments e JOIN course_sessions s ON s.id = e.session_id JOIN courses co ON co.id = s.course_id " +
		"JOIN facilities f ON f.id = co.facility_id JOIN users u ON u.id = e.user_id " +
		"WHERE e.status IN ? AND s.status <> ? AND s.end_at <= ? AND e.fee_fen > 0" +
		notCharged(ChargeEnrollment, "e.id") + ") x"
	res := d.W(ctx).Exec(q, now.UTC(), SeatHoldingEnrollmentStatuses, SessionCancelled, now.UTC())
	return res.RowsAffected, res.Error
}

// InsertServiceCharges charges every closed service request at its accepted quote's amount,
// to the requesting organization.
func (d *DB) InsertServiceCharges(ctx context.Context, now time.Time) (int64, error) {
	q := chargeColumns +
		"SELECT 'service', x.id, x.facility_id, x.organization_id, x.requester_id, x.price_type, " + incomeOf + ", " +
		"1, '" + UnitItem + "', x.amount_fen, x.amount_fen, x.title, x.title, x.closed_at, '', '', ? FROM (" +
		"SELECT r.id, r.facility_id, r.organization_id, r.requester_id, q.amount_fen, r.title, r.closed_at, " +
		priceTypeSQL("f.consortium_id") + " AS price_type " +
		"FROM service_requests r JOIN service_quotes q ON q.id = r.quote_id AND q.request_id = r.id " +
		"JOIN facilities f ON f.id = r.facility_id JOIN users u ON u.id = r.requester_id " +
		"WHERE r.status = ? AND q.status = ? AND r.closed_at IS NOT NULL AND r.closed_at <= ?" +
		notCharged(ChargeService, "r.id") + ") x"
	res := d.W(ctx).Exec(q, now.UTC(), RequestClosed, QuoteAccepted, now.UTC())
	return res.RowsAffected, res.Error
}

// UnperiodedSpan is the time zone of facilities some of whose charges have no period yet, and
// the first and last instant those charges occurred (Unix seconds).
type UnperiodedSpan struct {
	TimeZone string
	First    int64
	Last     int64
}

// UnperiodedCharges lists, per facility time zone, the span of the charges with no period yet.
func (d *DB) UnperiodedCharges(ctx context.Context) ([]UnperiodedSpan, error) {
	var out []UnperiodedSpan
	err := d.R(ctx).Raw("SELECT f.time_zone AS time_zone, MIN(" + d.unixSeconds("c.occurred_at") + ") AS first, " +
		"MAX(" + d.unixSeconds("c.occurred_at") + ") AS last FROM charges c JOIN facilities f ON f.id = c.facility_id " +
		"WHERE c.period = '' GROUP BY f.time_zone").Scan(&out).Error
	return out, err
}

// SetChargePeriod gives the charges of facilities in the time zone that occurred in [from, to)
// and have no period yet the period (their local month there).
func (d *DB) SetChargePeriod(ctx context.Context, timeZone, period string, from, to time.Time) (int64, error) {
	res := d.W(ctx).Exec("UPDATE charges SET period = ? WHERE period = '' AND occurred_at >= ? AND occurred_at < ? "+
		"AND facility_id IN (SELECT id FROM facilities WHERE time_zone = ?)", period, from.UTC(), to.UTC(), timeZone)
	return res.RowsAffected, res.Error
}

// statementColumn is the charges' column of a statement scope, and the charges' subject column.
func statementColumn(scope string) (statement, subject string) {
	if scope == ScopeOrganization {
		return "organization_statement_id", "organization_id"
	}
	return "facility_statement_id", "facility_id"
}

// IssueStatements issues, for the period, one statement of the scope per subject that has
// unbilled charges (other than 0) of that period or earlier, unless the subject already has
// the period's statement: its charges then wait for the next one. Inside the caller's
// transaction it inserts the statements as drafts, bills the charges on them, sums their lines
// and issues them. It returns how many statements it issued.
func (d *DB) IssueStatements(ctx context.Context, scope, period string, now time.Time) (int64, error) {
	stmtCol, subjCol := statementColumn(scope)
	unbilled := "c." + stmtCol + " IS NULL AND c.amount_fen <> 0 AND c.period <> '' AND c.period <= ? AND c." + subjCol + " IS NOT NULL"
	w := d.W(ctx)
	res := w.Exec("INSERT INTO billing_statements (scope, subject_id, period, status, line_count, total_fen, internal_fen, external_fen, issued_at) "+
		"SELECT DISTINCT ?, c."+subjCol+", ?, ?, 0, 0, 0, 0, ? FROM charges c WHERE "+unbilled+
		" AND NOT EXISTS (SELECT 1 FROM billing_statements s WHERE s.scope = ? AND s.subject_id = c."+subjCol+" AND s.period = ?)",
		scope, period, StatementDraft, now.UTC(), period, scope, period)
	if res.Error != nil || res.RowsAffected == 0 {
		return 0, res.Error
	}
	issued := res.RowsAffected
	draft := "SELECT s.id FROM billing_statements s WHERE s.scope = ? AND s.period = ? AND s.status = ? AND s.subject_id = charges." + subjCol
	if err := w.Exec("UPDATE charges SET "+stmtCol+" = ("+draft+") WHERE "+stmtCol+" IS NULL AND amount_fen <> 0 "+
		"AND period <> '' AND period <= ? AND EXISTS ("+draft+")",
		scope, period, StatementDraft, period, scope, period, StatementDraft).Error; err != nil {
		return 0, err
	}
	sum := func(cond string) string {
		return "(SELECT COALESCE(SUM(c.amount_fen), 0) FROM charges c WHERE c." + stmtCol + " = billing_statements.id" + cond + ")"
	}
	err := w.Exec("UPDATE billing_statements SET status = ?, "+
		"line_count = (SELECT COUNT(*) FROM charges c WHERE c."+stmtCol+" = billing_statements.id), "+
		"total_fen = "+sum("")+", internal_fen = "+sum(" AND c.income_type = '"+IncomeInternal+"'")+", "+
		"external_fen = "+sum(" AND c.income_type = '"+IncomeExternal+"'")+
		" WHERE scope = ? AND period = ? AND status = ?", StatementIssued, scope, period, StatementDraft).Error
	return issued, err
}
