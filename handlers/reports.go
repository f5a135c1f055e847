package handlers

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"cqshare/app/reports"
)

// utilizationQuery asks for a utilization report; app/reports validates the scope, period and
// days and words each bad field.
type utilizationQuery struct {
	Scope  string `query:"scope"`
	ID     int64  `query:"id"`
	Period string `query:"period"`
	From   string `query:"from"`
	To     string `query:"to"`
	Format string `query:"format" validate:"omitempty,oneof=json csv xlsx"`
	Lang   string `query:"lang" validate:"omitempty,oneof=zh-CN zh en"`
}

// figuresResponse is the figures of a period: seat-minutes, the same as hours to two decimals,
// counts, and ratios to four decimals.
type figuresResponse struct {
	Start                string    `json:"start"`
	Resources            int64     `json:"resources"`
	AvailableMinutes     int64     `json:"available_minutes"`
	AvailableHours       float64   `json:"available_hours"`
	BookedMinutes        int64     `json:"booked_minutes"`
	BookedHours          float64   `json:"booked_hours"`
	EffectiveMinutes     int64     `json:"effective_minutes"`
	EffectiveHours       float64   `json:"effective_hours"`
	Utilization          float64   `json:"utilization"`
	BookingRate          float64   `json:"booking_rate"`
	Bookings             int64     `json:"bookings"`
	NoShows              int64     `json:"no_shows"`
	NoShowRate           float64   `json:"no_show_rate"`
	UniqueUsers          int64     `json:"unique_users"`
	TeachingMinutes      int64     `json:"teaching_minutes"`
	ResearchMinutes      int64     `json:"research_minutes"`
	TrainingMinutes      int64     `json:"training_minutes"`
	SocialServiceMinutes int64     `json:"social_service_minutes"`
	InternalMinutes      int64     `json:"internal_minutes"`
	MemberMinutes        int64     `json:"member_minutes"`
	ExternalMinutes      int64     `json:"external_minutes"`
	OpenShare            float64   `json:"open_share"`
	ServiceMinutes       int64     `json:"service_minutes"`
	ServiceHours         float64   `json:"service_hours"`
	HourMinutes          [24]int64 `json:"hour_minutes"`
	QuotaMinutes         int64     `json:"quota_minutes"`
	QuotaHours           float64   `json:"quota_hours"`
	QuotaRatio           float64   `json:"quota_ratio"`
	IncomeInternalFen    int64     `json:"income_internal_fen"`
	IncomeExternalFen    int64     `json:"income_external_fen"`
	serviceFiguresResponse
}

// serviceFiguresResponse is the tech platform's and training base's figures of a period, with
// the rates they give (0 where the denominator is 0; all 0 for a resource).
type serviceFiguresResponse struct {
	RequestsReceived           int64   `json:"requests_received"`
	RequestsDelivered          int64   `json:"requests_delivered"`
	RequestsOnTime             int64   `json:"requests_on_time"`
	OnTimeRate                 float64 `json:"on_time_rate"`
	RequestsOverdue            int64   `json:"requests_overdue"`
	FirstResponseMedianMinutes int64   `json:"first_response_median_minutes"`
	TurnaroundMedianMinutes    int64   `json:"turnaround_median_minutes"`
	Ratings                    int64   `json:"ratings"`
	RatingSum                  int64   `json:"rating_sum"`
	MeanRating                 float64 `json:"mean_rating"`
	SessionsHeld               int64   `json:"sessions_held"`
	SeatsOffered               int64   `json:"seats_offered"`
	SeatsFilled                int64   `json:"seats_filled"`
	FillRate                   float64 `json:"fill_rate"`
	Attended                   int64   `json:"attended"`
	AttendanceRate             float64 `json:"attendance_rate"`
	Results                    int64   `json:"results"`
	Passed                     int64   `json:"passed"`
	PassRate                   float64 `json:"pass_rate"`
	PeopleTrained              int64   `json:"people_trained"`
	SMEsServed                 int64   `json:"smes_served"`
}

func toFigures(f reports.Figures) figuresResponse {
	return figuresResponse{Start: f.Start, Resources: f.Resources,
		AvailableMinutes: f.AvailableMinutes, AvailableHours: reports.Hours(f.AvailableMinutes),
		BookedMinutes: f.BookedMinutes, BookedHours: reports.Hours(f.BookedMinutes),
		EffectiveMinutes: f.EffectiveMinutes, EffectiveHours: reports.Hours(f.EffectiveMinutes),
		Utilization: f.Utilization, BookingRate: f.BookingRate, Bookings: f.Bookings, NoShows: f.NoShows,
		NoShowRate: f.NoShowRate, UniqueUsers: f.UniqueUsers, TeachingMinutes: f.TeachingMinutes,
		ResearchMinutes: f.ResearchMinutes, TrainingMinutes: f.TrainingMinutes, SocialServiceMinutes: f.SocialServiceMinutes,
		InternalMinutes: f.InternalMinutes, MemberMinutes: f.MemberMinutes, ExternalMinutes: f.ExternalMinutes,
		OpenShare: f.OpenShare, ServiceMinutes: f.ServiceMinutes, ServiceHours: reports.Hours(f.ServiceMinutes),
		HourMinutes: f.HourMinutes, QuotaMinutes: f.QuotaMinutes, QuotaHours: reports.Hours(f.QuotaMinutes), QuotaRatio: f.QuotaRatio,
		IncomeInternalFen: f.IncomeInternalFen, IncomeExternalFen: f.IncomeExternalFen,
		serviceFiguresResponse: serviceFiguresResponse{RequestsReceived: f.RequestsReceived, RequestsDelivered: f.RequestsDelivered,
			RequestsOnTime: f.RequestsOnTime, OnTimeRate: f.OnTimeRate, RequestsOverdue: f.RequestsOverdue,
			FirstResponseMedianMinutes: f.FirstResponseMedianMinutes, TurnaroundMedianMinutes: f.TurnaroundMedianMinutes,
			Ratings: f.Ratings, RatingSum: f.RatingSum, MeanRating: f.MeanRating, SessionsHeld: f.SessionsHeld,
			SeatsOffered: f.SeatsOffered, SeatsFilled: f.SeatsFilled, FillRate: f.FillRate, Attended: f.Attended,
			AttendanceRate: f.AttendanceRate, Results: f.Results, Passed: f.Passed, PassRate: f.PassRate,
			PeopleTrained: f.PeopleTrained, SMEsServed: f.SMEsServed}}
}

// utilizationResponse is a utilization report: the question, a row per period, the totals.
type utilizationResponse struct {
	Scope    string            `json:"scope"`
	ID       int64             `json:"id"`
	Period   string            `json:"period"`
	From     string            `json:"from"`
	To       string            `json:"to"`
	Name     string            `json:"name"`
	NameEn   string            `json:"name_en"`
	TimeZone string            `json:"time_zone"`
	Rows     []figuresResponse `json:"rows"`
	Totals   figuresResponse   `json:"totals"`
}

// getUtilization answers a utilization report as JSON, or as a CSV or XLSX file with its
// headers in the language of lang, or else of Accept-Language.
func (h *Handler) getUtilization(c echo.Context) error {
	q, err := bind[utilizationQuery](h, c)
	if err != nil {
		return err
	}
	u, err := h.app.Reports.Utilization(c.Request().Context(), actor(c), reports.UtilizationQuery{Scope: q.Scope, ID: q.ID,
		Period: q.Period, From: q.From, To: q.To})
	if err != nil {
		return err
	}
	l := fileLanguage(c, q.Lang)
	var b bytes.Buffer
	name := fmt.Sprintf("utilization-%s-%d-%s-%s-%s", u.Scope, u.ID, u.Period, u.From, u.To)
	switch q.Format {
	case "csv":
		if err := h.app.Reports.WriteUtilizationCSV(&b, u, l); err != nil {
			return err
		}
		return attachment(c, name+".csv", "text/csv; charset=utf-8", b.Bytes())
	case "xlsx":
		if err := h.app.Reports.WriteUtilizationXLSX(&b, u, l); err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	return c.JSON(http.StatusOK, utilizationResponse{Scope: u.Scope, ID: u.ID, Period: u.Period, From: u.From, To: u.To,
		Name: u.Name, NameEn: u.NameEn, TimeZone: u.TimeZone, Rows: mapSlice(u.Rows, toFigures), Totals: toFigures(u.Totals)})
}
