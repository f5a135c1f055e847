package handlers

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cqshare/app/reports"
)

// annualQuery asks for the annual open-sharing report; app/reports validates the scope, id and
// year and words each bad field.
type annualQuery struct {
	Scope  string `query:"scope"`
	ID     int64  `query:"id"`
	Year   int    `query:"year"`
	Format string `query:"format" validate:"omitempty,oneof=json xlsx"`
	Lang   string `query:"lang" validate:"omitempty,oneof=zh-CN zh en"`
}

// annualResourceResponse is one resource's line of the annual report.
type annualResourceResponse struct {
	ResourceID           int64   `json:"resource_id"`
	Name                 string  `json:"name"`
	NameEn               string  `json:"name_en"`
	Category             string  `json:"category"`
	FacilityID           int64   `json:"facility_id"`
	FacilityName         string  `json:"facility_name"`
	FacilityNameEn       string  `json:"facility_name_en"`
	QuotaMinutes         int64   `json:"quota_minutes"`
	QuotaHours           float64 `json:"quota_hours"`
	EffectiveMinutes     int64   `json:"effective_minutes"`
	EffectiveHours       float64 `json:"effective_hours"`
	QuotaRatio           float64 `json:"quota_ratio"`
	TeachingMinutes      int64   `json:"teaching_minutes"`
	ResearchMinutes      int64   `json:"research_minutes"`
	TrainingMinutes      int64   `json:"training_minutes"`
	SocialServiceMinutes int64   `json:"social_service_minutes"`
	ServiceMinutes       int64   `json:"service_minutes"`
	ServiceHours         float64 `json:"service_hours"`
	SharingRate          float64 `json:"sharing_rate"`
	IncomeInternalFen    int64   `json:"income_internal_fen"`
	IncomeExternalFen    int64   `json:"income_external_fen"`
	SMEsServed           int64   `json:"smes_served"`
}

// annualResponse is the annual report: the question, a line per resource, the scope's totals.
type annualResponse struct {
	Scope     string                   `json:"scope"`
	ID        int64                    `json:"id"`
	Year      int                      `json:"year"`
	Name      string                   `json:"name"`
	NameEn    string                   `json:"name_en"`
	Resources []annualResourceResponse `json:"resources"`
	Totals    figuresResponse          `json:"totals"`
}

func toAnnualResource(r reports.AnnualResource) annualResourceResponse {
	return annualResourceResponse{ResourceID: r.ResourceID, Name: r.Name, NameEn: r.NameEn, Category: r.Category,
		FacilityID: r.FacilityID, FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn,
		QuotaMinutes: r.QuotaMinutes, QuotaHours: reports.Hours(r.QuotaMinutes), EffectiveMinutes: r.EffectiveMinutes,
		EffectiveHours: reports.Hours(r.EffectiveMinutes), QuotaRatio: r.QuotaRatio, TeachingMinutes: r.TeachingMinutes,
		ResearchMinutes: r.ResearchMinutes, TrainingMinutes: r.TrainingMinutes, SocialServiceMinutes: r.SocialServiceMinutes,
		ServiceMinutes: r.ServiceMinutes, ServiceHours: reports.Hours(r.ServiceMinutes), SharingRate: r.SharingRate,
		IncomeInternalFen: r.IncomeInternalFen, IncomeExternalFen: r.IncomeExternalFen, SMEsServed: r.SMEsServed}
}

// getAnnualReport answers the annual open-sharing report as JSON, or as an XLSX workbook with
// its headers in the language of lang, or else of Accept-Language.
func (h *Handler) getAnnualReport(c echo.Context) error {
	q, err := bind[annualQuery](h, c)
	if err != nil {
		return err
	}
	a, err := h.app.Reports.Annual(c.Request().Context(), actor(c), reports.AnnualQuery{Scope: q.Scope, ID: q.ID, Year: q.Year})
	if err != nil {
		return err
	}
	if q.Format == "xlsx" {
		l := fileLanguage(c, q.Lang)
		var b bytes.Buffer
		if err := h.app.Reports.WriteAnnualXLSX(&b, a, l); err != nil {
			return err
		}
		return attachment(c, fmt.Sprintf("open-sharing-%s-%d-%d.xlsx", a.Scope, a.ID, a.Year),
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	return c.JSON(http.StatusOK, annualResponse{Scope: a.Scope, ID: a.ID, Year: a.Year, Name: a.Name, NameEn: a.NameEn,
		Resources: mapSlice(a.Resources, toAnnualResource), Totals: toFigures(a.Totals)})
}
