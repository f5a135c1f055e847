package handlers

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/reports"
	"cqshare/models"
)

// resourcesQuery asks for the resources of a scope with their figures; app/reports validates
// the scope, days, sort and limit and words each bad field.
type resourcesQuery struct {
	Scope  string `query:"scope"`
	ID     int64  `query:"id"`
	From   string `query:"from"`
	To     string `query:"to"`
	Sort   string `query:"sort"`
	Order  string `query:"order" validate:"omitempty,oneof=asc desc"`
	Limit  int    `query:"limit"`
	Format string `query:"format" validate:"omitempty,oneof=json csv xlsx"`
	Lang   string `query:"lang" validate:"omitempty,oneof=zh-CN zh en"`
}

// resourceFiguresResponse is one resource's figures over a range.
type resourceFiguresResponse struct {
	ResourceID     int64  `json:"resource_id"`
	Name           string `json:"name"`
	NameEn         string `json:"name_en"`
	FacilityID     int64  `json:"facility_id"`
	FacilityName   string `json:"facility_name"`
	FacilityNameEn string `json:"facility_name_en"`
	figuresResponse
}

// resourcesResponse is a scope's resources, sorted.
type resourcesResponse struct {
	Scope   string                    `json:"scope"`
	ID      int64                     `json:"id"`
	From    string                    `json:"from"`
	To      string                    `json:"to"`
	Sort    string                    `json:"sort"`
	Order   string                    `json:"order"`
	Name    string                    `json:"name"`
	NameEn  string                    `json:"name_en"`
	LastDay string                    `json:"last_day"`
	Rows    []resourceFiguresResponse `json:"rows"`
}

// getReportResources answers the resources of a scope with their figures, as JSON or as a CSV
// or XLSX file with its headers in the language of lang, or else of Accept-Language.
func (h *Handler) getReportResources(c echo.Context) error {
	q, err := bind[resourcesQuery](h, c)
	if err != nil {
		return err
	}
	rl, err := h.app.Reports.Resources(c.Request().Context(), actor(c), reports.ResourcesQuery{Scope: q.Scope, ID: q.ID,
		From: q.From, To: q.To, Sort: q.Sort, Asc: q.Order == "asc", Limit: q.Limit})
	if err != nil {
		return err
	}
	if q.Format == "csv" || q.Format == "xlsx" {
		l := fileLanguage(c, q.Lang)
		var b bytes.Buffer
		name := fmt.Sprintf("resources-%s-%d-%s-%s", rl.Scope, rl.ID, rl.From, rl.To)
		if q.Format == "csv" {
			if err := core.WriteCSV(&b, h.app.Reports.ResourcesTable(rl, l)); err != nil {
				return err
			}
			return attachment(c, name+".csv", "text/csv; charset=utf-8", b.Bytes())
		}
		if err := core.WriteXLSX(&b, h.app.Reports.ResourcesTable(rl, l)); err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	order := "desc"
	if rl.Asc {
		order = "asc"
	}
	return c.JSON(http.StatusOK, resourcesResponse{Scope: rl.Scope, ID: rl.ID, From: rl.From, To: rl.To, Sort: rl.Sort, Order: order,
		Name: rl.Name, NameEn: rl.NameEn, LastDay: rl.LastDay, Rows: mapSlice(rl.Rows, func(r reports.ResourceFigures) resourceFiguresResponse {
			return resourceFiguresResponse{ResourceID: r.ResourceID, Name: r.Name, NameEn: r.NameEn, FacilityID: r.FacilityID,
				FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn, figuresResponse: toFigures(r.Figures)}
		})})
}

// idleQuery asks for the idle resources of a scope.
type idleQuery struct {
	Scope string `query:"scope"`
	ID    int64  `query:"id"`
	Days  int    `query:"days"`
}

// idleResourceResponse is a resource idle in the days asked.
type idleResourceResponse struct {
	ResourceID       int64   `json:"resource_id"`
	Name             string  `json:"name"`
	NameEn           string  `json:"name_en"`
	FacilityID       int64   `json:"facility_id"`
	FacilityName     string  `json:"facility_name"`
	FacilityNameEn   string  `json:"facility_name_en"`
	AvailableMinutes int64   `json:"available_minutes"`
	AvailableHours   float64 `json:"available_hours"`
	LastUsed         *string `json:"last_used"`
}

// idleResponse is a scope's idle resources over its last computed days [from, to].
type idleResponse struct {
	Scope  string                 `json:"scope"`
	ID     int64                  `json:"id"`
	Days   int                    `json:"days"`
	From   string                 `json:"from"`
	To     string                 `json:"to"`
	Name   string                 `json:"name"`
	NameEn string                 `json:"name_en"`
	Rows   []idleResourceResponse `json:"rows"`
}

// getIdleResources answers the resources of a scope with no effective hours in its last
// computed days.
func (h *Handler) getIdleResources(c echo.Context) error {
	q, err := bind[idleQuery](h, c)
	if err != nil {
		return err
	}
	il, err := h.app.Reports.Idle(c.Request().Context(), actor(c), reports.IdleQuery{Scope: q.Scope, ID: q.ID, Days: q.Days})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, idleResponse{Scope: il.Scope, ID: il.ID, Days: il.Days, From: il.From, To: il.To,
		Name: il.Name, NameEn: il.NameEn, Rows: mapSlice(il.Rows, func(r models.IdleResource) idleResourceResponse {
			out := idleResourceResponse{ResourceID: r.ResourceID, Name: r.Name, NameEn: r.NameEn, FacilityID: r.FacilityID,
				FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn, AvailableMinutes: r.AvailableMinutes,
				AvailableHours: reports.Hours(r.AvailableMinutes)}
			if r.LastUsed != "" {
				out.LastUsed = &r.LastUsed
			}
			return out
		})})
}

// heatMapQuery asks for the hour × weekday map of a scope.
type heatMapQuery struct {
	Scope string `query:"scope"`
	ID    int64  `query:"id"`
	From  string `query:"from"`
	To    string `query:"to"`
}

// heatMapResponse is a scope's effective minutes per ISO weekday (Monday first) and local hour.
type heatMapResponse struct {
	Scope   string       `json:"scope"`
	ID      int64        `json:"id"`
	From    string       `json:"from"`
	To      string       `json:"to"`
	Name    string       `json:"name"`
	NameEn  string       `json:"name_en"`
	LastDay string       `json:"last_day"`
	Minutes [7][24]int64 `json:"minutes"`
	Days    [7]int64     `json:"days"`
}

// getHeatMap answers the effective minutes of a scope per weekday and local hour.
func (h *Handler) getHeatMap(c echo.Context) error {
	q, err := bind[heatMapQuery](h, c)
	if err != nil {
		return err
	}
	m, err := h.app.Reports.HeatMap(c.Request().Context(), actor(c), reports.HeatMapQuery{Scope: q.Scope, ID: q.ID, From: q.From, To: q.To})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, heatMapResponse{Scope: m.Scope, ID: m.ID, From: m.From, To: m.To, Name: m.Name, NameEn: m.NameEn,
		LastDay: m.LastDay, Minutes: m.Minutes, Days: m.Days})
}
