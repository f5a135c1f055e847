package handlers

import (
	"context"
	"net/http"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestLeagueAPI computes a month's league table of two consortia and reads it without signing
// in; only an administrator sets new weights, which leave the stored month as it was.
func TestLeagueAPI(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(time.Date(2026, time.December, 3, 4, 0, 0, 0, time.UTC))
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	a, b := f.Facility("Asia/Shanghai"), f.Facility("Asia/Shanghai") // each of a consortium of its own, municipal
	for id, effective := range map[int64]int64{a.ConsortiumID: 600, b.ConsortiumID: 300} {
		f.Must(f.DB.W(f.Ctx).Create(&models.ReportRollup{Scope: models.RollupConsortium, ScopeID: id, PeriodKind: models.PeriodMonth,
			PeriodStart: "2026-11-01", Resources: 2, ReportFigures: models.ReportFigures{AvailableMinutes: 1200, EffectiveMinutes: effective},
			ComputedAt: clock.Now()}).Error)
	}
	_, err := s.app.Reports.ComputeLeague(f.Ctx, models.PeriodMonth, "2026-11-01", false)
	f.Must(err)
	_, managerTok := s.user("league.manager@test.local", models.RoleManager, a.ID)
	_, adminTok := s.user("league.admin@test.local", models.RoleAdmin)

	table := func(wantVersion int64) func(t *testing.T, r response) {
		return func(t *testing.T, r response) {
			var got leagueResponse
			r.JSON(t, &got)
			if got.Period != "2026-11" || got.PeriodKind != models.PeriodMonth || got.Weights.Version != wantVersion || len(got.Rows) != 2 {
				t.Fatalf("got %+v, want November's 2 rows scored with version %d", got, wantVersion)
			}
			first := got.Rows[0]
			// Equal weights: utilization 0.5 is the track's best (1), 0.25 its worst (0); the
			// other indicators are 0 for both: 1 of 7.
			if first.ConsortiumID != a.ConsortiumID || first.Rank != 1 || first.Score != 14.29 || first.Indicators.Utilization != 0.5 ||
				first.Headline.EffectiveHours != 10 || first.Headline.Resources != 2 || first.RankChange != nil || got.Rows[1].Rank != 2 {
				t.Errorf("got %+v", got.Rows)
			}
			if len(got.Months) != 1 || got.Months[0] != "2026-11" || len(got.Years) != 0 {
				t.Errorf("got months %v years %v", got.Months, got.Years)
			}
		}
	}
	weights := map[string]any{"formula": 2, "weights": map[string]float64{"utilization": 3, "smes_served": 1}, "note": "更看重利用率"}
	s.run(t, []scenario{
		{"anyone reads the table", "", http.MethodGet, "/api/v1/league", nil, 200, "", table(1)},
		{"a track and a month", "", http.MethodGet, "/api/v1/league?track=municipal&period=2026-11", nil, 200, "", table(1)},
		{"another track", "", http.MethodGet, "/api/v1/league?track=national&period=2026-11", nil, 200, "", func(t *testing.T, r response) {
			var got leagueResponse
			r.JSON(t, &got)
			if len(got.Rows) != 0 || got.Weights.Version != 1 {
				t.Errorf("got %+v, want no rows", got)
			}
		}},
		{"a month not computed", "", http.MethodGet, "/api/v1/league?period=2025-01", nil, 200, "", nil},
		{"anyone reads the weights", "", http.MethodGet, "/api/v1/league/weights", nil, 200, "", nil},
		{"a manager sets weights", managerTok, http.MethodPut, "/api/v1/league/weights", weights, 403, "forbidden", nil},
		{"nobody signed in sets weights", "", http.MethodPut, "/api/v1/league/weights", weights, 401, "unauthenticated", nil},
		bad(scenario{"a bogus track and period", "", http.MethodGet, "/api/v1/league?track=galactic&period=2026-13", nil, 422, "validation_failed", fields("track", "period")}),
		bad(scenario{"a negative weight", adminTok, http.MethodPut, "/api/v1/league/weights",
			map[string]any{"formula": 1, "weights": map[string]float64{"utilization": 1, "fill": -1}}, 422, "validation_failed", fields("weights.fill")}),
		bad(scenario{"a bogus formula", adminTok, http.MethodPut, "/api/v1/league/weights",
			map[string]any{"formula": 7, "weights": map[string]float64{"utilization": 1}}, 422, "validation_failed", fields("formula")}),
		{"no weight above 0", adminTok, http.MethodPut, "/api/v1/league/weights",
			map[string]any{"formula": 1, "weights": map[string]float64{"utilization": 0}}, 422, "validation_failed", fields("weights")},
		bad(scenario{"an unknown indicator", adminTok, http.MethodPut, "/api/v1/league/weights",
			map[string]any{"formula": 1, "weights": map[string]float64{"luck": 1}}, 400, "bad_request", nil}),
		{"the admin sets weights", adminTok, http.MethodPut, "/api/v1/league/weights", weights, 201, "", func(t *testing.T, r response) {
			var got leagueWeightsResponse
			r.JSON(t, &got)
			if got.Version != 2 || got.Formula != 2 || got.Weights.Utilization != 3 || got.Weights.SMEsServed != 1 || got.Note != "更看重利用率" {
				t.Errorf("got %+v", got)
			}
		}},
		{"the new weights are current", "", http.MethodGet, "/api/v1/league/weights", nil, 200, "", func(t *testing.T, r response) {
			var got leagueWeightsListResponse
			r.JSON(t, &got)
			if got.Current.Version != 2 || len(got.History) != 2 || got.History[1].Version != 1 {
				t.Errorf("got %+v", got)
			}
		}},
		{"the stored month keeps its version", "", http.MethodGet, "/api/v1/league?period=2026-11", nil, 200, "", table(1)},
	})
	if n := f.Count(&models.AuditLog{}, "action = ? AND object_id = ?", "league.weights", 2); n != 1 {
		t.Errorf("got %d audit records of version 2, want 1", n)
	}
	// Recomputed as the nightly run does, the month still keeps version 1.
	_, err = s.app.Reports.ComputeLeagueNightly(f.Ctx)
	f.Must(err)
	s.run(t, []scenario{{"after the nightly run", "", http.MethodGet, "/api/v1/league?period=2026-11", nil, 200, "", table(1)}})
}
