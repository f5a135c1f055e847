package models

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// The tech platforms' and training bases' figures of the stored periods (ReportServiceFigures,
// docs/reports.md): computed per scope and period straight from the service requests, the
// ratings, the sessions and the enrolments, by one SELECT per period kind and scope,
// so that the medians (window functions) and the distinct counts are those of the period, not
// sums of days. An event belongs to the local day of its facility that holds it
// (report_open_days), as a booking does.

// serviceFigures are the columns of ReportServiceFigures, in order.
var serviceFigures = []string{"requests_received", "requests_delivered", "requests_on_time", "requests_overdue",
	"first_response_median_minutes", "turnaround_median_minutes", "ratings", "rating_sum",
	"sessions_held", "seats_offered", "seats_filled", "attended", "results", "passed", "people_trained", "smes_served"}

// periodStart is the SQL of the first day of the period of the kind that holds the day of a
// row t with day and week columns (report_open_days, report_resource_days); "" for a kind
// of "" (the whole range is one period).
func (d *DB) periodStart(t, kind string) string {
	switch kind {
	case "":
		return "''"
	case PeriodWeek:
		return t + ".week"
	case PeriodMonth:
		return d.concat("SUBSTR("+t+".day, 1, 7)", "'-01'")
	case PeriodYear:
		return d.concat("SUBSTR("+t+".day, 1, 4)", "'-01-01'")
	}
	return t + ".day"
}

// scopeID is the SQL of the id of the scope of a facility f.
func scopeID(scope string) string {
	switch scope {
	case RollupConsortium:
		return "f.consortium_id"
	case RollupCity:
		return "0"
	}
	return "f.id"
}

// onLocalDay joins the local day of the facility (facility) holding the instant (col) among
// the days [@from, @to], the instant prefiltered to [@lower, @upper).
func (d *DB) onLocalDay(facility, col string) string {
	t := d.unixSeconds(col)
	return " JOIN report_open_days od ON od.facility_id = " + facility + " AND od.resource_id = 0 AND od.day BETWEEN @from AND @to " +
		"AND od.start_s <= " + t + " AND od.end_s > " + t + " AND " + col + " >= @lower AND " + col + " < @upper"
}

// figureRow is a SELECT of (scope_id, period_start) and every service figure, those of vals
// from their expressions and the others 0, over the rest of the statement.
func figureRow(id, period string, vals map[string]string, rest string) string {
	cols := []string{id + " AS scope_id", period + " AS period_start"}
	for _, c := range serviceFigures {
		v, ok := vals[c]
		if !ok {
			v = "0"
		}
		cols = append(cols, v+" AS "+c)
	}
	return "SELECT " + strings.Join(cols, ", ") + " " + rest
}

// median is the median (the lower one's mean with the upper one, in whole minutes, of an even
// count) of the column v of the rows of sel (scope_id, period_start, v) per scope and period,
// by ROW_NUMBER and COUNT over the partition.
func (d *DB) median(sel string) string {
	return "SELECT m.scope_id, m.period_start, " + d.intDiv("SUM(m.v)", "COUNT(*)") + " AS v FROM (" +
		"SELECT s.scope_id, s.period_start, s.v, ROW_NUMBER() OVER (PARTITION BY s.scope_id, s.period_start ORDER BY s.v) AS rn, " +
		"COUNT(*) OVER (PARTITION BY s.scope_id, s.period_start) AS n FROM (" + sel + ") s) m " +
		"WHERE m.rn IN (" + d.intDiv("m.n + 1", "2") + ", " + d.intDiv("m.n + 2", "2") + ") GROUP BY m.scope_id, m.period_start"
}

// heldSessions are the sessions held in each period of the scope: not cancelled, with a
// meeting that started in the period (and by now), one row per session, scope and period.
func (d *DB) heldSessions(scope, kind string) string {
	return "SELECT DISTINCT " + scopeID(scope) + " AS scope_id, " + d.periodStart("od", kind) + " AS period_start, m.session_id " +
		"FROM session_meetings m JOIN course_sessions cs ON cs.id = m.session_id JOIN courses co ON co.id = cs.course_id " +
		"JOIN facilities f ON f.id = co.facility_id" + d.onLocalDay("co.facility_id", "m.start_at") +
		" WHERE cs.status <> '" + string(SessionCancelled) + "' AND m.start_at <= @now"
}

func inStatuses(col string, statuses ...EnrollmentStatus) string {
	s := make([]string, len(statuses))
	for i, st := range statuses {
		s[i] = "'" + string(st) + "'"
	}
	return col + " IN (" + strings.Join(s, ", ") + ")"
}

// trained are the enrolments that attended (with a pass or not).
var trained = []EnrollmentStatus{EnrollmentAttended, EnrollmentPassed}

// serviceFigureRows is the SELECT of every service figure of the scope's periods of the kind,
// a row per scope id and period: the UNION ALL of one source per group of figures, summed.
func (d *DB) serviceFigureRows(scope, kind string) string {
	id, period := scopeID(scope), d.periodStart("od", kind)
	requests := func(col string) string {
		return "FROM service_requests sr JOIN facilities f ON f.id = sr.facility_id" + d.onLocalDay("sr.facility_id", col)
	}
	t := d.least("p.end_s", "@now_s")
	at := func(col string) string { return d.unixSeconds(col) }
	overdue := "sr.status NOT IN ('" + string(RequestCancelled) + "', '" + string(RequestRejected) + "') AND (" +
		"(sr.accepted_at IS NOT NULL AND " + at("sr.accepted_at") + " <= " + t + " AND sr.due_at IS NOT NULL AND " + at("sr.due_at") + " < " + t +
		" AND (sr.delivered_at IS NULL OR " + at("sr.delivered_at") + " > " + t + ")) OR " +
		"(" + at("sr.submitted_at") + " <= " + t + " AND sr.response_due_at IS NOT NULL AND " + at("sr.response_due_at") + " < " + t +
		" AND (sr.first_response_at IS NULL OR " + at("sr.first_response_at") + " > " + t + ")))"
	ends := "SELECT od.facility_id, " + period + " AS period_start, MAX(od.end_s) AS end_s FROM report_open_days od " +
		"WHERE od.resource_id = 0 AND od.day BETWEEN @from AND @to GROUP BY od.facility_id, " + period
	held := d.heldSessions(scope, kind)
	smes := "SELECT " + id + " AS scope_id, " + period + " AS period_start, sr.organization_id AS org " + requests("sr.delivered_at") +
		" UNION SELECT " + id + ", " + d.periodStart("rd", kind) + ", u.organization_id FROM report_user_days ud " +
		"JOIN report_resource_days rd ON rd.resource_id = ud.resource_id AND rd.day = ud.day JOIN facilities f ON f.id = rd.facility_id " +
		"JOIN users u ON u.id = ud.user_id WHERE ud.day BETWEEN @from AND @to AND u.organization_id IS NOT NULL" +
		" UNION SELECT h.scope_id, h.period_start, u.organization_id FROM (" + held + ") h " +
		"JOIN enrollments en ON en.session_id = h.session_id JOIN users u ON u.id = en.user_id " +
		"WHERE " + inStatuses("en.status", trained...) + " AND u.organization_id IS NOT NULL"
	sources := []string{
		figureRow(id, period, map[string]string{"requests_received": "1"}, requests("sr.submitted_at")),
		figureRow(id, period, map[string]string{"requests_delivered": "1",
			"requests_on_time": "CASE WHEN sr.due_at IS NULL OR sr.delivered_at <= sr.due_at THEN 1 ELSE 0 END"}, requests("sr.delivered_at")),
		figureRow(id, "p.period_start", map[string]string{"requests_overdue": "1"}, "FROM ("+ends+") p JOIN facilities f ON f.id = p.facility_id "+
			"JOIN service_requests sr ON sr.facility_id = p.facility_id WHERE "+overdue),
		figureRow("x.scope_id", "x.period_start", map[string]string{"first_response_median_minutes": "x.v"}, "FROM ("+
			d.median("SELECT "+id+" AS scope_id, "+period+" AS period_start, sr.first_response_minutes AS v "+
				requests("sr.first_response_at")+" WHERE sr.first_response_minutes IS NOT NULL")+") x"),
		figureRow("x.scope_id", "x.period_start", map[string]string{"turnaround_median_minutes": "x.v"}, "FROM ("+
			d.median("SELECT "+id+" AS scope_id, "+period+" AS period_start, sr.turnaround_minutes AS v "+
				requests("sr.delivered_at")+" WHERE sr.turnaround_minutes IS NOT NULL")+") x"),
		figureRow(id, period, map[string]string{"ratings": "1", "rating_sum": "ra.score"},
			"FROM service_ratings ra JOIN service_requests sr ON sr.id = ra.request_id JOIN facilities f ON f.id = sr.facility_id"+
				d.onLocalDay("sr.facility_id", "ra.created_at")),
		figureRow("x.scope_id", "x.period_start", map[string]string{"sessions_held": "1", "seats_offered": "x.seats",
			"seats_filled": "x.filled", "attended": "x.attended", "results": "x.results", "passed": "x.passed"},
			"FROM (SELECT h.scope_id, h.period_start, h.session_id, cs.seats, "+
				"COALESCE(SUM(CASE WHEN "+inStatuses("en.status", SeatHoldingEnrollmentStatuses...)+" THEN 1 ELSE 0 END), 0) AS filled, "+
				"COALESCE(SUM(CASE WHEN "+inStatuses("en.status", trained...)+" THEN 1 ELSE 0 END), 0) AS attended, "+
				"COALESCE(SUM(CASE WHEN "+inStatuses("en.status", EnrollmentAttended, EnrollmentAbsent, EnrollmentPassed)+" THEN 1 ELSE 0 END), 0) AS results, "+
				"COALESCE(SUM(CASE WHEN en.status = '"+string(EnrollmentPassed)+"' THEN 1 ELSE 0 END), 0) AS passed "+
				"FROM ("+held+") h JOIN course_sessions cs ON cs.id = h.session_id LEFT JOIN enrollments en ON en.session_id = h.session_id "+
				"GROUP BY h.scope_id, h.period_start, h.session_id, cs.seats) x"),
		figureRow("x.scope_id", "x.period_start", map[string]string{"people_trained": "x.n"},
			"FROM (SELECT h.scope_id, h.period_start, COUNT(DISTINCT en.user_id) AS n FROM ("+held+") h "+
				"JOIN enrollments en ON en.session_id = h.session_id WHERE "+inStatuses("en.status", trained...)+
				" GROUP BY h.scope_id, h.period_start) x"),
		figureRow("x.scope_id", "x.period_start", map[string]string{"smes_served": "x.n"},
			"FROM (SELECT s.scope_id, s.period_start, COUNT(DISTINCT s.org) AS n FROM ("+smes+") s "+
				"JOIN organizations o ON o.id = s.org WHERE o.is_sme GROUP BY s.scope_id, s.period_start) x"),
	}
	sums := make([]string, len(serviceFigures))
	for i, c := range serviceFigures {
		sums[i] = "SUM(a." + c + ") AS " + c
	}
	return "SELECT a.scope_id, a.period_start, " + strings.Join(sums, ", ") + " FROM (" + strings.Join(sources, " UNION ALL ") +
		") a GROUP BY a.scope_id, a.period_start"
}

// CountServiceFigures computes the service figures of every facility, consortium and city
// period of the spans: a read (on the read pool when ctx carries no transaction), like
// CountRollupUsers, so that the single SQLite writer is not held while a year of requests,
// sessions and user-days is counted; a row per scope and period with figures comes back.
func (d *DB) CountServiceFigures(ctx context.Context, spans RollupSpans, now time.Time) ([]ReportRollup, error) {
	var out []ReportRollup
	for kind, span := range spans {
		params, err := figureParams(span[0], span[1], now)
		if err != nil {
			return nil, err
		}
		for _, scope := range []string{RollupFacility, RollupConsortium, RollupCity} {
			var rows []ReportRollup
			q := "SELECT '" + scope + "' AS scope, '" + kind + "' AS period_kind, x.* FROM (" + d.serviceFigureRows(scope, kind) + ") x"
			if err := d.R(ctx).Raw(q, params).Scan(&rows).Error; err != nil {
				return nil, err
			}
			out = append(out, rows...)
		}
	}
	return out, nil
}

// SetServiceFigures writes the counted service figures of the spans' rollups, and 0 for those
// of the spans that have none, in the caller's transaction; no other column of an existing
// rollup changes (a period with figures but no resource-days gets a row).
func (d *DB) SetServiceFigures(ctx context.Context, spans RollupSpans, rows []ReportRollup, now time.Time) error {
	w := d.W(ctx)
	zero := make(map[string]any, len(serviceFigures))
	for _, c := range serviceFigures {
		zero[c] = 0
	}
	for kind, span := range spans {
		if err := w.Model(&ReportRollup{}).Where("period_kind = ? AND period_start BETWEEN ? AND ?", kind, span[0], span[1]).
			Updates(zero).Error; err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		return nil
	}
	for i := range rows {
		rows[i].ComputedAt = now.UTC()
	}
	return insertRows(w.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "scope"}, {Name: "scope_id"}, {Name: "period_kind"}, {Name: "period_start"}},
		DoUpdates: clause.AssignmentColumns(serviceFigures),
	}), rows)
}

// figureParams are the named parameters of serviceFigureRows for the local days [from, to].
func figureParams(from, to string, now time.Time) (map[string]any, error) {
	first, err := time.Parse(DayFormat, from)
	if err != nil {
		return nil, err
	}
	last, err := time.Parse(DayFormat, to)
	if err != nil {
		return nil, err
	}
	// Every zone's local day lies within 14 hours before and 12 after the UTC day.
	return map[string]any{"from": from, "to": to, "lower": first.Add(-14 * time.Hour),
		"upper": last.AddDate(0, 0, 1).Add(12 * time.Hour), "now": now.UTC(), "now_s": now.Unix()}, nil
}

// ServiceFiguresOver computes the service figures of one facility, consortium or the city (id
// 0) over the local days [from, to] as one period, whatever the stored periods: a report's
// totals, whose medians and distinct counts no sum of its rows gives. A read.
func (d *DB) ServiceFiguresOver(ctx context.Context, scope string, id int64, from, to string, now time.Time) (ReportServiceFigures, error) {
	params, err := figureParams(from, to, now)
	if err != nil {
		return ReportServiceFigures{}, err
	}
	params["id"] = id
	var out ReportServiceFigures
	err = d.R(ctx).Raw("SELECT x.* FROM ("+d.serviceFigureRows(scope, "")+") x WHERE x.scope_id = @id", params).Scan(&out).Error
	return out, err
}
