package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/models"
)

type facilityListQuery struct {
	Paging       pageQuery
	Kind         string `query:"kind" validate:"omitempty,oneof=practice_center tech_platform training_base"`
	ConsortiumID int64  `query:"consortium_id" validate:"omitempty,min=1"`
	District     string `query:"district" validate:"max=50"`
	Q            string `query:"q" validate:"max=100"`
}

// openingRequest is one weekly opening period; the app checks times and overlaps.
type openingRequest struct {
	Weekday int    `json:"weekday" validate:"min=0,max=6"`
	Start   string `json:"start" validate:"required,max=5"`
	End     string `json:"end" validate:"required,max=5"`
}

type facilityRequest struct {
	ConsortiumID int64            `json:"consortium_id" validate:"required,min=1"`
	Kind         string           `json:"kind" validate:"required,oneof=practice_center tech_platform training_base"`
	Name         string           `json:"name" validate:"required,max=200"`
	NameEn       string           `json:"name_en" validate:"max=200"`
	District     string           `json:"district" validate:"max=50"`
	Address      string           `json:"address" validate:"max=300"`
	TimeZone     string           `json:"time_zone" validate:"max=64"`
	Description  string           `json:"description" validate:"max=5000"`
	OpeningHours []openingRequest `json:"opening_hours" validate:"max=50,dive"`
	DefaultRules *rulesRequest    `json:"default_rules"`
	ManagerIDs   []int64          `json:"manager_ids" validate:"max=50,dive,min=1"`
	// SeriesHorizonDays bounds the later occurrences of a weekly series; the app checks it.
	SeriesHorizonDays *int `json:"series_horizon_days"`
}

type facilityPatchRequest struct {
	ConsortiumID *int64            `json:"consortium_id" validate:"omitempty,min=1"`
	Kind         *string           `json:"kind" validate:"omitempty,oneof=practice_center tech_platform training_base"`
	Name         *string           `json:"name" validate:"omitempty,min=1,max=200"`
	NameEn       *string           `json:"name_en" validate:"omitempty,max=200"`
	District     *string           `json:"district" validate:"omitempty,max=50"`
	Address      *string           `json:"address" validate:"omitempty,max=300"`
	TimeZone     *string           `json:"time_zone" validate:"omitempty,max=64"`
	Description  *string           `json:"description" validate:"omitempty,max=5000"`
	OpeningHours *[]openingRequest `json:"opening_hours" validate:"omitempty,max=50,dive"`
	DefaultRules *rulesRequest     `json:"default_rules"`
	ManagerIDs   *[]int64          `json:"manager_ids" validate:"omitempty,max=50,dive,min=1"`
	// SeriesHorizonDays bounds the later occurrences of a weekly series; the app checks it.
	SeriesHorizonDays *int `json:"series_horizon_days"`
	closingRequest
}

func openingHours(in []openingRequest) []models.OpeningInterval {
	out := make([]models.OpeningInterval, len(in))
	for i, o := range in {
		out[i] = models.OpeningInterval{Weekday: o.Weekday, Start: o.Start, End: o.End}
	}
	return out
}

// facilityResponse is a facility as the catalog shows it.
type facilityResponse struct {
	ID               int64                    `json:"id"`
	ConsortiumID     int64                    `json:"consortium_id"`
	ConsortiumName   string                   `json:"consortium_name"`
	ConsortiumNameEn string                   `json:"consortium_name_en"`
	ConsortiumLevel  string                   `json:"consortium_level"`
	Kind             string                   `json:"kind"`
	Name             string                   `json:"name"`
	NameEn           string                   `json:"name_en"`
	District         string                   `json:"district"`
	Address          string                   `json:"address"`
	TimeZone         string                   `json:"time_zone"`
	Description      string                   `json:"description"`
	OpeningHours     []models.OpeningInterval `json:"opening_hours"`
	DefaultRules     rulesResponse            `json:"default_rules"`
	Managers         []namedResponse          `json:"managers"`
	ResourceCount    int64                    `json:"resource_count"`
	CreatedAt        time.Time                `json:"created_at"`
	UpdatedAt        time.Time                `json:"updated_at"`
	// SeriesHorizonDays is how far ahead the later occurrences of a weekly series may reach.
	SeriesHorizonDays int `json:"series_horizon_days"`
}

func toFacility(v catalog.FacilityView) facilityResponse {
	return facilityResponse{ID: v.ID, ConsortiumID: v.ConsortiumID, ConsortiumName: v.ConsortiumName,
		ConsortiumNameEn: v.ConsortiumNameEn, ConsortiumLevel: v.ConsortiumLevel, Kind: v.Kind, Name: v.Name,
		NameEn: v.NameEn, District: v.District, Address: v.Address, TimeZone: v.TimeZone, Description: v.Description,
		OpeningHours: v.OpeningHours.V, DefaultRules: toRules(v.DefaultRules.V, v.DefaultQualification),
		Managers: mapSlice(v.Managers, toNamed), ResourceCount: v.ResourceCount, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		SeriesHorizonDays: v.SeriesHorizonDays}
}

func (h *Handler) listFacilities(c echo.Context) error {
	q, err := bind[facilityListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Catalog.Facilities(c.Request().Context(), actor(c),
		catalog.FacilityFilter{Kind: q.Kind, ConsortiumID: q.ConsortiumID, District: q.District, Query: q.Q}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toFacility), total))
}

func (h *Handler) getFacility(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Catalog.Facility(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toFacility(v))
}

func (h *Handler) createFacility(c echo.Context) error {
	req, err := bind[facilityRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Catalog.CreateFacility(c.Request().Context(), actor(c), catalog.NewFacility{ConsortiumID: req.ConsortiumID,
		Kind: req.Kind, Name: req.Name, NameEn: req.NameEn, District: req.District, Address: req.Address,
		TimeZone: req.TimeZone, Description: req.Description, OpeningHours: openingHours(req.OpeningHours),
		DefaultRules: req.DefaultRules.patch(), ManagerIDs: req.ManagerIDs, SeriesHorizonDays: req.SeriesHorizonDays})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toFacility(v))
}

func (h *Handler) updateFacility(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[facilityPatchRequest](h, c)
	if err != nil {
		return err
	}
	p := catalog.FacilityPatch{ConsortiumID: req.ConsortiumID, Kind: req.Kind, Name: req.Name, NameEn: req.NameEn,
		District: req.District, Address: req.Address, TimeZone: req.TimeZone, Description: req.Description,
		ManagerIDs: req.ManagerIDs, SeriesHorizonDays: req.SeriesHorizonDays, OnBookings: req.OnBookings, CancelReason: req.CancelReason}
	if req.OpeningHours != nil {
		hours := openingHours(*req.OpeningHours)
		p.OpeningHours = &hours
	}
	if req.DefaultRules != nil {
		rules := req.DefaultRules.patch()
		p.DefaultRules = &rules
	}
	v, err := h.app.Catalog.UpdateFacility(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toFacility(v))
}

func (h *Handler) deleteFacility(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Catalog.DeleteFacility(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
