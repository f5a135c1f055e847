package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
	"cqshare/models"
)

type quoteQuery struct {
	StartAt string `query:"start_at" validate:"required"`
	EndAt   string `query:"end_at" validate:"required"`
	Seats   int    `query:"seats" validate:"omitempty,min=1"`
}

type quotaUseResponse struct {
	WeekStart      time.Time `json:"week_start"`
	LimitMinutes   int       `json:"limit_minutes"`
	UsedMinutes    int       `json:"used_minutes"`
	BookingMinutes int       `json:"booking_minutes"`
	LeftMinutes    int       `json:"left_minutes"`
}

// overlapResponse is another active booking of the same person at the same time.
type overlapResponse struct {
	BookingID    int64                `json:"booking_id"`
	ResourceID   int64                `json:"resource_id"`
	ResourceName string               `json:"resource_name"`
	FacilityName string               `json:"facility_name"`
	StartAt      time.Time            `json:"start_at"`
	EndAt        time.Time            `json:"end_at"`
	Seats        int                  `json:"seats"`
	Status       models.BookingStatus `json:"status"`
}

type quoteResponse struct {
	PriceType   booking.PriceType `json:"price_type"`
	RateFen     int64             `json:"rate_fen"`
	PriceFen    int64             `json:"price_fen"`
	Minutes     int               `json:"minutes"`
	Seats       int               `json:"seats"`
	WeeklyQuota *quotaUseResponse `json:"weekly_quota"`
	Overlaps    []overlapResponse `json:"overlaps"`
	TimeZone    string            `json:"time_zone"`
}

// toOverlap shows another booking of the booker's, in its own facility's offset.
func (h *Handler) toOverlap(v models.BookingView) overlapResponse {
	loc := h.app.Catalog.TimeZone(v.FacilityTimeZone)
	return overlapResponse{BookingID: v.ID, ResourceID: v.ResourceID, ResourceName: v.ResourceName, FacilityName: v.FacilityName,
		StartAt: v.StartAt.In(loc), EndAt: v.EndAt.In(loc), Seats: v.Seats, Status: v.Status}
}

func (h *Handler) quoteBooking(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[quoteQuery](h, c)
	if err != nil {
		return err
	}
	start, end, err := parseInterval("start_at", q.StartAt, "end_at", q.EndAt)
	if err != nil {
		return err
	}
	quote, loc, err := h.app.Booking.QuoteBooking(c.Request().Context(), actor(c),
		booking.Reservation{ResourceID: id, StartAt: start, EndAt: end, Seats: q.Seats})
	if err != nil {
		return err
	}
	out := quoteResponse{PriceType: quote.PriceType, RateFen: quote.RateFen, PriceFen: quote.PriceFen, Minutes: quote.Minutes,
		Seats: quote.Seats, Overlaps: mapSlice(quote.Overlaps, h.toOverlap), TimeZone: loc.String()}
	if u := quote.Quota; u != nil {
		out.WeeklyQuota = &quotaUseResponse{WeekStart: u.WeekStart.In(loc), LimitMinutes: u.LimitMinutes, UsedMinutes: u.UsedMinutes,
			BookingMinutes: u.BookingMinutes, LeftMinutes: u.LeftMinutes}
	}
	return c.JSON(http.StatusOK, out)
}
