package models

import (
	"context"
	"strings"

	"gorm.io/gorm"
)

// Report periods: a local day, an ISO week (from its Monday), a month, a year.
const (
	PeriodDay   = "day"
	PeriodWeek  = "week"
	PeriodMonth = "month"
	PeriodYear  = "year"
)

// UtilizationQuery selects the resource-days a report sums: the local days [From, To] of one
// resource, of the facilities listed (nil: every facility), or of a consortium's facilities.
type UtilizationQuery struct {
	Period       string
	From, To     string
	ResourceID   int64
	FacilityIDs  []int64
	ConsortiumID int64
}

// UtilizationSums is what the resource-days of one period add up to, in (seat-)minutes; Period
// is the key of the period (YYYY-MM-DD of its day or Monday, YYYY-MM, YYYY; "" for the whole
// range). Its UniqueUsers is a stored rollup's; UtilizationUsers counts those of resource-days.
type UtilizationSums struct {
	Period    string
	Resources int64
	ReportFigures
	ReportServiceFigures
}

// periodKey is the SQL key of a period over report_resource_days rd; "" sums the whole range.
func periodKey(period string) string {
	switch period {
	case PeriodDay:
		return "rd.day"
	case PeriodWeek:
		return "rd.week"
	case PeriodMonth:
		return "SUBSTR(rd.day, 1, 7)"
	case PeriodYear:
		return "SUBSTR(rd.day, 1, 4)"
	}
	return "''"
}

// filter keeps the resource-days rd of the query: its days of its scope.
func (q UtilizationQuery) filter(g *gorm.DB) *gorm.DB {
	return q.scope(g.Where("rd.day BETWEEN ? AND ?", q.From, q.To))
}

// scope keeps the resource-days rd of the query's resource, facilities or consortium, of any day.
func (q UtilizationQuery) scope(g *gorm.DB) *gorm.DB {
	if q.ResourceID != 0 {
		g = g.Where("rd.resource_id = ?", q.ResourceID)
	}
	if q.FacilityIDs != nil {
		g = g.Where("rd.facility_id IN ?", orNone(q.FacilityIDs))
	}
	if q.ConsortiumID != 0 {
		g = g.Where("rd.facility_id IN (SELECT id FROM facilities WHERE consortium_id = ?)", q.ConsortiumID)
	}
	return g
}

// UtilizationPeriods sums the resource-days of the query per period (the whole range when
// Period is empty), in order, by one GROUP BY over report_resource_days.
func (d *DB) UtilizationPeriods(ctx context.Context, q UtilizationQuery) ([]UtilizationSums, error) {
	key := periodKey(q.Period)
	cols := []string{key + " AS period", "COUNT(DISTINCT rd.resource_id) AS resources"}
	for _, c := range resourceDayFigures {
		if c != "unique_users" {
			cols = append(cols, "COALESCE(SUM(rd."+c+"), 0) AS "+c)
		}
	}
	var out []UtilizationSums
	g := q.filter(d.R(ctx).Table("report_resource_days rd").Select(strings.Join(cols, ", ")))
	if q.Period != "" {
		g = g.Group(key).Order(key)
	}
	err := g.Scan(&out).Error
	return out, err
}

// UtilizationUsers counts the distinct users of each period of the query (the whole range when
// Period is empty), from report_user_days.
func (d *DB) UtilizationUsers(ctx context.Context, q UtilizationQuery) (map[string]int64, error) {
	key := periodKey(q.Period)
	var rows []struct {
		Period string
		N      int64
	}
	g := q.filter(d.R(ctx).Table("report_user_days ud").
		Joins("JOIN report_resource_days rd ON rd.resource_id = ud.resource_id AND rd.day = ud.day").
		Select(key + " AS period, COUNT(DISTINCT ud.user_id) AS n"))
	if q.Period != "" {
		g = g.Group(key)
	}
	if err := g.Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		out[r.Period] = r.N
	}
	return out, nil
}

// ResourceYear is what one resource's days of a range add up to, with its names and its
// facility's, and the distinct SMEs whose people used it (effective minutes above 0).
type ResourceYear struct {
	ResourceID     int64
	Name           string
	NameEn         string
	Category       string
	FacilityID     int64
	FacilityName   string
	FacilityNameEn string
	ReportFigures
	SMEsServed int64 `gorm:"column:smes_served"`
}

// ResourceYears sums the resource-days of the query per resource (its Period is not read), by
// facility and resource, with each resource's SMEs served counted over report_user_days.
func (d *DB) ResourceYears(ctx context.Context, q UtilizationQuery) ([]ResourceYear, error) {
	var out []ResourceYear
	g := q.filter(d.R(ctx).Table("report_resource_days rd").
		Joins("JOIN resources r ON r.id = rd.resource_id JOIN facilities f ON f.id = rd.facility_id").
		Select("rd.resource_id, r.name, r.name_en, r.category, rd.facility_id, f.name AS facility_name, " +
			"f.name_en AS facility_name_en, " + sums("rd")))
	err := g.Group("rd.resource_id, r.name, r.name_en, r.category, rd.facility_id, f.name, f.name_en").
		Order("rd.facility_id, rd.resource_id").Scan(&out).Error
	if err != nil || len(out) == 0 {
		return out, err
	}
	var smes []struct {
		ResourceID int64
		N          int64
	}
	err = q.filter(d.R(ctx).Table("report_user_days ud").
		Joins("JOIN report_resource_days rd ON rd.resource_id = ud.resource_id AND rd.day = ud.day").
		Joins("JOIN users u ON u.id = ud.user_id JOIN organizations o ON o.id = u.organization_id AND o.is_sme").
		Select("ud.resource_id, COUNT(DISTINCT o.id) AS n")).Group("ud.resource_id").Scan(&smes).Error
	n := make(map[int64]int64, len(smes))
	for _, s := range smes {
		n[s.ResourceID] = s.N
	}
	for i := range out {
		out[i].SMEsServed = n[out[i].ResourceID]
	}
	return out, err
}
