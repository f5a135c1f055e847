package handlers

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

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
	return serveCalendar(c, text)
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
	return serveCalendar(c, text)
}

// serveCalendar answers an iCalendar document with a strong ETag of its bytes. net/http does the
// rest: 304 without a body when If-None-Match names the ETag (a calendar app polling a feed that
// did not change), the headers alone for HEAD, and ranges.
func serveCalendar(c echo.Context, text string) error {
	sum := sha256.Sum256([]byte(text))
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, mimeCalendar)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:16])+`"`)
	http.ServeContent(c.Response(), c.Request(), "", time.Time{}, strings.NewReader(text))
	return nil
}
