package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/governance"
	"cqshare/models"
)

type governanceQuery struct {
	Year int `query:"year" validate:"omitempty,min=2000,max=2100"`
}

type charterRequest struct {
	Body      string  `json:"body" validate:"max=20000"`
	AdoptedOn *string `json:"adopted_on" validate:"omitempty,datetime=2006-01-02"`
}

type seatRequest struct {
	Body           string  `json:"body" validate:"required,oneof=council secretariat platform"`
	Position       string  `json:"position" validate:"required,max=40"`
	OrganizationID *int64  `json:"organization_id" validate:"omitempty,min=1"`
	PersonName     string  `json:"person_name" validate:"max=100"`
	Title          string  `json:"title" validate:"max=200"`
	TermStart      string  `json:"term_start" validate:"required,datetime=2006-01-02"`
	TermEnd        *string `json:"term_end" validate:"omitempty,datetime=2006-01-02"`
}

type goalRequest struct {
	Indicator string  `json:"indicator" validate:"required,max=20"`
	Target    float64 `json:"target"`
	Note      string  `json:"note" validate:"max=500"`
}

type goalsRequest struct {
	Goals []goalRequest `json:"goals" validate:"max=20,dive"`
}

type charterResponse struct {
	Body      string    `json:"body"`
	AdoptedOn *string   `json:"adopted_on"`
	UpdatedAt time.Time `json:"updated_at"`
}

type seatResponse struct {
	ID                 int64   `json:"id"`
	Body               string  `json:"body"`
	Position           string  `json:"position"`
	OrganizationID     *int64  `json:"organization_id"`
	OrganizationName   *string `json:"organization_name"`
	OrganizationNameEn *string `json:"organization_name_en"`
	PersonName         string  `json:"person_name"`
	Title              string  `json:"title"`
	TermStart          string  `json:"term_start"`
	TermEnd            *string `json:"term_end"`
}

type goalResponse struct {
	Indicator string    `json:"indicator"`
	Target    float64   `json:"target"`
	Note      string    `json:"note"`
	Reached   *float64  `json:"reached"`
	UpdatedAt time.Time `json:"updated_at"`
}

type governanceResponse struct {
	Consortium consortiumResponse `json:"consortium"`
	Charter    *charterResponse   `json:"charter"`
	Seats      []seatResponse     `json:"seats"`
	Year       int                `json:"year"`
	GoalYears  []int              `json:"goal_years"`
	Goals      []goalResponse     `json:"goals"`
	Reached    *leagueIndicators  `json:"reached"`
	MayEdit    bool               `json:"may_edit"`
}

func toCharter(c models.ConsortiumCharter) charterResponse {
	return charterResponse{Body: c.Body, AdoptedOn: c.AdoptedOn, UpdatedAt: c.UpdatedAt}
}

func toSeat(s models.SeatRow) seatResponse {
	return seatResponse{ID: s.ID, Body: s.Body, Position: s.Position, OrganizationID: s.OrganizationID,
		OrganizationName: s.OrganizationName, OrganizationNameEn: s.OrganizationNameEn, PersonName: s.PersonName,
		Title: s.Title, TermStart: s.TermStart, TermEnd: s.TermEnd}
}

func toGovernance(g governance.Governance) governanceResponse {
	out := governanceResponse{Consortium: toConsortium(g.Consortium), Seats: mapSlice(g.Seats, toSeat), Year: g.Year,
		GoalYears: g.GoalYears, MayEdit: g.MayEdit,
		Goals: mapSlice(g.Goals, func(p governance.GoalProgress) goalResponse {
			return goalResponse{Indicator: p.Indicator, Target: p.Target, Note: p.Note, Reached: p.Reached, UpdatedAt: p.UpdatedAt}
		})}
	if out.GoalYears == nil {
		out.GoalYears = []int{}
	}
	if g.Charter != nil {
		c := toCharter(*g.Charter)
		out.Charter = &c
	}
	if g.Reached != nil {
		r := toLeagueIndicators(*g.Reached)
		out.Reached = &r
	}
	return out
}

func (h *Handler) listGovernedConsortia(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Governance.Consortia(c.Request().Context(), actor(c), q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toConsortium), total))
}

func (h *Handler) getGovernance(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[governanceQuery](h, c)
	if err != nil {
		return err
	}
	g, err := h.app.Governance.Governance(c.Request().Context(), actor(c), id, q.Year)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toGovernance(g))
}

func (h *Handler) setCharter(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := core.RequireConsortiumAdmin(actor(c), id); err != nil {
		return err // before the body is read
	}
	req, err := bind[charterRequest](h, c)
	if err != nil {
		return err
	}
	ch, err := h.app.Governance.SetCharter(c.Request().Context(), actor(c), id, governance.CharterInput{Body: req.Body, AdoptedOn: req.AdoptedOn})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCharter(ch))
}

func (r seatRequest) input() governance.SeatInput {
	return governance.SeatInput{Body: r.Body, Position: r.Position, OrganizationID: r.OrganizationID,
		PersonName: r.PersonName, Title: r.Title, TermStart: r.TermStart, TermEnd: r.TermEnd}
}

func (h *Handler) addSeat(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := core.RequireConsortiumAdmin(actor(c), id); err != nil {
		return err // before the body is read
	}
	req, err := bind[seatRequest](h, c)
	if err != nil {
		return err
	}
	s, err := h.app.Governance.AddSeat(c.Request().Context(), actor(c), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSeat(s))
}

func (h *Handler) updateSeat(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	seatID, err := pathID(c, "seat_id")
	if err != nil {
		return err
	}
	if err := core.RequireConsortiumAdmin(actor(c), id); err != nil {
		return err // before the body is read
	}
	req, err := bind[seatRequest](h, c)
	if err != nil {
		return err
	}
	s, err := h.app.Governance.UpdateSeat(c.Request().Context(), actor(c), id, seatID, req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSeat(s))
}

func (h *Handler) removeSeat(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	seatID, err := pathID(c, "seat_id")
	if err != nil {
		return err
	}
	if err := h.app.Governance.RemoveSeat(c.Request().Context(), actor(c), id, seatID); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) setGoals(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	year, err := pathID(c, "year")
	if err != nil {
		return err
	}
	if err := core.RequireConsortiumAdmin(actor(c), id); err != nil {
		return err // before the body is read
	}
	req, err := bind[goalsRequest](h, c)
	if err != nil {
		return err
	}
	g, err := h.app.Governance.SetGoals(c.Request().Context(), actor(c), id, int(year), mapSlice(req.Goals, func(g goalRequest) governance.GoalInput {
		return governance.GoalInput{Indicator: g.Indicator, Target: g.Target, Note: g.Note}
	}))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toGovernance(g))
}
