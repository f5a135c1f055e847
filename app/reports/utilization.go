package reports

import (
	"context"
	"math"
	"slices"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Report scopes.
const (
	ScopeResource   = "resource"
	ScopeFacility   = "facility"
	ScopeConsortium = "consortium"
	ScopeCity       = "city"
)

// Scopes and Periods list the scopes and periods a utilization report may ask for.
var (
	Scopes  = []string{ScopeResource, ScopeFacility, ScopeConsortium, ScopeCity}
	Periods = []string{models.PeriodDay, models.PeriodWeek, models.PeriodMonth, models.PeriodYear}
)

// Range limits: a report by day covers at most maxDayRange days, any other at most maxRange.
const (
	maxDayRange = 366
	maxRange    = 3660
)

// UtilizationQuery asks for the utilization of a scope (and its id, but for the city) per
// period over the local days [From, To] (YYYY-MM-DD).
type UtilizationQuery struct {
	Scope    string
	ID       int64
	Period   string
	From, To string
}

// Figures are the utilization figures of a period (DESIGN.md section 6), in minutes, with the
// ratios they give (0 where the denominator is 0, to four decimals). Start is the first day of
// the period (its Monday for a week), "" for the totals.
type Figures struct {
	Start                string
	Resources            int64
	AvailableMinutes     int64
	BookedMinutes        int64
	EffectiveMinutes     int64
	Bookings             int64
	NoShows              int64
	UniqueUsers          int64
	TeachingMinutes      int64
	ResearchMinutes      int64
	TrainingMinutes      int64
	SocialServiceMinutes int64
	InternalMinutes      int64
	MemberMinutes        int64
	ExternalMinutes      int64
	ServiceMinutes       int64
	QuotaMinutes         int64
	IncomeInternalFen    int64
	IncomeExternalFen    int64
	// HourMinutes are the effective minutes per local hour, 0 to 23.
	HourMinutes [24]int64
	// The tech platform's and the training base's figures (0 for a resource).
	models.ReportServiceFigures
	Utilization float64 // effective / available
	BookingRate float64 // booked / available
	NoShowRate  float64 // no-shows / bookings
	OpenShare   float64 // effective minutes of other consortia's members and of outside users and SMEs / effective
	QuotaRatio  float64 // effective / quota
	// OnTimeRate is on time / delivered; MeanRating rating sum / ratings; FillRate seats filled /
	// offered; AttendanceRate attended / seats filled; PassRate passed / results.
	OnTimeRate     float64
	MeanRating     float64
	FillRate       float64
	AttendanceRate float64
	PassRate       float64
}

// Utilization is a report: its question, a row per period with figures, and the totals of the
// whole range (unique users counted over the range, not summed).
type Utilization struct {
	UtilizationQuery
	Name, NameEn string // of the resource, facility or consortium; empty for the city
	TimeZone     string // of the resource or facility; empty for wider scopes
	Rows         []Figures
	Totals       Figures
}

// Utilization answers the report for those who may read it: administrators any scope; a
// manager a resource or facility they manage (any other is not found to them); anyone else
// nothing. Bad input is refused with the field that is wrong.
func (s *Service) Utilization(ctx context.Context, ac core.Actor, q UtilizationQuery) (Utilization, error) {
	if err := mayRead(ac); err != nil {
		return Utilization{}, err
	}
	if err := validate(q); err != nil {
		return Utilization{}, err
	}
	out := Utilization{UtilizationQuery: q}
	t, err := s.target(ctx, ac, q.Scope, q.ID)
	if err != nil {
		return out, err
	}
	out.Name, out.NameEn, out.TimeZone = t.Name, t.NameEn, t.TimeZone
	mq := t.days
	mq.Period = q.Period
	from, _ := time.Parse(models.DayFormat, q.From)
	to, _ := time.Parse(models.DayFormat, q.To)
	span := spanOf(q.Period, from, to)
	mq.From, mq.To = span[0], span[1]
	if q.Scope == ScopeResource {
		out.Rows, err = s.figures(ctx, mq)
	} else {
		out.Rows, err = s.rollups(ctx, q, span)
	}
	if err != nil {
		return out, err
	}
	out.Totals, err = s.totals(ctx, mq, out.Rows)
	if err != nil || q.Scope == ScopeResource {
		return out, err
	}
	// The service figures of the whole span are counted as one period: its medians and
	// distinct counts are no sums of the rows'.
	id := q.ID
	if q.Scope == ScopeCity {
		id = 0
	}
	sf, err := s.DB.ServiceFiguresOver(ctx, q.Scope, id, span[0], span[1], s.Now())
	if err != nil {
		return out, err
	}
	out.Totals.ReportServiceFigures = sf
	out.Totals.setRatios()
	// The distinct users of a span that is one stored period (a year by month, a month by day)
	// are stored; any other span's are counted.
	for _, kind := range []string{models.PeriodDay, models.PeriodWeek, models.PeriodMonth, models.PeriodYear} {
		if first, last := periodOf(kind, from); first.Format(models.DayFormat) != span[0] || last.Format(models.DayFormat) != span[1] {
			continue
		}
		stored, err := s.rollups(ctx, UtilizationQuery{Scope: q.Scope, ID: q.ID, Period: kind}, [2]string{span[0], span[0]})
		if err != nil {
			return out, err
		}
		users := int64(0)
		if len(stored) == 1 {
			users = stored[0].UniqueUsers
		}
		out.Totals.UniqueUsers = users
		return out, nil
	}
	mq.Period = ""
	users, err := s.DB.UtilizationUsers(ctx, mq)
	out.Totals.UniqueUsers = users[""]
	return out, err
}

// rollups reads the stored periods of a facility, a consortium or the city.
func (s *Service) rollups(ctx context.Context, q UtilizationQuery, span [2]string) ([]Figures, error) {
	scope, id := q.Scope, q.ID
	if scope == ScopeCity {
		id = 0
	}
	sums, err := s.DB.Rollups(ctx, models.RollupQuery{Scope: scope, ScopeID: id, Kind: q.Period, From: span[0], To: span[1]})
	out := make([]Figures, len(sums))
	for i, x := range sums {
		out[i] = figuresOf(x, x.UniqueUsers)
	}
	return out, err
}

// totals adds up the rows; a resource's distinct users of the whole span are counted apart.
func (s *Service) totals(ctx context.Context, mq models.UtilizationQuery, rows []Figures) (Figures, error) {
	var t models.UtilizationSums
	var hours [24]int64
	for _, r := range rows {
		t.Resources = max(t.Resources, r.Resources)
		t.AvailableMinutes += r.AvailableMinutes
		t.BookedMinutes += r.BookedMinutes
		t.EffectiveMinutes += r.EffectiveMinutes
		t.Bookings += r.Bookings
		t.NoShows += r.NoShows
		t.TeachingMinutes += r.TeachingMinutes
		t.ResearchMinutes += r.ResearchMinutes
		t.TrainingMinutes += r.TrainingMinutes
		t.SocialServiceMinutes += r.SocialServiceMinutes
		t.InternalMinutes += r.InternalMinutes
		t.MemberMinutes += r.MemberMinutes
		t.ExternalMinutes += r.ExternalMinutes
		t.ServiceMinutes += r.ServiceMinutes
		t.QuotaMinutes += r.QuotaMinutes
		t.IncomeInternalFen += r.IncomeInternalFen
		t.IncomeExternalFen += r.IncomeExternalFen
		for h := range hours {
			hours[h] += r.HourMinutes[h]
		}
	}
	f := figuresOf(t, 0)
	f.HourMinutes = hours
	if mq.ResourceID == 0 {
		return f, nil // the caller finds the users of a wider scope
	}
	mq.Period = ""
	users, err := s.DB.UtilizationUsers(ctx, mq)
	f.UniqueUsers = users[""]
	return f, err
}

// mayRead refuses the reports to anyone but administrators and managers.
func mayRead(ac core.Actor) error {
	if !ac.IsStaff() {
		return core.ErrForbidden
	}
	return nil
}

// target is the scope a report reads: the resource-days of its resource, facilities or
// consortium (no days yet), and its name.
type target struct {
	days                   models.UtilizationQuery
	Name, NameEn, TimeZone string
}

// target finds the scope and id a reader asks for: an administrator may read any; a manager a
// resource or facility they manage (any other is not found to them), no consortium nor the city.
func (s *Service) target(ctx context.Context, ac core.Actor, scope string, id int64) (target, error) {
	switch scope {
	case ScopeResource:
		r, err := s.DB.ResourceRowByID(ctx, id)
		if err != nil {
			return target{}, core.NotFound(err)
		}
		if !ac.ManagesFacility(r.FacilityID) {
			return target{}, core.ErrNotFound
		}
		return target{days: models.UtilizationQuery{ResourceID: r.ID}, Name: r.Name, NameEn: r.NameEn, TimeZone: r.TimeZone}, nil
	case ScopeFacility:
		f, err := s.DB.FacilityByID(ctx, id)
		if err != nil {
			return target{}, core.NotFound(err)
		}
		if !ac.ManagesFacility(f.ID) {
			return target{}, core.ErrNotFound
		}
		return target{days: models.UtilizationQuery{FacilityIDs: []int64{f.ID}}, Name: f.Name, NameEn: f.NameEn, TimeZone: f.TimeZone}, nil
	case ScopeConsortium:
		if !ac.AdministersConsortium(id) {
			return target{}, core.ErrForbidden
		}
		c, err := s.DB.ConsortiumByID(ctx, id)
		if err != nil {
			return target{}, core.NotFound(err)
		}
		return target{days: models.UtilizationQuery{ConsortiumID: c.ID}, Name: c.Name, NameEn: c.NameEn}, nil
	}
	if !ac.IsAdmin() {
		return target{}, core.ErrForbidden
	}
	return target{}, nil
}

func validate(q UtilizationQuery) error {
	fields := map[string]core.Text{}
	validateScope(fields, q.Scope, q.ID, Scopes, "reports.bad_scope")
	if !slices.Contains(Periods, q.Period) {
		fields["period"] = core.T("reports.bad_period")
	}
	limit := maxRange
	if q.Period == models.PeriodDay {
		limit = maxDayRange
	}
	validateDays(fields, q.From, q.To, limit)
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// validateScope words a scope that is not one of scopes (by the message key bad), or an id
// missing for any scope but the city.
func validateScope(fields map[string]core.Text, scope string, id int64, scopes []string, bad string) {
	if !slices.Contains(scopes, scope) {
		fields["scope"] = core.T(bad)
	} else if scope != ScopeCity && id <= 0 {
		fields["id"] = core.T("reports.id_required")
	}
}

// validateDays words a from or to that is no day, an end before the start, or more than limit
// days.
func validateDays(fields map[string]core.Text, from, to string, limit int) {
	first, errFrom := time.Parse(models.DayFormat, from)
	last, errTo := time.Parse(models.DayFormat, to)
	if errFrom != nil {
		fields["from"] = core.T("reports.bad_day")
	}
	if errTo != nil {
		fields["to"] = core.T("reports.bad_day")
	}
	if errFrom == nil && errTo == nil {
		days := int(last.Sub(first).Hours()/24) + 1
		switch {
		case days < 1:
			fields["to"] = core.T("reports.to_before_from")
		case days > limit:
			fields["to"] = core.T("reports.range_too_long", "days", core.Days(limit))
		}
	}
}

// figures sums the rollups per period and adds the unique users and the ratios.
func (s *Service) figures(ctx context.Context, q models.UtilizationQuery) ([]Figures, error) {
	sums, err := s.DB.UtilizationPeriods(ctx, q)
	if err != nil {
		return nil, err
	}
	users, err := s.DB.UtilizationUsers(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Figures, len(sums))
	for i, x := range sums {
		out[i] = figuresOf(x, users[x.Period])
	}
	return out, nil
}

// figuresOf is the figures of summed rollups with their unique users and ratios.
func figuresOf(x models.UtilizationSums, users int64) Figures {
	f := Figures{Start: periodStart(x.Period), Resources: x.Resources, AvailableMinutes: x.AvailableMinutes,
		BookedMinutes: x.BookedMinutes, EffectiveMinutes: x.EffectiveMinutes, Bookings: x.Bookings, NoShows: x.NoShows,
		UniqueUsers: users, TeachingMinutes: x.TeachingMinutes, ResearchMinutes: x.ResearchMinutes,
		TrainingMinutes: x.TrainingMinutes, SocialServiceMinutes: x.SocialServiceMinutes, InternalMinutes: x.InternalMinutes,
		MemberMinutes: x.MemberMinutes, ExternalMinutes: x.ExternalMinutes, ServiceMinutes: x.ServiceMinutes,
		QuotaMinutes: x.QuotaMinutes, IncomeInternalFen: x.IncomeInternalFen, IncomeExternalFen: x.IncomeExternalFen,
		HourMinutes: x.Hours(), ReportServiceFigures: x.ReportServiceFigures}
	f.setRatios()
	return f
}

// setRatios computes the ratios of the figures.
func (f *Figures) setRatios() {
	f.Utilization = ratio(f.EffectiveMinutes, f.AvailableMinutes)
	f.BookingRate = ratio(f.BookedMinutes, f.AvailableMinutes)
	f.NoShowRate = ratio(f.NoShows, f.Bookings)
	f.OpenShare = ratio(f.MemberMinutes+f.ExternalMinutes, f.EffectiveMinutes)
	f.QuotaRatio = ratio(f.EffectiveMinutes, f.QuotaMinutes)
	f.OnTimeRate = ratio(f.RequestsOnTime, f.RequestsDelivered)
	f.MeanRating = ratio(f.RatingSum, f.Ratings)
	f.FillRate = ratio(f.SeatsFilled, f.SeatsOffered)
	f.AttendanceRate = ratio(f.Attended, f.SeatsFilled)
	f.PassRate = ratio(f.Passed, f.Results)
}

// periodStart is the first day of a period by its key: a day or a Monday as is, YYYY-MM and
// YYYY from their first day.
func periodStart(key string) string {
	switch len(key) {
	case 4:
		return key + "-01-01"
	case 7:
		return key + "-01"
	}
	return key
}

// ratio is n / d to four decimals, 0 when d is 0.
func ratio(n, d int64) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(d)*10000) / 10000
}

// Hours is minutes as hours to two decimals, as the exports and the API show them beside the
// minutes.
func Hours(minutes int64) float64 { return math.Round(float64(minutes)/60*100) / 100 }
