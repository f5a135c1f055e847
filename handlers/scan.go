package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

type scanRequest struct {
	Action string `json:"action" validate:"required,oneof=check_in check_out"`
}

// scanStateResponse is what the QR page of a resource shows the caller.
type scanStateResponse struct {
	Booking      *bookingResponse `json:"booking"`
	Action       *string          `json:"action"`
	CheckInFrom  *time.Time       `json:"check_in_from"`
	CheckInUntil *time.Time       `json:"check_in_until"`
}

// myCurrentBooking answers the scan page (扫码上下机): the caller's booking of the resource
// that a scan acts on now, and the action it takes.
func (h *Handler) myCurrentBooking(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	st, err := h.app.Booking.CurrentBooking(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	res := scanStateResponse{CheckInFrom: st.CheckInFrom, CheckInUntil: st.CheckInUntil}
	if st.Booking != nil {
		b := h.toBooking(actor(c), *st.Booking)
		res.Booking = &b
	}
	if st.Action != "" {
		res.Action = &st.Action
	}
	return c.JSON(http.StatusOK, res)
}

// scanResource checks the caller in or out of their current booking of the resource.
func (h *Handler) scanResource(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[scanRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Booking.Scan(c.Request().Context(), actor(c), id, req.Action)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.toBooking(actor(c), v))
}

// resourceQRCode serves the resource's QR code (SVG), which opens its scan page below PUBLIC_URL
// on a phone.
func (h *Handler) resourceQRCode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	svg, err := h.app.Booking.ResourceQRCode(c.Request().Context(), id, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "private, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", []byte(svg))
}
