package models

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// The set-based writes of the reports: every resource-day of a range is computed by one
// INSERT … SELECT … GROUP BY over the bookings that overlap the facility's local days
// (report_open_days carries each day's bounds in UTC, so the engines need no time-zone
// tables), written as an upsert on (resource_id, day), so that a second run rewrites the same
// rows (docs/reports.md). No booking is loaded into memory.

// reportStatuses are the bookings that were confirmed at their start: they count as booked.
// Facility time still confirmed after its start counts too (it expects no check-in, so it is
// never marked a no-show); its effective minutes are those it was checked in for, if any.
var reportStatuses = "'" + string(BookingCompleted) + "', '" + string(BookingCheckedIn) + "', '" + string(BookingNoShow) + "'"

// maxDaySeconds bounds a local day's length (25 hours on a daylight-saving day), so that the
// days a booking overlaps are an index range of report_open_days.
const maxDaySeconds = 25 * 3600

// reportWindow is what a rollup of the local days [From, To] reads: the bookings that start in
// [Lower, Upper) (Lower reaches back by the longest booking), and Now, which ends the effective
// time of a booking still checked in.
type reportWindow struct {
	From, To     string
	Lower, Upper time.Time
	Now          time.Time
}

func (w reportWindow) params() map[string]any {
	return map[string]any{"from": w.From, "to": w.To, "lower": w.Lower.UTC(), "upper": w.Upper.UTC(),
		"now": w.Now.UTC(), "now_minute": w.Now.Unix() / 60 * 60, "from_month": w.From[:7], "to_month": w.To[:7]}
}

// reportBookings is the bookings a rollup reads, one row each: the resource's facility, the
// user's price type (the one definition billing uses), the booking's bounds and its effective
// interval (check-in to check-out in whole minutes, clipped to the booking; NULL when there
// is none) as Unix seconds. Nobody checks in to facility time (a session's room, a service
// request's equipment): its booked interval, up to now, is its use.
func (d *DB) reportBookings() string {
	unix := d.unixSeconds
	minute := func(col string) string { return d.intDiv(unix(col), "60") + " * 60" }
	return "SELECT b.id, b.resource_id, r.facility_id, b.user_id, b.seats, b.status, b.purpose_category, " +
		"CASE WHEN b.service_request_id IS NULL THEN 0 ELSE 1 END AS for_service, " +
		priceTypeSQL("f.consortium_id") + " AS price_type, " +
		unix("b.start_at") + " AS bs, " + unix("b.end_at") + " AS be, " +
		"CASE WHEN b.status IN ('" + string(BookingCompleted) + "', '" + string(BookingCheckedIn) + "') OR b.facility_time THEN " +
		d.greatest(minute("COALESCE(b.checked_in_at, b.start_at)"), unix("b.start_at")) + " END AS ein, " +
		"CASE WHEN b.status = '" + string(BookingCompleted) + "' THEN " +
		d.least(minute("COALESCE(b.checked_out_at, b.end_at)"), unix("b.end_at")) +
		" WHEN b.status = '" + string(BookingCheckedIn) + "' OR b.facility_time THEN " + d.least("@now_minute", unix("b.end_at")) + " END AS eout " +
		"FROM bookings b JOIN resources r ON r.id = b.resource_id JOIN facilities f ON f.id = r.facility_id " +
		"JOIN users u ON u.id = b.user_id " +
		"WHERE b.start_at >= @lower AND b.start_at < @upper AND (b.status IN (" + reportStatuses + ") " +
		"OR (b.status = '" + string(BookingConfirmed) + "' AND b.facility_time AND b.start_at <= @now))"
}

// reportPieces splits each booking at the local midnights of its facility: one row per
// booking and local day of [from, to] it overlaps, with the day's bounds (ds, de), its booked
// and its effective seat-seconds in that day.
func (d *DB) reportPieces() string {
	return "SELECT a.*, od.day, od.start_s AS ds, od.end_s AS de, " +
		"(" + d.least("a.be", "od.end_s") + " - " + d.greatest("a.bs", "od.start_s") + ") * a.seats AS booked_s, " +
		d.greatest("0", d.least("a.eout", "od.end_s")+" - "+d.greatest("a.ein", "od.start_s")) + " * a.seats AS eff_s, " +
		"CASE WHEN a.bs >= od.start_s AND a.bs < od.end_s THEN 1 ELSE 0 END AS started " +
		"FROM (" + d.reportBookings() + ") a JOIN report_open_days od ON od.facility_id = a.facility_id AND od.resource_id = 0 " +
		"AND od.day BETWEEN @from AND @to AND od.start_s > a.bs - " + fmt.Sprint(maxDaySeconds) + " AND od.start_s < a.be AND od.end_s > a.bs"
}

// reportDayFigures are the figures of each resource-day with bookings, by GROUP BY over the
// pieces, in (seat-)minutes: every bound is a whole minute, so the sums divide exactly.
func (d *DB) reportDayFigures() string {
	minutes := func(expr string) string { return d.intDiv("COALESCE(SUM("+expr+"), 0)", "60") }
	effWhen := func(cond string) string { return minutes("CASE WHEN " + cond + " THEN p.eff_s END") }
	cols := []string{
		"p.resource_id", "p.day",
		minutes("p.booked_s") + " AS booked",
		minutes("p.eff_s") + " AS effective",
		"SUM(p.started) AS bookings",
		"SUM(CASE WHEN p.status = '" + string(BookingNoShow) + "' THEN p.started ELSE 0 END) AS no_shows",
		"COUNT(DISTINCT CASE WHEN p.eff_s > 0 THEN p.user_id END) AS unique_users",
		effWhen("p.purpose_category = 'teaching'") + " AS teaching",
		effWhen("p.purpose_category = 'research'") + " AS research",
		effWhen("p.purpose_category = 'training'") + " AS training",
		effWhen("p.purpose_category = 'social_service'") + " AS social_service",
		effWhen("p.price_type = '"+string(PriceInternal)+"'") + " AS internal",
		effWhen("p.price_type = '"+string(PriceMember)+"'") + " AS member",
		effWhen("p.price_type = '"+string(PriceExternal)+"'") + " AS external",
		effWhen("p.for_service = 1") + " AS service",
	}
	for h := range 24 {
		lo, hi := fmt.Sprintf("p.ds + %d", h*3600), fmt.Sprintf("p.ds + %d", (h+1)*3600)
		eff := d.greatest("0", d.least(d.least("p.eout", "p.de"), hi)+" - "+d.greatest("p.ein", lo)) + " * p.seats"
		cols = append(cols, minutes(eff)+fmt.Sprintf(" AS h%02d", h))
	}
	return "SELECT " + strings.Join(cols, ", ") + " FROM (" + d.reportPieces() + ") p GROUP BY p.resource_id, p.day"
}

// Default quotas (定额机时) of a resource whose quota_hours_year is 0: specialized equipment,
// which needs a qualification to be used, and general equipment.
const (
	DefaultQuotaHoursSpecialized = 800
	DefaultQuotaHoursGeneral     = 1400
)

// dayOfYear is the day's number in its year (1 on January 1) of a YYYY-MM-DD expression.
func (d *DB) dayOfYear(day string) string {
	if d.Dialect == MySQL {
		return "DAYOFYEAR(" + day + ")"
	}
	return "CAST(strftime('%j', " + day + ") AS INTEGER)"
}

// dayQuota is the quota minutes of the resource r on the local day: its yearly quota in
// minutes Q spread over the n days of the year so that day i (from 0) gets
// floor(Q(i+1)/n) - floor(Qi/n), whole minutes that add up to Q over the year exactly.
func (d *DB) dayQuota(r, day string) string {
	q := "(CASE WHEN " + r + ".quota_hours_year > 0 THEN " + r + ".quota_hours_year WHEN " + r + ".qualification_id IS NOT NULL THEN " +
		fmt.Sprint(DefaultQuotaHoursSpecialized) + " ELSE " + fmt.Sprint(DefaultQuotaHoursGeneral) + " END * 60)"
	i := "(" + d.dayOfYear(day) + " - 1)"
	n := d.dayOfYear(d.concat("SUBSTR("+day+", 1, 4)", "'-12-31'"))
	return "(" + d.intDiv(q+" * ("+i+" + 1)", n) + ") - (" + d.intDiv(q+" * "+i, n) + ")"
}

// reportDayIncome is the income internal and external (fen) of each resource-day of [from, to]:
// the charges of its bookings, and the adjustments correcting those charges, by the local day
// they occurred. The facility's other charges (enrolments, service requests, adjustments of
// no booking) are facilityIncome's.
func (d *DB) reportDayIncome() string {
	return "SELECT b.resource_id, od.day, " +
		"SUM(CASE WHEN c.income_type = '" + IncomeInternal + "' THEN c.amount_fen ELSE 0 END) AS internal, " +
		"SUM(CASE WHEN c.income_type = '" + IncomeExternal + "' THEN c.amount_fen ELSE 0 END) AS external " +
		"FROM charges c LEFT JOIN charges cc ON cc.id = c.corrects_charge_id " +
		"JOIN bookings b ON b.id = " + chargeBooking("c", "cc") + " " +
		"JOIN report_open_days od ON od.facility_id = c.facility_id AND od.resource_id = 0 AND od.day BETWEEN @from AND @to " +
		"AND od.start_s <= " + d.unixSeconds("c.occurred_at") + " AND od.end_s > " + d.unixSeconds("c.occurred_at") + " " +
		"WHERE c.period BETWEEN @from_month AND @to_month GROUP BY b.resource_id, od.day"
}

// chargeBooking is the booking a charge c is for: its source when it is a booking's, that of
// the charge cc it corrects when it is an adjustment of one; NULL otherwise.
func chargeBooking(c, cc string) string {
	return "CASE WHEN " + c + ".kind = '" + string(ChargeBooking) + "' THEN " + c + ".source_id " +
		"WHEN " + cc + ".kind = '" + string(ChargeBooking) + "' THEN " + cc + ".source_id END"
}

// resourceDayFigures are the figure columns of report_resource_days, in the order the upsert
// writes them after resource_id, day, week and facility_id.
var resourceDayFigures = func() []string {
	cols := []string{"available_minutes", "booked_minutes", "effective_minutes", "bookings", "no_shows", "unique_users",
		"teaching_minutes", "research_minutes", "training_minutes", "social_service_minutes",
		"internal_minutes", "member_minutes", "external_minutes", "service_minutes"}
	for h := range 24 {
		cols = append(cols, fmt.Sprintf("h%02d", h))
	}
	return append(cols, "quota_minutes", "income_internal_fen", "income_external_fen")
}()

// upsert is the clause that makes an INSERT of a row whose key exists update the columns.
func (d *DB) upsert(key string, cols []string) string {
	set := make([]string, len(cols))
	for i, c := range cols {
		if d.Dialect == MySQL {
			set[i] = c + " = VALUES(" + c + ")"
		} else {
			set[i] = c + " = excluded." + c
		}
	}
	if d.Dialect == MySQL {
		return " ON DUPLICATE KEY UPDATE " + strings.Join(set, ", ")
	}
	return " ON CONFLICT (" + key + ") DO UPDATE SET " + strings.Join(set, ", ")
}

// UpsertResourceDays computes every resource-day of the local days [from, to] (resources not
// retired, from the day they were created) and writes it over what was there: the available
// seat-minutes from the open days times the capacity, the rest from the bookings.
func (d *DB) UpsertResourceDays(ctx context.Context, w reportWindow) error {
	x := []string{"x.booked", "x.effective", "x.bookings", "x.no_shows", "x.unique_users", "x.teaching", "x.research",
		"x.training", "x.social_service", "x.internal", "x.member", "x.external", "x.service"}
	for h := range 24 {
		x = append(x, fmt.Sprintf("x.h%02d", h))
	}
	x = append(x, "i.internal", "i.external")
	sel := make([]string, len(x))
	for i, c := range x {
		sel[i] = "COALESCE(" + c + ", 0)"
	}
	q := "INSERT INTO report_resource_days (resource_id, day, week, facility_id, " + strings.Join(resourceDayFigures, ", ") +
		", computed_at) SELECT r.id, od.day, od.week, r.facility_id, COALESCE(ro.open_minutes, od.open_minutes) * r.capacity, " +
		strings.Join(sel[:len(sel)-2], ", ") + ", " + d.dayQuota("r", "od.day") + ", " + strings.Join(sel[len(sel)-2:], ", ") + ", @now " +
		"FROM resources r JOIN report_open_days od ON od.facility_id = r.facility_id AND od.resource_id = 0 " +
		"AND od.day BETWEEN @from AND @to " +
		"LEFT JOIN report_open_days ro ON ro.facility_id = od.facility_id AND ro.resource_id = r.id AND ro.day = od.day " +
		"LEFT JOIN (" + d.reportDayFigures() + ") x ON x.resource_id = r.id AND x.day = od.day " +
		"LEFT JOIN (" + d.reportDayIncome() + ") i ON i.resource_id = r.id AND i.day = od.day " +
		"WHERE r.status <> '" + ResourceRetired + "' AND " + d.unixSeconds("r.created_at") + " < od.end_s" +
		d.upsert("resource_id, day", append(append([]string{"week", "facility_id"}, resourceDayFigures...), "computed_at"))
	return d.W(ctx).Exec(q, w.params()).Error
}

// ReplaceUserDays rewrites who used each resource on the local days [from, to].
func (d *DB) ReplaceUserDays(ctx context.Context, w reportWindow) error {
	db := d.W(ctx)
	if err := db.Where("day BETWEEN ? AND ?", w.From, w.To).Delete(&ReportUserDay{}).Error; err != nil {
		return err
	}
	return db.Exec("INSERT INTO report_user_days (resource_id, day, user_id) SELECT DISTINCT p.resource_id, p.day, p.user_id "+
		"FROM ("+d.reportPieces()+") p WHERE p.eff_s > 0", w.params()).Error
}

// RollupDays computes the resource-days of the local days [from, to], whose calendar days
// (report_open_days) are written, from the bookings that start in [lower, upper), and returns
// how many resource-days the range holds.
func (d *DB) RollupDays(ctx context.Context, from, to string, lower, upper, now time.Time) (int64, error) {
	w := reportWindow{From: from, To: to, Lower: lower, Upper: upper, Now: now}
	if err := d.UpsertResourceDays(ctx, w); err != nil {
		return 0, fmt.Errorf("resource days: %w", err)
	}
	if err := d.ReplaceUserDays(ctx, w); err != nil {
		return 0, fmt.Errorf("user days: %w", err)
	}
	var n int64
	err := d.R(ctx).Model(&ReportResourceDay{}).Where("day BETWEEN ? AND ?", from, to).Count(&n).Error
	return n, err
}

// LongestReportedBooking is the length of the longest booking the reports count, in seconds
// (how far back a range's bookings may start).
func (d *DB) LongestReportedBooking(ctx context.Context) (int64, error) {
	var n *int64
	err := d.R(ctx).Raw("SELECT MAX(" + d.unixSeconds("end_at") + " - " + d.unixSeconds("start_at") + ") FROM bookings " +
		"WHERE status IN (" + reportStatuses + ", '" + string(BookingConfirmed) + "')").Scan(&n).Error
	if n == nil {
		return 0, err
	}
	return *n, err
}

// MarkBookingDirty marks the computed resource-days a booking overlaps as stale, in one
// statement: the booking engine calls it whenever a booking changes, so that the next rollup
// recomputes the days a late check-out or correction changed. Days not computed yet are left
// alone (their run will read the change).
func (d *DB) MarkBookingDirty(ctx context.Context, bookingID int64, now time.Time) error {
	bs, be := d.unixSeconds("b.start_at"), d.unixSeconds("b.end_at")
	q := "INSERT INTO report_dirty_days (resource_id, day, marked_at) SELECT rd.resource_id, rd.day, ? " +
		"FROM bookings b JOIN resources r ON r.id = b.resource_id " +
		"JOIN report_open_days od ON od.facility_id = r.facility_id AND od.resource_id = 0 " +
		"AND od.start_s > " + bs + " - " + fmt.Sprint(maxDaySeconds) + " AND od.start_s < " + be + " AND od.end_s > " + bs + " " +
		"JOIN report_resource_days rd ON rd.resource_id = b.resource_id AND rd.day = od.day WHERE b.id = ?"
	if d.Dialect == MySQL {
		q += " ON DUPLICATE KEY UPDATE marked_at = VALUES(marked_at)"
	} else {
		q += " ON CONFLICT (resource_id, day) DO UPDATE SET marked_at = excluded.marked_at"
	}
	return d.W(ctx).Exec(q, now.UTC(), bookingID).Error
}
