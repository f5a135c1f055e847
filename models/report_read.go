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
// range). UniqueUsers is counted apart (UtilizationUsers).
type UtilizationSums struct {
	Period               string
	Resources            int64
	AvailableMinutes     int64
	BookedMinutes        int64
	EffectiveMinutes     int64
	Bookings             int64
	NoShows              int64
	TeachingMinutes      int64
	ResearchMinutes      int64
	TrainingMinutes      int64
	SocialServiceMinutes int64
	InternalMinutes      int64
	MemberMinutes        int64
	ExternalMinutes      int64
	ServiceMinutes       int64
	UniqueUsers          int64 // of a stored rollup; UtilizationUsers counts those of resource-days
	H00                  int64
	H01                  int64
	H02                  int64
	H03                  int64
	H04                  int64
	H05                  int64
	H06                  int64
	H07                  int64
	H08                  int64
	H09                  int64
	H10                  int64
	H11                  int64
	H12                  int64
	H13                  int64
	H14                  int64
	H15                  int64
	H16                  int64
	H17                  int64
	H18                  int64
	H19                  int64
	H20                  int64
	H21                  int64
	H22                  int64
	H23                  int64
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

func (q UtilizationQuery) filter(g *gorm.DB) *gorm.DB {
	g = g.Where("rd.day BETWEEN ? AND ?", q.From, q.To)
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

// Hours is the sums of effective minutes per local hour.
func (s UtilizationSums) Hours() [24]int64 {
	return [24]int64{s.H00, s.H01, s.H02, s.H03, s.H04, s.H05, s.H06, s.H07, s.H08, s.H09, s.H10, s.H11,
		s.H12, s.H13, s.H14, s.H15, s.H16, s.H17, s.H18, s.H19, s.H20, s.H21, s.H22, s.H23}
}
