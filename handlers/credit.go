package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
	"cqshare/models"
)

type creditEventResponse struct {
	ID        int64     `json:"id"`
	Kind      string    `json:"kind"`
	Points    int       `json:"points"`
	BookingID *int64    `json:"booking_id"`
	Note      string    `json:"note"`
	CreatedAt time.Time `json:"created_at"`
}

type creditResponse struct {
	UserID         int64                 `json:"user_id"`
	Points         int                   `json:"points"`
	Threshold      int                   `json:"threshold"`
	WindowDays     int                   `json:"window_days"`
	SuspendedUntil *time.Time            `json:"suspended_until"`
	Events         []creditEventResponse `json:"events"`
}

func toCredit(r booking.CreditRecord) creditResponse {
	return creditResponse{UserID: r.UserID, Points: r.Points, Threshold: r.Threshold, WindowDays: r.WindowDays,
		SuspendedUntil: r.SuspendedUntil, Events: mapSlice(r.Events, func(e models.CreditEvent) creditEventResponse {
			return creditEventResponse{ID: e.ID, Kind: e.Kind, Points: e.Points, BookingID: e.BookingID, Note: e.Note, CreatedAt: e.CreatedAt}
		})}
}

func (h *Handler) answerCredit(c echo.Context, r booking.CreditRecord, err error) error {
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCredit(r))
}

func (h *Handler) myCredit(c echo.Context) error {
	r, err := h.app.Booking.MyCredit(c.Request().Context(), actor(c))
	return h.answerCredit(c, r, err)
}

func (h *Handler) userCredit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	r, err := h.app.Booking.UserCredit(c.Request().Context(), actor(c), id)
	return h.answerCredit(c, r, err)
}

func (h *Handler) clearCredit(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[noteRequest](h, c)
	if err != nil {
		return err
	}
	r, err := h.app.Booking.ClearCredit(c.Request().Context(), actor(c), id, req.Note)
	return h.answerCredit(c, r, err)
}
