package models

import (
	"context"
	"strings"
	"time"
)

// Rollup scopes: a facility, a consortium, the city (scope id 0).
const (
	RollupFacility   = "facility"
	RollupConsortium = "consortium"
	RollupCity       = "city"
)

// ReportRollup is the figures of a facility, a consortium or the city for one period (kind
// day, week, month or year; PeriodStart its first day), in (seat-)minutes.
type ReportRollup struct {
	Scope       string `gorm:"primaryKey"`
	ScopeID     int64  `gorm:"primaryKey;autoIncrement:false"`
	PeriodKind  string `gorm:"primaryKey"`
	PeriodStart string `gorm:"primaryKey"`
	Resources   int64
	ReportFigures
	ReportServiceFigures
	ComputedAt time.Time
}

// ReportServiceFigures are the figures of a stored period of a facility (its tech platform and
// training base), a consortium or the city that no resource-day holds: the service requests
// and the training sessions of the period (docs/reports.md). The medians and the distinct
// counts (people trained, SMEs served) are computed per period, never summed.
type ReportServiceFigures struct {
	RequestsReceived           int64
	RequestsDelivered          int64
	RequestsOnTime             int64
	RequestsOverdue            int64
	FirstResponseMedianMinutes int64
	TurnaroundMedianMinutes    int64
	Ratings                    int64
	RatingSum                  int64
	SessionsHeld               int64
	SeatsOffered               int64
	SeatsFilled                int64
	Attended                   int64
	Results                    int64
	Passed                     int64
	PeopleTrained              int64
	SMEsServed                 int64 `gorm:"column:smes_served"`
}

// TableName names the report_rollups table.
func (ReportRollup) TableName() string { return "report_rollups" }

// RollupSpans are the days whose periods a rollup rewrites, per period kind: the days of the
// range, and the whole weeks, months and years that hold them.
type RollupSpans map[string][2]string

// rollupSums are the summed figure columns (all but resources and unique_users).
var rollupSums = func() []string {
	var out []string
	for _, c := range resourceDayFigures {
		if c != "unique_users" {
			out = append(out, c)
		}
	}
	return out
}()

// rollupColumns are the columns the rollup upserts write after the key.
var rollupColumns = append(append([]string{"resources"}, rollupSums...), "unique_users", "computed_at")

// rollupUpdated are the columns a sums upsert overwrites: all but the unique users, which
// CountRollupUsers and SetRollupUsers rewrite.
var rollupUpdated = append(append([]string{"resources"}, rollupSums...), "computed_at")

func (d *DB) concat(a, b string) string {
	if d.Dialect == MySQL {
		return "CONCAT(" + a + ", " + b + ")"
	}
	return "(" + a + " || " + b + ")"
}

// upsertRollups writes the rows of sel (scope id, period start, resources, the sums) as rollups
// of the scope and kind; a new row's unique users are 0 until SetRollupUsers counts them.
func (d *DB) upsertRollups(ctx context.Context, now time.Time, scope, kind, sel string, args ...any) error {
	q := "INSERT INTO report_rollups (scope, scope_id, period_kind, period_start, " + strings.Join(rollupColumns, ", ") + ") " +
		"SELECT '" + scope + "', x.scope_id, '" + kind + "', x.period_start, x.resources, x." + strings.Join(rollupSums, ", x.") +
		", 0, ? FROM (" + sel + ") x WHERE 1 = 1" +
		d.upsert("scope, scope_id, period_kind, period_start", rollupUpdated)
	return d.W(ctx).Exec(q, append([]any{now.UTC()}, args...)...).Error
}

func sums(alias string) string {
	parts := make([]string, len(rollupSums))
	for i, c := range rollupSums {
		parts[i] = "COALESCE(SUM(" + alias + "." + c + "), 0) AS " + c
	}
	return strings.Join(parts, ", ")
}

// WriteRollups rewrites the sums of the facility, consortium and city rollups of the spans from
// the resource-days (days and weeks) and from the facilities' days (months and years, so that a
// year is summed from 365 rows per facility, not from every resource-day), in the caller's
// transaction. Their unique users are CountRollupUsers' and SetRollupUsers'.
func (d *DB) WriteRollups(ctx context.Context, spans RollupSpans, now time.Time) error {
	facility := func(kind, key string) error {
		span := spans[kind]
		return d.upsertRollups(ctx, now, RollupFacility, kind, "SELECT rd.facility_id AS scope_id, "+key+" AS period_start, "+
			"COUNT(DISTINCT rd.resource_id) AS resources, "+sums("rd")+" FROM report_resource_days rd "+
			"WHERE rd.day BETWEEN ? AND ? GROUP BY rd.facility_id, "+key, span[0], span[1])
	}
	for kind, key := range map[string]string{PeriodDay: "day", PeriodWeek: "week"} {
		if err := facility(kind, "rd."+key); err != nil {
			return err
		}
		if err := d.addFacilityIncome(ctx, now, kind, key, spans[kind]); err != nil {
			return err
		}
	}
	for kind, key := range map[string]string{
		PeriodMonth: d.concat("SUBSTR(r.period_start, 1, 7)", "'-01'"),
		PeriodYear:  d.concat("SUBSTR(r.period_start, 1, 4)", "'-01-01'"),
	} {
		span := spans[kind]
		if err := d.upsertRollups(ctx, now, RollupFacility, kind, "SELECT r.scope_id, "+key+" AS period_start, "+
			"MAX(r.resources) AS resources, "+sums("r")+" FROM report_rollups r "+
			"WHERE r.scope = ? AND r.period_kind = ? AND r.period_start BETWEEN ? AND ? GROUP BY r.scope_id, "+key,
			RollupFacility, PeriodDay, span[0], span[1]); err != nil {
			return err
		}
	}
	for _, kind := range []string{PeriodDay, PeriodWeek, PeriodMonth, PeriodYear} {
		span := spans[kind]
		for scope, id := range map[string]string{RollupConsortium: "f.consortium_id", RollupCity: "0"} {
			if err := d.upsertRollups(ctx, now, scope, kind, "SELECT "+id+" AS scope_id, r.period_start, "+
				"SUM(r.resources) AS resources, "+sums("r")+" FROM report_rollups r JOIN facilities f ON f.id = r.scope_id "+
				"WHERE r.scope = ? AND r.period_kind = ? AND r.period_start BETWEEN ? AND ? GROUP BY "+groupBy(id, "r.period_start"),
				RollupFacility, kind, span[0], span[1]); err != nil {
				return err
			}
		}
	}
	return nil
}

// addFacilityIncome adds to the facility rollups of the kind (day or week, key its column of
// report_open_days) that WriteRollups has just summed from the resource-days the facility's
// income of no booking: enrolments, service requests and adjustments of no booking's charge,
// by the local day they occurred. Months and years are summed from the days, consortia and
// the city from the facilities, so that they hold it too. A facility-day without a row yet
// (no resources) gets one.
func (d *DB) addFacilityIncome(ctx context.Context, now time.Time, kind, key string, span [2]string) error {
	add := func(c string) string {
		if d.Dialect == MySQL {
			return c + " = " + c + " + VALUES(" + c + ")"
		}
		return c + " = report_rollups." + c + " + excluded." + c
	}
	q := "INSERT INTO report_rollups (scope, scope_id, period_kind, period_start, income_internal_fen, income_external_fen, computed_at) " +
		"SELECT '" + RollupFacility + "', c.facility_id, '" + kind + "', od." + key + ", " +
		"SUM(CASE WHEN c.income_type = '" + IncomeInternal + "' THEN c.amount_fen ELSE 0 END), " +
		"SUM(CASE WHEN c.income_type = '" + IncomeExternal + "' THEN c.amount_fen ELSE 0 END), ? " +
		"FROM charges c LEFT JOIN charges cc ON cc.id = c.corrects_charge_id " +
		"JOIN report_open_days od ON od.facility_id = c.facility_id AND od.resource_id = 0 AND od.day BETWEEN ? AND ? " +
		"AND od.start_s <= " + d.unixSeconds("c.occurred_at") + " AND od.end_s > " + d.unixSeconds("c.occurred_at") + " " +
		"WHERE c.period BETWEEN ? AND ? AND " + chargeBooking("c", "cc") + " IS NULL GROUP BY c.facility_id, od." + key
	if d.Dialect == MySQL {
		q += " ON DUPLICATE KEY UPDATE "
	} else {
		q += " ON CONFLICT (scope, scope_id, period_kind, period_start) DO UPDATE SET "
	}
	q += add("income_internal_fen") + ", " + add("income_external_fen")
	return d.W(ctx).Exec(q, now.UTC(), span[0], span[1], span[0][:7], span[1][:7]).Error
}

// groupBy groups by the scope's id and the period, or by the period alone for the city (an id
// of 0 is a constant, which GROUP BY would read as a column's position).
func groupBy(id, key string) string {
	if id == "0" {
		return key
	}
	return id + ", " + key
}

// RollupUsers is the unique users of one rollup.
type RollupUsers struct {
	Scope       string
	ScopeID     int64
	PeriodKind  string
	PeriodStart string
	UniqueUsers int64
}

// CountRollupUsers counts the distinct users of every facility, consortium and city period of
// the spans from report_user_days: a read (on the read pool when ctx carries no transaction),
// so that the single SQLite writer is not held while a year of user-days is counted; only the
// counts, a row per period and scope, come back.
func (d *DB) CountRollupUsers(ctx context.Context, spans RollupSpans) ([]RollupUsers, error) {
	ids := map[string]string{RollupFacility: "rd.facility_id", RollupConsortium: "f.consortium_id", RollupCity: "0"}
	var out []RollupUsers
	for kind, span := range spans {
		key := d.periodStart("rd", kind)
		for scope, id := range ids {
			var rows []RollupUsers
			q := "SELECT '" + scope + "' AS scope, " + id + " AS scope_id, '" + kind + "' AS period_kind, " + key + " AS period_start, " +
				"COUNT(DISTINCT ud.user_id) AS unique_users " +
				"FROM report_user_days ud JOIN report_resource_days rd ON rd.resource_id = ud.resource_id AND rd.day = ud.day " +
				"JOIN facilities f ON f.id = rd.facility_id WHERE ud.day BETWEEN ? AND ? GROUP BY " + groupBy(id, key)
			if err := d.R(ctx).Raw(q, span[0], span[1]).Scan(&rows).Error; err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
	}
	return out, nil
}

// SetRollupUsers writes the counted unique users of the spans' rollups, and 0 for those of the
// spans that have none, in the caller's transaction.
func (d *DB) SetRollupUsers(ctx context.Context, spans RollupSpans, users []RollupUsers) error {
	w := d.W(ctx)
	for kind, span := range spans {
		if err := w.Model(&ReportRollup{}).Where("period_kind = ? AND period_start BETWEEN ? AND ?", kind, span[0], span[1]).
			Update("unique_users", 0).Error; err != nil {
			return err
		}
	}
	for _, u := range users {
		if err := w.Model(&ReportRollup{}).Where("scope = ? AND scope_id = ? AND period_kind = ? AND period_start = ?",
			u.Scope, u.ScopeID, u.PeriodKind, u.PeriodStart).Update("unique_users", u.UniqueUsers).Error; err != nil {
			return err
		}
	}
	return nil
}

// RollupQuery selects the stored rollups of one scope and kind whose periods start in
// [From, To].
type RollupQuery struct {
	Scope    string
	ScopeID  int64
	Kind     string
	From, To string
}

// Rollups lists the stored rollups of the query by period.
func (d *DB) Rollups(ctx context.Context, q RollupQuery) ([]UtilizationSums, error) {
	var out []UtilizationSums
	err := d.R(ctx).Table("report_rollups").Select("*, period_start AS period").
		Where("scope = ? AND scope_id = ? AND period_kind = ? AND period_start BETWEEN ? AND ?", q.Scope, q.ScopeID, q.Kind, q.From, q.To).
		Order("period_start").Scan(&out).Error
	return out, err
}
