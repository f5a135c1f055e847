package reports

import (
	"context"
	"regexp"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditLeagueWeights is the audit log's object type of a version of the league's weights.
const AuditLeagueWeights = "league_weights"

// LeagueQuery asks for the league table of a track ("" for every track) and a period: a month
// YYYY-MM or a year YYYY ("" for the latest month stored, else the latest year).
type LeagueQuery struct {
	Track  string
	Period string
}

// LeagueTable is the league table of a period: its rows by track and place, the weights
// version they were scored with (the latest when the period has no rows), and the months and
// years that have a table, the latest first.
type LeagueTable struct {
	Track       string
	PeriodKind  string
	Period      string // YYYY-MM or YYYY; "" when no period has a table
	PeriodStart string
	Weights     models.LeagueWeights
	Rows        []models.LeagueRow
	Months      []string
	Years       []string
}

var (
	monthKey = regexp.MustCompile(`^\d{4}-(0[1-9]|1[0-2])$`)
	yearKey  = regexp.MustCompile(`^\d{4}$`)
)

// LeaguePeriod is the kind and the first day of a league period written YYYY-MM (a month) or
// YYYY (a year); ok is false for anything else.
func LeaguePeriod(key string) (kind, start string, ok bool) {
	switch {
	case monthKey.MatchString(key):
		return models.PeriodMonth, key + "-01", true
	case yearKey.MatchString(key):
		return models.PeriodYear, key + "-01-01", true
	}
	return "", "", false
}

// League answers the league table to anyone, signed in or not: consortia's names and figures
// only, nobody's personal data. Bad input is refused with the field that is wrong.
func (s *Service) League(ctx context.Context, q LeagueQuery) (LeagueTable, error) {
	fields := map[string]core.Text{}
	if q.Track != "" && !slices.Contains(models.Levels, q.Track) {
		fields["track"] = core.T("league.bad_track")
	}
	if _, _, ok := LeaguePeriod(q.Period); q.Period != "" && !ok {
		fields["period"] = core.T("league.bad_period")
	}
	if len(fields) > 0 {
		return LeagueTable{}, core.ValidationError(fields)
	}
	out := LeagueTable{Track: q.Track}
	months, err := s.DB.LeaguePeriods(ctx, models.PeriodMonth)
	if err != nil {
		return out, err
	}
	years, err := s.DB.LeaguePeriods(ctx, models.PeriodYear)
	if err != nil {
		return out, err
	}
	// YYYY-MM-01 as YYYY-MM, YYYY-01-01 as YYYY.
	out.Months, out.Years = make([]string, len(months)), make([]string, len(years))
	for i, m := range months {
		out.Months[i] = m[:7]
	}
	for i, y := range years {
		out.Years[i] = y[:4]
	}
	out.Period = q.Period
	switch {
	case out.Period != "":
	case len(out.Months) > 0:
		out.Period = out.Months[0]
	case len(out.Years) > 0:
		out.Period = out.Years[0]
	}
	var ok bool
	if out.PeriodKind, out.PeriodStart, ok = LeaguePeriod(out.Period); ok {
		if out.Rows, err = s.DB.LeagueTable(ctx, out.PeriodKind, out.PeriodStart, q.Track); err != nil {
			return out, err
		}
	}
	if len(out.Rows) > 0 {
		out.Weights, err = s.DB.LeagueWeightsVersion(ctx, out.Rows[0].WeightsVersion)
	} else {
		out.Weights, err = s.DB.LatestLeagueWeights(ctx)
	}
	return out, err
}

// LeagueWeightsHistory lists every version of the league's weights, the latest (the one new
// computations use) first; anyone may read them.
func (s *Service) LeagueWeightsHistory(ctx context.Context) ([]models.LeagueWeights, error) {
	return s.DB.LeagueWeightsHistory(ctx)
}

// LeagueWeightsInput is a new version of the league's weights: one weight per indicator, in
// the order of Indicators, the formula and a note.
type LeagueWeightsInput struct {
	Formula int
	Weights models.LeagueIndicators
	Note    string
}

// SetLeagueWeights records a new version of the league's weights (administrators only), audited;
// the periods computed from then on use it, those computed before keep theirs. Each weight is
// at least 0 and they add up to more than 0.
func (s *Service) SetLeagueWeights(ctx context.Context, ac core.Actor, in LeagueWeightsInput) (models.LeagueWeights, error) {
	if !ac.IsAdmin() {
		return models.LeagueWeights{}, core.ErrForbidden
	}
	fields := map[string]core.Text{}
	if !slices.Contains(Formulas, in.Formula) {
		fields["formula"] = core.T("league.bad_formula")
	}
	sum := 0.0
	for i, x := range values(in.Weights) {
		if x < 0 {
			fields["weights."+Indicators[i]] = core.T("league.negative_weight")
		}
		sum += x
	}
	if len(fields) == 0 && sum <= 0 {
		fields["weights"] = core.T("league.no_weight")
	}
	if len(fields) > 0 {
		return models.LeagueWeights{}, core.ValidationError(fields)
	}
	w := models.LeagueWeights{Formula: in.Formula, LeagueIndicators: in.Weights, Note: in.Note, CreatedAt: s.Now()}
	if ac.UserID != 0 {
		id := ac.UserID
		w.CreatedBy = &id
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.Insert(ctx, &w); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "league.weights", AuditLeagueWeights, w.Version, in)
	})
	return w, err
}
