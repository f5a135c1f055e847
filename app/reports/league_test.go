package reports_test

import (
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/reports"
	"cqshare/models"
)

// league is three consortia of the municipal track (a, b, c) and one national (d), with
// their stored rollups written by the test.
type league struct {
	*apptest.Fixture
	a, b, c, d int64
}

func newLeague(t *testing.T) *league {
	l := &league{Fixture: apptest.NewFixture(t, time.Date(2026, time.December, 3, 4, 0, 0, 0, time.UTC))}
	l.a = l.consortium("A 甲", models.LevelMunicipal)
	l.b = l.consortium("B 乙", models.LevelMunicipal)
	l.c = l.consortium("C 丙", models.LevelMunicipal)
	l.d = l.consortium("D 丁", models.LevelNational)
	return l
}

func (l *league) consortium(name, level string) int64 {
	now := l.Clock.Now()
	c := models.Consortium{Name: name + " " + now.String(), Level: level, CreatedAt: now, UpdatedAt: now}
	l.Must(l.DB.W(l.Ctx).Create(&c).Error)
	return c.ID
}

// leagueFigures are the parts of a consortium's rollup the indicators read.
type leagueFigures struct {
	available, effective, member, external int64
	delivered, onTime, ratings, ratingSum  int64
	offered, filled, results, passed, smes int64
}

func (l *league) rollup(id int64, kind, start string, f leagueFigures) {
	r := models.ReportRollup{Scope: models.RollupConsortium, ScopeID: id, PeriodKind: kind, PeriodStart: start, Resources: 3,
		ReportFigures: models.ReportFigures{AvailableMinutes: f.available, EffectiveMinutes: f.effective,
			MemberMinutes: f.member, ExternalMinutes: f.external},
		ReportServiceFigures: models.ReportServiceFigures{RequestsDelivered: f.delivered, RequestsOnTime: f.onTime,
			Ratings: f.ratings, RatingSum: f.ratingSum, SeatsOffered: f.offered, SeatsFilled: f.filled,
			Results: f.results, Passed: f.passed, SMEsServed: f.smes},
		ComputedAt: l.Clock.Now()}
	l.Must(l.DB.W(l.Ctx).Create(&r).Error)
}

// october writes the month every expectation below is computed from by hand.
func (l *league) october() {
	l.rollup(l.a, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 500, member: 60, external: 40,
		delivered: 10, onTime: 8, ratings: 4, ratingSum: 18, offered: 20, filled: 10, results: 10, passed: 10, smes: 4})
	l.rollup(l.b, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 250, member: 150, external: 100,
		delivered: 10, onTime: 5, ratings: 5, ratingSum: 18, offered: 20, filled: 20, results: 10, passed: 5, smes: 2})
	l.rollup(l.c, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000})
	l.rollup(l.d, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 300, smes: 1})
}

type want struct {
	id       int64
	place    int64
	prev     *int64
	score    float64
	raw, nrm models.LeagueIndicators
}

func (l *league) check(t *testing.T, kind, start, track string, version int64, rows []want) {
	t.Helper()
	got, err := l.DB.LeagueTable(l.Ctx, kind, start, track)
	l.Must(err)
	if len(got) != len(rows) {
		t.Fatalf("got %d rows, want %d: %+v", len(got), len(rows), got)
	}
	for i, w := range rows {
		g := got[i]
		if g.ConsortiumID != w.id || g.Place != w.place || g.Score != w.score || g.WeightsVersion != version {
			t.Errorf("row %d: got consortium %d place %d score %v version %d, want %d %d %v %d",
				i, g.ConsortiumID, g.Place, g.Score, g.WeightsVersion, w.id, w.place, w.score, version)
		}
		if (g.PrevPlace == nil) != (w.prev == nil) || (g.PrevPlace != nil && *g.PrevPlace != *w.prev) {
			t.Errorf("row %d: got previous place %v, want %v", i, g.PrevPlace, w.prev)
		}
		if w.raw != (models.LeagueIndicators{}) && g.LeagueIndicators != w.raw {
			t.Errorf("row %d: got indicators %+v, want %+v", i, g.LeagueIndicators, w.raw)
		}
		if w.nrm != (models.LeagueIndicators{}) && g.Normalised != w.nrm {
			t.Errorf("row %d: got normalised %+v, want %+v", i, g.Normalised, w.nrm)
		}
	}
}

// TestLeagueScores checks every indicator, its min–max normalisation within the track and the
// weighted score of a hand-computed month, the equal-value rule of a track of one, and that a
// second run writes the same rows.
func TestLeagueScores(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	l.october()
	for range 2 {
		n, err := l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", false)
		l.Must(err)
		if n != 4 {
			t.Fatalf("got %d rows, want 4", n)
		}
	}
	// Municipal, equal weights (version 1): a = 1 + 0.2 + 1 + 1 + 0.5 + 1 + 1 = 5.7 of 7;
	// b = 0.5 + 1 + 0.625 + 0.8 + 1 + 0.5 + 0.5 = 4.925 of 7; c has nothing.
	l.check(t, models.PeriodMonth, "2026-10-01", models.LevelMunicipal, 1, []want{
		{id: l.a, place: 1, score: 81.43,
			raw: models.LeagueIndicators{Utilization: 0.5, OpenShare: 0.2, OnTime: 0.8, Rating: 4.5, Fill: 0.5, Pass: 1, SMEsServed: 4},
			nrm: models.LeagueIndicators{Utilization: 1, OpenShare: 0.2, OnTime: 1, Rating: 1, Fill: 0.5, Pass: 1, SMEsServed: 1}},
		{id: l.b, place: 2, score: 70.36,
			raw: models.LeagueIndicators{Utilization: 0.25, OpenShare: 1, OnTime: 0.5, Rating: 3.6, Fill: 1, Pass: 0.5, SMEsServed: 2},
			nrm: models.LeagueIndicators{Utilization: 0.5, OpenShare: 1, OnTime: 0.625, Rating: 0.8, Fill: 1, Pass: 0.5, SMEsServed: 0.5}},
		{id: l.c, place: 3, score: 0},
	})
	// National, alone: a value above 0 is the track's best (1), a 0 everyone's (0): 2 of 7.
	l.check(t, models.PeriodMonth, "2026-10-01", models.LevelNational, 1, []want{
		{id: l.d, place: 1, score: 28.57,
			nrm: models.LeagueIndicators{Utilization: 1, SMEsServed: 1}},
	})
}

// TestLeagueHistory checks that new weights apply to a new period only, that a recomputation
// keeps a period's version unless asked, and the rank change against the month before.
func TestLeagueHistory(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	l.october()
	_, err := l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", false)
	l.Must(err)
	admin := l.User(models.RoleAdmin)
	v2, err := l.App.Reports.SetLeagueWeights(l.Ctx, admin, reports.LeagueWeightsInput{Formula: reports.FormulaMinMax,
		Weights: models.LeagueIndicators{Utilization: 1}, Note: "utilization only"})
	l.Must(err)
	if v2.Version != 2 {
		t.Fatalf("got version %d, want 2", v2.Version)
	}
	// October again, as the nightly run does: still version 1, the same scores.
	_, err = l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", false)
	l.Must(err)
	l.check(t, models.PeriodMonth, "2026-10-01", models.LevelMunicipal, 1, []want{
		{id: l.a, place: 1, score: 81.43}, {id: l.b, place: 2, score: 70.36}, {id: l.c, place: 3, score: 0}})

	// November, new: version 2 (utilization only), c first, a last.
	l.rollup(l.a, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 100})
	l.rollup(l.b, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 200})
	l.rollup(l.c, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 400})
	n, err := l.App.Reports.ComputeLeagueNightly(l.Ctx)
	l.Must(err)
	if n != 3 {
		t.Fatalf("nightly: got %d rows, want 3 (November's)", n)
	}
	one, two, three := int64(1), int64(2), int64(3)
	l.check(t, models.PeriodMonth, "2026-11-01", models.LevelMunicipal, 2, []want{
		{id: l.c, place: 1, prev: &three, score: 100}, {id: l.b, place: 2, prev: &two, score: 33.33},
		{id: l.a, place: 3, prev: &one, score: 0}})

	// October reweighted on request: version 2; b and c tie nowhere, a stays first.
	_, err = l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", true)
	l.Must(err)
	l.check(t, models.PeriodMonth, "2026-10-01", models.LevelMunicipal, 2, []want{
		{id: l.a, place: 1, score: 100}, {id: l.b, place: 2, score: 50}, {id: l.c, place: 3, score: 0}})
}

// TestLeagueRankFormula checks the rank formula and that equal scores share a place.
func TestLeagueRankFormula(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	l.rollup(l.a, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 900})
	l.rollup(l.b, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 10})
	l.rollup(l.c, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 10})
	_, err := l.App.Reports.SetLeagueWeights(l.Ctx, l.User(models.RoleAdmin), reports.LeagueWeightsInput{
		Formula: reports.FormulaRank, Weights: models.LeagueIndicators{Utilization: 2, OpenShare: 0}})
	l.Must(err)
	_, err = l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", false)
	l.Must(err)
	// a beats both others (2 of 2), b and c beat nobody: 0, sharing second place.
	l.check(t, models.PeriodMonth, "2026-10-01", models.LevelMunicipal, 2, []want{
		{id: l.a, place: 1, score: 100, nrm: models.LeagueIndicators{Utilization: 1}},
		{id: l.b, place: 2, score: 0}, {id: l.c, place: 2, score: 0}})
}

// TestLeagueNightlyYear checks that the first night of January computes December and the
// year that ended.
func TestLeagueNightlyYear(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	l.rollup(l.a, models.PeriodMonth, "2026-12-01", leagueFigures{available: 1000, effective: 100})
	l.rollup(l.a, models.PeriodYear, "2026-01-01", leagueFigures{available: 9000, effective: 900})
	l.Clock.Set(time.Date(2027, time.January, 1, 20, 0, 0, 0, time.UTC))
	n, err := l.App.Reports.ComputeLeagueNightly(l.Ctx)
	l.Must(err)
	if n != 2 {
		t.Fatalf("got %d rows, want December's and 2026's", n)
	}
	table, err := l.App.Reports.League(l.Ctx, reports.LeagueQuery{Period: "2026"})
	l.Must(err)
	if len(table.Rows) != 1 || table.PeriodKind != models.PeriodYear || table.Rows[0].Score != 14.29 {
		t.Fatalf("got %+v, want 2026 with a's row scoring 14.29 (utilization alone: 1 of 7)", table)
	}
}

// TestLeagueWeightsInput checks the refusals of bad weights and that only administrators set
// them.
func TestLeagueWeightsInput(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	admin := l.User(models.RoleAdmin)
	for _, tc := range []struct {
		name   string
		in     reports.LeagueWeightsInput
		fields []string
	}{
		{"negative", reports.LeagueWeightsInput{Formula: 1, Weights: models.LeagueIndicators{Utilization: 1, Fill: -1}}, []string{"weights.fill"}},
		{"all zero", reports.LeagueWeightsInput{Formula: 1}, []string{"weights"}},
		{"formula", reports.LeagueWeightsInput{Formula: 3, Weights: models.LeagueIndicators{Pass: 1}}, []string{"formula"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := l.App.Reports.SetLeagueWeights(l.Ctx, admin, tc.in)
			apptest.CheckErr(t, err, "validation_failed", tc.fields...)
		})
	}
	_, err := l.App.Reports.SetLeagueWeights(l.Ctx, l.User(models.RoleManager), reports.LeagueWeightsInput{Formula: 1,
		Weights: models.LeagueIndicators{Pass: 1}})
	apptest.CheckErr(t, err, "forbidden")
	if n := l.Count(&models.LeagueWeights{}, "1 = 1"); n != 1 {
		t.Fatalf("got %d versions, want the first only", n)
	}
	_, err = l.App.Reports.League(l.Ctx, reports.LeagueQuery{Track: "galactic", Period: "2026-13"})
	apptest.CheckErr(t, err, "validation_failed", "track", "period")
}

// TestLeagueLateCorrection checks that recomputing a month whose rollups were corrected
// rewrites the rank changes of the month after.
func TestLeagueLateCorrection(t *testing.T) {
	t.Parallel()
	l := newLeague(t)
	l.october()
	l.rollup(l.a, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 100})
	l.rollup(l.b, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 200})
	l.rollup(l.c, models.PeriodMonth, "2026-11-01", leagueFigures{available: 1000, effective: 400})
	for _, m := range []string{"2026-10-01", "2026-11-01"} {
		_, err := l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, m, false)
		l.Must(err)
	}
	one, two, three := int64(1), int64(2), int64(3)
	l.check(t, models.PeriodMonth, "2026-11-01", models.LevelMunicipal, 1, []want{
		{id: l.c, place: 1, prev: &three, score: 14.29}, {id: l.b, place: 2, prev: &two, score: 4.76}, {id: l.a, place: 3, prev: &one}})
	// October's rollup of c corrected to a's figures with twice the effective minutes: c leads.
	l.Must(l.DB.W(l.Ctx).Where("scope_id = ? AND period_start = ?", l.c, "2026-10-01").Delete(&models.ReportRollup{}).Error)
	l.rollup(l.c, models.PeriodMonth, "2026-10-01", leagueFigures{available: 1000, effective: 1000, member: 120, external: 80,
		delivered: 10, onTime: 8, ratings: 4, ratingSum: 18, offered: 20, filled: 10, results: 10, passed: 10, smes: 4})
	_, err := l.App.Reports.ComputeLeague(l.Ctx, models.PeriodMonth, "2026-10-01", false)
	l.Must(err)
	got, err := l.DB.LeagueTable(l.Ctx, models.PeriodMonth, "2026-10-01", models.LevelMunicipal)
	l.Must(err)
	if len(got) != 3 || got[0].ConsortiumID != l.c || got[1].ConsortiumID != l.a {
		t.Fatalf("October after the correction: got %+v, want c, a, b", got)
	}
	l.check(t, models.PeriodMonth, "2026-11-01", models.LevelMunicipal, 1, []want{
		{id: l.c, place: 1, prev: &one, score: 14.29}, {id: l.b, place: 2, prev: &three, score: 4.76}, {id: l.a, place: 3, prev: &two}})
}
