package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// mimeCalendar is the media type of iCalendar files.
const mimeCalendar = "text/calendar; charset=utf-8"

type calendarTokenResponse struct {
	URL string `json:"url"`
}

// bookingICal serves one booking as an .ics file (its owner and the facility's managers).
func (h *Handler) bookingICal(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	text, err := h.app.Booking.BookingICal(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="booking.ics"`)
	return c.Blob(http.StatusOK, mimeCalendar, []byte(text))
}

// rotateCalendarToken gives the caller a new secret feed URL; the old one stops working.
func (h *Handler) rotateCalendarToken(c echo.Context) error {
	url, err := h.app.Booking.RotateCalendarToken(c.Request().Context(), actor(c), h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, calendarTokenResponse{URL: url})
}

// calendarFeed serves a personal feed; the secret in the URL is its only authentication.
func (h *Handler) calendarFeed(c echo.Context) error {
	token, ok := strings.CutSuffix(c.Param("feed"), ".ics")
	if !ok {
		return echo.ErrNotFound
	}
	text, err := h.app.Booking.CalendarFeed(c.Request().Context(), token)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, max-age=300")
	return c.Blob(http.StatusOK, mimeCalendar, []byte(text))
}
