package handlers

import (
	"cqshare/app/booking"
	"cqshare/models"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

type watchRequest struct {
	StartAt         string `json:"start_at" validate:"required"`
	EndAt           string `json:"end_at" validate:"required"`
	Seats           int    `json:"seats" validate:"omitempty,min=1,max=1000"`
	Purpose         string `json:"purpose" validate:"max=500"`
	PurposeCategory string `json:"purpose_category" validate:"required,oneof=teaching research training social_service"`
}

type confirmHoldRequest struct {
	Purpose         string `json:"purpose" validate:"max=500"`
	PurposeCategory string `json:"purpose_category" validate:"omitempty,oneof=teaching research training social_service"`
}

// watchResponse is a place in the waitlist of a busy interval.
type watchResponse struct {
	ID              int64              `json:"id"`
	ResourceID      int64              `json:"resource_id"`
	StartAt         time.Time          `json:"start_at"`
	EndAt           time.Time          `json:"end_at"`
	Seats           int                `json:"seats"`
	Purpose         string             `json:"purpose"`
	PurposeCategory string             `json:"purpose_category"`
	Status          models.WatchStatus `json:"status"`
	BookingID       *int64             `json:"booking_id"`
	HoldExpiresAt   *time.Time         `json:"hold_expires_at"`
	CreatedAt       time.Time          `json:"created_at"`
}

func toWatch(w booking.Watch) watchResponse {
	return watchResponse{ID: w.ID, ResourceID: w.ResourceID, StartAt: w.StartAt, EndAt: w.EndAt, Seats: w.Seats,
		Purpose: w.Purpose, PurposeCategory: w.PurposeCategory, Status: w.Status, BookingID: w.BookingID,
		HoldExpiresAt: w.HoldExpiresAt, CreatedAt: w.CreatedAt}
}

// createWatch joins the waitlist of a busy interval; 422 slot_free when it can be booked now.
func (h *Handler) createWatch(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[watchRequest](h, c)
	if err != nil {
		return err
	}
	start, end, err := parseInterval("start_at", req.StartAt, "end_at", req.EndAt)
	if err != nil {
		return err
	}
	w, err := h.app.Booking.WatchSlot(c.Request().Context(), actor(c), booking.Reservation{ResourceID: id, StartAt: start,
		EndAt: end, Seats: req.Seats, Purpose: req.Purpose, PurposeCategory: req.PurposeCategory})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toWatch(booking.Watch{SlotWatch: w}))
}

// listMyWatches lists the caller's watches, newest first.
func (h *Handler) listMyWatches(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	ws, total, err := h.app.Booking.MyWatches(c.Request().Context(), actor(c), q.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(ws, toWatch), total))
}

// deleteWatch leaves a waitlist (releasing a hold it was offered).
func (h *Handler) deleteWatch(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Booking.CancelWatch(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// confirmHold turns the caller's held booking into a booking (confirmed, or pending where the
// resource needs approval).
func (h *Handler) confirmHold(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[confirmHoldRequest](h, c)
	if err != nil {
		return err
	}
	ctx, ac := c.Request().Context(), actor(c)
	b, err := h.app.Booking.ConfirmHold(ctx, ac, id, req.Purpose, req.PurposeCategory)
	if err != nil {
		return err
	}
	v, err := h.app.Booking.GetBooking(ctx, ac, b.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.toBooking(ac, v))
}
