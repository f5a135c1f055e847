package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/reports"
	"cqshare/models"
)

// leagueQuery asks for the league table; app/reports validates the track and period and words
// each bad field.
type leagueQuery struct {
	Track  string `query:"track"`
	Period string `query:"period"`
}

// leagueIndicators is one number per indicator of the league: a weight, a value or a
// normalised value.
type leagueIndicators struct {
	Utilization float64 `json:"utilization"`
	OpenShare   float64 `json:"open_share"`
	OnTime      float64 `json:"on_time"`
	Rating      float64 `json:"rating"`
	Fill        float64 `json:"fill"`
	Pass        float64 `json:"pass"`
	SMEsServed  float64 `json:"smes_served"`
}

func toLeagueIndicators(v models.LeagueIndicators) leagueIndicators {
	return leagueIndicators{Utilization: v.Utilization, OpenShare: v.OpenShare, OnTime: v.OnTime, Rating: v.Rating,
		Fill: v.Fill, Pass: v.Pass, SMEsServed: v.SMEsServed}
}

// leagueWeightsRequest is a new version of the weights; an indicator left out weighs 0.
type leagueWeightsRequest struct {
	Formula int              `json:"formula"`
	Weights leagueIndicators `json:"weights"`
	Note    string           `json:"note" validate:"max=500"`
}

// leagueWeightsResponse is a version of the weights (who set it is in the audit log, not here:
// the weights are public).
type leagueWeightsResponse struct {
	Version   int64            `json:"version"`
	Formula   int              `json:"formula"`
	Weights   leagueIndicators `json:"weights"`
	Note      string           `json:"note"`
	CreatedAt time.Time        `json:"created_at"`
}

func toLeagueWeights(w models.LeagueWeights) leagueWeightsResponse {
	return leagueWeightsResponse{Version: w.Version, Formula: w.Formula, Weights: toLeagueIndicators(w.LeagueIndicators),
		Note: w.Note, CreatedAt: w.CreatedAt}
}

// leagueHeadline is a consortium's headline figures of the period.
type leagueHeadline struct {
	Resources         int64   `json:"resources"`
	EffectiveHours    float64 `json:"effective_hours"`
	RequestsDelivered int64   `json:"requests_delivered"`
	PeopleTrained     int64   `json:"people_trained"`
}

// leagueRowResponse is a consortium's row of the table; rank_change is the previous rank less
// this one (up is positive), null with prev_rank when it was not ranked in the track then.
type leagueRowResponse struct {
	ConsortiumID int64            `json:"consortium_id"`
	Name         string           `json:"name"`
	NameEn       string           `json:"name_en"`
	Track        string           `json:"track"`
	Rank         int64            `json:"rank"`
	PrevRank     *int64           `json:"prev_rank"`
	RankChange   *int64           `json:"rank_change"`
	Score        float64          `json:"score"`
	Indicators   leagueIndicators `json:"indicators"`
	Normalised   leagueIndicators `json:"normalised"`
	Headline     leagueHeadline   `json:"headline"`
}

func toLeagueRow(r models.LeagueRow) leagueRowResponse {
	out := leagueRowResponse{ConsortiumID: r.ConsortiumID, Name: r.Name, NameEn: r.NameEn, Track: r.Track, Rank: r.Place,
		PrevRank: r.PrevPlace, Score: r.Score, Indicators: toLeagueIndicators(r.LeagueIndicators),
		Normalised: toLeagueIndicators(r.Normalised),
		Headline: leagueHeadline{Resources: r.Resources, EffectiveHours: reports.Hours(r.EffectiveMinutes),
			RequestsDelivered: r.RequestsDelivered, PeopleTrained: r.PeopleTrained}}
	if r.PrevPlace != nil {
		change := *r.PrevPlace - r.Place
		out.RankChange = &change
	}
	return out
}

// leagueResponse is the league table of a period with the weights it was scored with.
type leagueResponse struct {
	Track       string                `json:"track"`
	Period      string                `json:"period"`
	PeriodKind  string                `json:"period_kind"`
	PeriodStart string                `json:"period_start"`
	Weights     leagueWeightsResponse `json:"weights"`
	Rows        []leagueRowResponse   `json:"rows"`
	Months      []string              `json:"months"`
	Years       []string              `json:"years"`
}

// leagueWeightsListResponse is the weights that apply now and every version, the latest first.
type leagueWeightsListResponse struct {
	Current leagueWeightsResponse   `json:"current"`
	History []leagueWeightsResponse `json:"history"`
}

func (h *Handler) getLeague(c echo.Context) error {
	q, err := bind[leagueQuery](h, c)
	if err != nil {
		return err
	}
	t, err := h.app.Reports.League(c.Request().Context(), reports.LeagueQuery{Track: q.Track, Period: q.Period})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, leagueResponse{Track: t.Track, Period: t.Period, PeriodKind: t.PeriodKind,
		PeriodStart: t.PeriodStart, Weights: toLeagueWeights(t.Weights), Rows: mapSlice(t.Rows, toLeagueRow),
		Months: t.Months, Years: t.Years})
}

func (h *Handler) getLeagueWeights(c echo.Context) error {
	history, err := h.app.Reports.LeagueWeightsHistory(c.Request().Context())
	if err != nil {
		return err
	}
	out := leagueWeightsListResponse{History: mapSlice(history, toLeagueWeights)}
	if len(out.History) > 0 {
		out.Current = out.History[0]
	}
	return c.JSON(http.StatusOK, out)
}

func (h *Handler) setLeagueWeights(c echo.Context) error {
	req, err := bind[leagueWeightsRequest](h, c)
	if err != nil {
		return err
	}
	w := req.Weights
	v, err := h.app.Reports.SetLeagueWeights(c.Request().Context(), actor(c), reports.LeagueWeightsInput{Formula: req.Formula,
		Note: req.Note, Weights: models.LeagueIndicators{Utilization: w.Utilization, OpenShare: w.OpenShare, OnTime: w.OnTime,
			Rating: w.Rating, Fill: w.Fill, Pass: w.Pass, SMEsServed: w.SMEsServed}})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toLeagueWeights(v))
}
