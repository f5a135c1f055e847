package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// The breakdowns of the utilization reports (docs/reports.md): each resource's figures over a
// range, the resources idle in the last computed days, and the effective minutes per weekday and
// local hour. Each is one GROUP BY over the rollups, never over the bookings.

// isoWeekday is the ISO weekday of a local day written YYYY-MM-DD, 0 for Monday to 6 for Sunday.
func (d *DB) isoWeekday(day string) string {
	if d.Dialect == MySQL {
		return "WEEKDAY(" + day + ")"
	}
	return "((CAST(strftime('%w', " + day + ") AS INTEGER) + 6) % 7)"
}

// ResourceSums is what one resource's days of a range add up to, with its distinct users over
// the range, and the names of the resource and its facility.
type ResourceSums struct {
	ResourceID     int64
	Name           string
	NameEn         string
	FacilityID     int64
	FacilityName   string
	FacilityNameEn string
	UtilizationSums
}

// Resource breakdown orders: the figure a list is sorted by.
const (
	SortUtilization = "utilization"
	SortEffective   = "effective"
	SortAvailable   = "available"
	SortBookings    = "bookings"
	SortNoShows     = "no_shows"
	SortNoShowRate  = "no_show_rate"
	SortUniqueUsers = "unique_users"
	SortName        = "name"
)

// resourceOrders are the SQL of each order over the sums s, the resource r and the users u.
var resourceOrders = map[string]string{
	SortUtilization: "CASE WHEN s.available_minutes = 0 THEN 0 ELSE s.effective_minutes * 1.0 / s.available_minutes END",
	SortEffective:   "s.effective_minutes",
	SortAvailable:   "s.available_minutes",
	SortBookings:    "s.bookings",
	SortNoShows:     "s.no_shows",
	SortNoShowRate:  "CASE WHEN s.bookings = 0 THEN 0 ELSE s.no_shows * 1.0 / s.bookings END",
	SortUniqueUsers: "COALESCE(u.n, 0)",
	SortName:        "r.name",
}

// ResourceQuery asks for the resources of a utilization query (Period unused), sorted by Sort
// (descending unless Asc, ties by effective minutes then id), at most Limit of them.
type ResourceQuery struct {
	UtilizationQuery
	Sort  string
	Asc   bool
	Limit int
}

// ResourceBreakdown sums the resource-days of the query per resource, with each resource's
// distinct users over the range, sorted and limited in the database.
func (d *DB) ResourceBreakdown(ctx context.Context, q ResourceQuery) ([]ResourceSums, error) {
	order, ok := resourceOrders[q.Sort]
	if !ok {
		return nil, fmt.Errorf("resource breakdown: no order %q", q.Sort)
	}
	dir := " DESC"
	if q.Asc {
		dir = " ASC"
	}
	sums := q.filter(d.R(ctx).Table("report_resource_days rd").
		Select("rd.resource_id, " + sums("rd")).Group("rd.resource_id"))
	users := q.filter(d.R(ctx).Table("report_user_days ud").
		Joins("JOIN report_resource_days rd ON rd.resource_id = ud.resource_id AND rd.day = ud.day").
		Select("rd.resource_id, COUNT(DISTINCT ud.user_id) AS n").Group("rd.resource_id"))
	var out []ResourceSums
	err := d.R(ctx).Table("(?) s", sums).
		Select("s.*, 1 AS resources, COALESCE(u.n, 0) AS unique_users, r.name, r.name_en, r.facility_id, "+
			"f.name AS facility_name, f.name_en AS facility_name_en").
		Joins("JOIN resources r ON r.id = s.resource_id").
		Joins("JOIN facilities f ON f.id = r.facility_id").
		Joins("LEFT JOIN (?) u ON u.resource_id = s.resource_id", users).
		Order(order + dir + ", s.effective_minutes" + dir + ", r.id").Limit(q.Limit).Scan(&out).Error
	return out, err
}

// LastComputedDay is the latest day with computed figures among the resource-days of the
// query (its days ignored), "" when there is none.
func (d *DB) LastComputedDay(ctx context.Context, q UtilizationQuery) (string, error) {
	var day *string
	err := q.scope(d.R(ctx).Table("report_resource_days rd").Select("MAX(rd.day)")).Scan(&day).Error
	if day == nil {
		return "", err
	}
	return *day, err
}

// IdleResource is a resource with no effective minutes in a range of days: its names, its
// available minutes in the range and the last day it was used, "" if never.
type IdleResource struct {
	ResourceID       int64
	Name             string
	NameEn           string
	FacilityID       int64
	FacilityName     string
	FacilityNameEn   string
	AvailableMinutes int64
	LastUsed         string
}

// IdleResources lists the resources of the query, not retired, whose computed days in its range
// have no effective minutes: those never used first, then by the day they were last used.
func (d *DB) IdleResources(ctx context.Context, q UtilizationQuery) ([]IdleResource, error) {
	var out []IdleResource
	err := q.filter(d.R(ctx).Table("report_resource_days rd").
		Select("rd.resource_id, r.name, r.name_en, r.facility_id, f.name AS facility_name, f.name_en AS facility_name_en, "+
			"COALESCE(SUM(rd.available_minutes), 0) AS available_minutes, COALESCE((SELECT MAX(x.day) FROM report_resource_days x "+
			"WHERE x.resource_id = rd.resource_id AND x.effective_minutes > 0), '') AS last_used").
		Joins("JOIN resources r ON r.id = rd.resource_id").
		Joins("JOIN facilities f ON f.id = r.facility_id").
		Where("r.status <> ?", ResourceRetired)).
		Group("rd.resource_id, r.name, r.name_en, r.facility_id, f.name, f.name_en").
		Having("SUM(rd.effective_minutes) = 0").
		Order("last_used, rd.resource_id").Scan(&out).Error
	return out, err
}

// WeekdayHours are the effective minutes of each ISO weekday (0 Monday … 6 Sunday) per local
// hour, and how many computed days of each weekday they sum.
type WeekdayHours struct {
	Minutes [7][24]int64
	Days    [7]int64
}

// weekdayHours sums h00 … h23 of the rows of g (table alias t, its local day in column day)
// per ISO weekday.
func (d *DB) weekdayHours(g *gorm.DB, t, day string) (WeekdayHours, error) {
	day = t + "." + day
	cols := []string{d.isoWeekday(day) + " AS weekday", "COUNT(*) AS days"}
	for h := range 24 {
		cols = append(cols, fmt.Sprintf("COALESCE(SUM(%s.h%02d), 0) AS h%02d", t, h, h))
	}
	var rows []struct {
		Weekday int
		Days    int64
		ReportFigures
	}
	var out WeekdayHours
	if err := g.Select(strings.Join(cols, ", ")).Group(d.isoWeekday(day)).Scan(&rows).Error; err != nil {
		return out, err
	}
	for _, r := range rows {
		if r.Weekday < 0 || r.Weekday > 6 {
			return out, fmt.Errorf("weekday hours: weekday %d of %s", r.Weekday, day)
		}
		out.Minutes[r.Weekday], out.Days[r.Weekday] = r.Hours(), r.Days
	}
	return out, nil
}

// ResourceWeekdayHours sums the hours of the resource-days of the query per weekday.
func (d *DB) ResourceWeekdayHours(ctx context.Context, q UtilizationQuery) (WeekdayHours, error) {
	return d.weekdayHours(q.filter(d.R(ctx).Table("report_resource_days rd")), "rd", "day")
}

// RollupWeekdayHours sums the hours of the stored day rollups of a scope (q.Kind unused) per
// weekday: a facility's, consortium's or the city's year is 365 rows.
func (d *DB) RollupWeekdayHours(ctx context.Context, q RollupQuery) (WeekdayHours, error) {
	return d.weekdayHours(d.R(ctx).Table("report_rollups r").
		Where("r.scope = ? AND r.scope_id = ? AND r.period_kind = ? AND r.period_start BETWEEN ? AND ?",
			q.Scope, q.ScopeID, PeriodDay, q.From, q.To), "r", "period_start")
}
