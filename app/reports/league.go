package reports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"cqshare/models"
)

// The league table (赛马比拼, docs/reports.md): each consortium is ranked within its track (its
// level) by a weighted score of indicators read from its stored rollup of a month or a year,
// each normalised within the track and period so that no single one dominates. The table is
// computed by the league_compute job and stored per period with the weights version it used,
// so that later weights leave history alone.

// League formulas: how the indicators are normalised before they are weighted.
const (
	// FormulaMinMax maps each indicator linearly onto 0 … 1 between the track's lowest and
	// highest value in the period.
	FormulaMinMax = 1
	// FormulaRank maps each indicator to the share of the track's other consortia that do
	// worse, 0 … 1, so that one outlier stretches nothing.
	FormulaRank = 2
)

// Formulas lists the league formulas.
var Formulas = []int{FormulaMinMax, FormulaRank}

// Indicators names the league's indicators in the order they are shown.
var Indicators = []string{"utilization", "open_share", "on_time", "rating", "fill", "pass", "smes_served"}

// indicatorValues are a consortium's indicators from its rollup of a period: ratios to four
// decimals (0 where the denominator is 0), the mean rating, the SMEs served.
func indicatorValues(r models.ReportRollup) models.LeagueIndicators {
	return models.LeagueIndicators{
		Utilization: ratio(r.EffectiveMinutes, r.AvailableMinutes),
		OpenShare:   ratio(r.MemberMinutes+r.ExternalMinutes, r.EffectiveMinutes),
		OnTime:      ratio(r.RequestsOnTime, r.RequestsDelivered),
		Rating:      ratio(r.RatingSum, r.Ratings),
		Fill:        ratio(r.SeatsFilled, r.SeatsOffered),
		Pass:        ratio(r.Passed, r.Results),
		SMEsServed:  float64(r.SMEsServed),
	}
}

// values lists the indicators in the order of Indicators.
func values(v models.LeagueIndicators) []float64 {
	return []float64{v.Utilization, v.OpenShare, v.OnTime, v.Rating, v.Fill, v.Pass, v.SMEsServed}
}

// indicatorsOf is the inverse of values.
func indicatorsOf(x []float64) models.LeagueIndicators {
	return models.LeagueIndicators{Utilization: x[0], OpenShare: x[1], OnTime: x[2], Rating: x[3], Fill: x[4], Pass: x[5], SMEsServed: x[6]}
}

// normalise maps one indicator's values of a track's consortia onto 0 … 1 by the formula.
// When every consortium has the same value nobody stands out: all get 1 when it is above 0,
// and 0 when it is 0 (nobody did anything).
func normalise(formula int, xs []float64) []float64 {
	lo, hi := slices.Min(xs), slices.Max(xs)
	out := make([]float64, len(xs))
	for i, x := range xs {
		switch {
		case lo == hi && x > 0:
			out[i] = 1
		case lo == hi:
			out[i] = 0
		case formula == FormulaRank:
			below := 0
			for _, y := range xs {
				if y < x {
					below++
				}
			}
			out[i] = float64(below) / float64(len(xs)-1)
		default:
			out[i] = (x - lo) / (hi - lo)
		}
	}
	return out
}

// scoreTrack scores and ranks the rows of one track (their indicators set): each indicator is
// normalised, the score is 100 × Σ weight × normalised / Σ weights to two decimals, and the
// places go by score, highest first, equal scores sharing a place (1, 1, 3). The rows come
// back by place, then consortium.
func scoreTrack(rows []models.LeagueResult, w models.LeagueWeights) []models.LeagueResult {
	if len(rows) == 0 {
		return rows
	}
	weights := values(w.LeagueIndicators)
	total := 0.0
	for _, x := range weights {
		total += x
	}
	raw, norm := make([][]float64, len(rows)), make([][]float64, len(rows))
	for i, r := range rows {
		raw[i], norm[i] = values(r.LeagueIndicators), make([]float64, len(weights))
	}
	for k := range weights {
		col := make([]float64, len(rows))
		for i := range rows {
			col[i] = raw[i][k]
		}
		for i, n := range normalise(w.Formula, col) {
			norm[i][k] = n
		}
	}
	for i := range rows {
		sum := 0.0
		for k, n := range norm[i] {
			sum += weights[k] * n
		}
		rows[i].Score = round(100*sum/total, 2)
		rounded := make([]float64, len(weights))
		for k, n := range norm[i] {
			rounded[k] = round(n, 4)
		}
		rows[i].Normalised = indicatorsOf(rounded)
		rows[i].WeightsVersion = w.Version
	}
	slices.SortStableFunc(rows, func(a, b models.LeagueResult) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.ConsortiumID, b.ConsortiumID))
	})
	for i := range rows {
		if i > 0 && rows[i].Score == rows[i-1].Score {
			rows[i].Place = rows[i-1].Place
		} else {
			rows[i].Place = int64(i + 1)
		}
	}
	return rows
}

func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

// previousPeriod is the first day of the month or year before the one starting on start.
func previousPeriod(kind string, start time.Time) time.Time {
	if kind == models.PeriodYear {
		return start.AddDate(-1, 0, 0)
	}
	return start.AddDate(0, -1, 0)
}

// ComputeLeague computes and stores the league table of every track for the month or year
// starting on start (YYYY-MM-DD, its first day), from the consortia's stored rollups, and
// returns how many rows it wrote. A period computed before keeps the weights version it was
// computed with, so that new weights never rewrite history; reweight applies the latest
// version instead (an administrator's explicit request). The period after, if stored, gets
// its rank changes against the new places. Running it twice writes the same rows.
func (s *Service) ComputeLeague(ctx context.Context, kind, start string, reweight bool) (int64, error) {
	day, err := time.Parse(models.DayFormat, start)
	if err != nil || (kind != models.PeriodMonth && kind != models.PeriodYear) {
		return 0, fmt.Errorf("league period %s %q: want a month or a year by its first day", kind, start)
	}
	if first, _ := periodOf(kind, day); !first.Equal(day) {
		return 0, fmt.Errorf("league period %s %q does not start a %s", kind, start, kind)
	}
	var rows []models.LeagueResult
	err = s.Tx(ctx, func(ctx context.Context) error {
		w, err := s.leagueWeightsFor(ctx, kind, start, reweight)
		if err != nil {
			return err
		}
		inputs, err := s.DB.LeagueInputs(ctx, kind, start)
		if err != nil {
			return err
		}
		prevStart := previousPeriod(kind, day).Format(models.DayFormat)
		before, err := s.DB.LeagueResults(ctx, kind, prevStart)
		if err != nil {
			return err
		}
		now := s.Now()
		tracks := map[string][]models.LeagueResult{}
		for _, in := range inputs {
			tracks[in.Track] = append(tracks[in.Track], models.LeagueResult{Track: in.Track, PeriodKind: kind,
				PeriodStart: start, ConsortiumID: in.ScopeID, LeagueIndicators: indicatorValues(in.ReportRollup), ComputedAt: now})
		}
		for _, track := range models.Levels {
			for _, r := range scoreTrack(tracks[track], w) {
				r.PrevPlace = placeIn(before, r.Track, r.ConsortiumID)
				rows = append(rows, r)
			}
		}
		if err := s.DB.ReplaceLeagueResults(ctx, kind, start, rows); err != nil {
			return err
		}
		after, err := s.DB.LeagueResults(ctx, kind, nextPeriod(kind, day).Format(models.DayFormat))
		if err != nil {
			return err
		}
		for _, r := range after {
			if err := s.DB.SetLeaguePrevPlace(ctx, r, placeIn(rows, r.Track, r.ConsortiumID)); err != nil {
				return err
			}
		}
		return nil
	})
	return int64(len(rows)), err
}

// nextPeriod is the first day of the month or year after the one starting on start.
func nextPeriod(kind string, start time.Time) time.Time {
	if kind == models.PeriodYear {
		return start.AddDate(1, 0, 0)
	}
	return start.AddDate(0, 1, 0)
}

// placeIn is a consortium's place in a track among rows, nil when it has none there.
func placeIn(rows []models.LeagueResult, track string, consortiumID int64) *int64 {
	for _, r := range rows {
		if r.Track == track && r.ConsortiumID == consortiumID {
			p := r.Place
			return &p
		}
	}
	return nil
}

// leagueWeightsFor is the weights version a computation of the period uses: the one it was
// computed with before, unless reweight asks for the latest; the latest for a new period.
func (s *Service) leagueWeightsFor(ctx context.Context, kind, start string, reweight bool) (models.LeagueWeights, error) {
	if !reweight {
		stored, err := s.DB.LeagueResults(ctx, kind, start)
		if err != nil {
			return models.LeagueWeights{}, err
		}
		if len(stored) > 0 {
			return s.DB.LeagueWeightsVersion(ctx, stored[0].WeightsVersion)
		}
	}
	w, err := s.DB.LatestLeagueWeights(ctx)
	if models.IsNotFound(err) {
		return w, errors.New("no league weights: the migration's first version is missing")
	}
	return w, err
}

// ComputeLeagueNightly is the league_compute job: after the night's rollup it computes the
// last complete month of the default zone, and in January the year that ended, each keeping
// the weights version it was first computed with. It returns how many rows it wrote.
func (s *Service) ComputeLeagueNightly(ctx context.Context) (int64, error) {
	now := s.Now().In(s.defaultTZ)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(0, -1, 0)
	rows, err := s.ComputeLeague(ctx, models.PeriodMonth, month.Format(models.DayFormat), false)
	if err != nil || now.Month() != time.January {
		return rows, err
	}
	n, err := s.ComputeLeague(ctx, models.PeriodYear, fmt.Sprintf("%d-01-01", now.Year()-1), false)
	return rows + n, err
}

// ConsortiumYear is what a consortium has reached of the league's indicators in a year so far,
// from its stored rollup of the year; ok is false before the year's first rollup.
func (s *Service) ConsortiumYear(ctx context.Context, consortiumID int64, year int) (v models.LeagueIndicators, ok bool, err error) {
	start := fmt.Sprintf("%04d-01-01", year)
	rows, err := s.DB.Rollups(ctx, models.RollupQuery{Scope: models.RollupConsortium, ScopeID: consortiumID,
		Kind: models.PeriodYear, From: start, To: start})
	if err != nil || len(rows) == 0 {
		return v, false, err
	}
	return indicatorValues(models.ReportRollup{ReportFigures: rows[0].ReportFigures, ReportServiceFigures: rows[0].ReportServiceFigures}), true, nil
}

// Indicator is the value of one of the league's indicators (a name of Indicators).
func Indicator(v models.LeagueIndicators, name string) float64 {
	return values(v)[slices.Index(Indicators, name)]
}
