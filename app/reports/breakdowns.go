package reports

import (
	"context"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// The breakdowns of a facility's, consortium's or the city's figures (docs/reports.md): by
// resource (the top resources are its first rows), the idle resources, and the hour × weekday
// heat map. They are scoped and validated as the utilization report is.

// BreakdownScopes are the scopes a list of resources may be asked for.
var BreakdownScopes = []string{ScopeFacility, ScopeConsortium, ScopeCity}

// ResourceSorts are the orders of a list of resources.
var ResourceSorts = []string{models.SortUtilization, models.SortEffective, models.SortAvailable, models.SortBookings,
	models.SortNoShows, models.SortNoShowRate, models.SortUniqueUsers, models.SortName}

// Breakdown limits: resources listed by default and at most, idle days by default and at most.
const (
	defaultResources = 100
	maxResources     = 1000
	defaultIdleDays  = 30
	maxIdleDays      = 366
)

// ResourcesQuery asks for the figures of each resource of a scope over the local days
// [From, To], sorted by Sort (utilization by default), descending unless Asc, at most Limit
// (0: the default).
type ResourcesQuery struct {
	Scope    string
	ID       int64
	From, To string
	Sort     string
	Asc      bool
	Limit    int
}

// ResourceFigures are one resource's figures over a range, with its and its facility's names.
type ResourceFigures struct {
	ResourceID     int64
	Name, NameEn   string
	FacilityID     int64
	FacilityName   string
	FacilityNameEn string
	Figures
}

// ResourceList is a scope's resources with figures in a range, sorted, and the scope's last
// computed day ("" when none).
type ResourceList struct {
	ResourcesQuery
	Name, NameEn string
	LastDay      string
	Rows         []ResourceFigures
}

// Resources lists the resources of a scope with their figures over the range (unique users
// counted over the range), sorted and limited in the database.
func (s *Service) Resources(ctx context.Context, ac core.Actor, q ResourcesQuery) (ResourceList, error) {
	if err := mayRead(ac); err != nil {
		return ResourceList{}, err
	}
	fields := map[string]core.Text{}
	validateScope(fields, q.Scope, q.ID, BreakdownScopes, "reports.bad_breakdown_scope")
	validateDays(fields, q.From, q.To, maxDayRange)
	if q.Sort == "" {
		q.Sort = models.SortUtilization
	}
	if !slices.Contains(ResourceSorts, q.Sort) {
		fields["sort"] = core.T("reports.bad_sort")
	}
	if q.Limit == 0 {
		q.Limit = defaultResources
	}
	if q.Limit < 1 || q.Limit > maxResources {
		fields["limit"] = core.T("reports.bad_limit", "max", maxResources)
	}
	if len(fields) > 0 {
		return ResourceList{}, core.ValidationError(fields)
	}
	t, err := s.target(ctx, ac, q.Scope, q.ID)
	if err != nil {
		return ResourceList{}, err
	}
	out := ResourceList{ResourcesQuery: q, Name: t.Name, NameEn: t.NameEn}
	if out.LastDay, err = s.DB.LastComputedDay(ctx, t.days); err != nil {
		return out, err
	}
	mq := t.days
	mq.From, mq.To = q.From, q.To
	rows, err := s.DB.ResourceBreakdown(ctx, models.ResourceQuery{UtilizationQuery: mq, Sort: q.Sort, Asc: q.Asc, Limit: q.Limit})
	for _, r := range rows {
		out.Rows = append(out.Rows, ResourceFigures{ResourceID: r.ResourceID, Name: r.Name, NameEn: r.NameEn, FacilityID: r.FacilityID,
			FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn, Figures: figuresOf(r.UtilizationSums, r.UniqueUsers)})
	}
	return out, err
}

// IdleQuery asks for the resources of a scope idle in the last Days computed days (0: the
// default).
type IdleQuery struct {
	Scope string
	ID    int64
	Days  int
}

// IdleList is a scope's idle resources: those with no effective minutes in the days
// [From, To], the last Days days up to its last computed day (all empty when none is).
type IdleList struct {
	IdleQuery
	Name, NameEn string
	From, To     string
	Rows         []models.IdleResource
}

// Idle lists the resources of a scope (not retired) with computed days but no effective minutes
// in its last computed days, each with the last day it was used, if ever.
func (s *Service) Idle(ctx context.Context, ac core.Actor, q IdleQuery) (IdleList, error) {
	if err := mayRead(ac); err != nil {
		return IdleList{}, err
	}
	fields := map[string]core.Text{}
	validateScope(fields, q.Scope, q.ID, BreakdownScopes, "reports.bad_breakdown_scope")
	if q.Days == 0 {
		q.Days = defaultIdleDays
	}
	if q.Days < 1 || q.Days > maxIdleDays {
		fields["days"] = core.T("reports.bad_idle_days", "max", maxIdleDays)
	}
	if len(fields) > 0 {
		return IdleList{}, core.ValidationError(fields)
	}
	t, err := s.target(ctx, ac, q.Scope, q.ID)
	if err != nil {
		return IdleList{}, err
	}
	out := IdleList{IdleQuery: q, Name: t.Name, NameEn: t.NameEn}
	if out.To, err = s.DB.LastComputedDay(ctx, t.days); err != nil || out.To == "" {
		return out, err
	}
	last, err := time.Parse(models.DayFormat, out.To)
	if err != nil {
		return out, err
	}
	out.From = last.AddDate(0, 0, 1-q.Days).Format(models.DayFormat)
	mq := t.days
	mq.From, mq.To = out.From, out.To
	out.Rows, err = s.DB.IdleResources(ctx, mq)
	return out, err
}

// HeatMapQuery asks for the effective hours of a scope per weekday and local hour over the
// local days [From, To].
type HeatMapQuery struct {
	Scope    string
	ID       int64
	From, To string
}

// HeatMap is a scope's effective minutes per ISO weekday (0 Monday … 6 Sunday) and local hour
// over a range, with how many computed days of each weekday they sum, and the scope's last
// computed day.
type HeatMap struct {
	HeatMapQuery
	Name, NameEn string
	LastDay      string
	models.WeekdayHours
}

// HeatMap answers the hour × weekday map of a scope: a resource's from its days, a facility's,
// consortium's or the city's from their stored days.
func (s *Service) HeatMap(ctx context.Context, ac core.Actor, q HeatMapQuery) (HeatMap, error) {
	if err := mayRead(ac); err != nil {
		return HeatMap{}, err
	}
	fields := map[string]core.Text{}
	validateScope(fields, q.Scope, q.ID, Scopes, "reports.bad_scope")
	validateDays(fields, q.From, q.To, maxRange)
	if len(fields) > 0 {
		return HeatMap{}, core.ValidationError(fields)
	}
	t, err := s.target(ctx, ac, q.Scope, q.ID)
	if err != nil {
		return HeatMap{}, err
	}
	out := HeatMap{HeatMapQuery: q, Name: t.Name, NameEn: t.NameEn}
	if out.LastDay, err = s.DB.LastComputedDay(ctx, t.days); err != nil {
		return out, err
	}
	if q.Scope == ScopeResource {
		mq := t.days
		mq.From, mq.To = q.From, q.To
		out.WeekdayHours, err = s.DB.ResourceWeekdayHours(ctx, mq)
		return out, err
	}
	id := q.ID
	if q.Scope == ScopeCity {
		id = 0
	}
	out.WeekdayHours, err = s.DB.RollupWeekdayHours(ctx, models.RollupQuery{Scope: q.Scope, ScopeID: id, From: q.From, To: q.To})
	return out, err
}
