package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

type weeklyRule struct {
	Interval int    `json:"interval" validate:"omitempty,min=1,max=4"`
	Until    string `json:"until" validate:"omitempty,datetime=2006-01-02"`
	Count    int    `json:"count" validate:"omitempty,min=1,max=30"`
}

type recurringRequest struct {
	createBookingRequest
	Weekly weeklyRule `json:"weekly"`
	Mode   string     `json:"mode" validate:"required,oneof=all_or_nothing skip_conflicts"`
}

type cancelRecurrenceRequest struct {
	From   string `json:"from"`
	Reason string `json:"reason" validate:"max=500"`
}

// recurrenceResponse is a series of weekly bookings.
type recurrenceResponse struct {
	ID         int64     `json:"id"`
	UserID     int64     `json:"user_id"`
	ResourceID int64     `json:"resource_id"`
	Rule       string    `json:"rule"`
	CreatedAt  time.Time `json:"created_at"`
}

// occurrenceResponse is one date of a recurring booking and what became of it.
type occurrenceResponse struct {
	Date    string           `json:"date"`
	StartAt time.Time        `json:"start_at"`
	EndAt   time.Time        `json:"end_at"`
	Outcome string           `json:"outcome"`
	Booking *bookingResponse `json:"booking"`
	Code    string           `json:"code,omitempty"`
	Reason  string           `json:"reason,omitempty"`
}

type recurringResponse struct {
	Recurrence   recurrenceResponse   `json:"recurrence"`
	Occurrences  []occurrenceResponse `json:"occurrences"`
	Created      int                  `json:"created"`
	SkippedDates []string             `json:"skipped_dates"`
}

type recurrenceDetailResponse struct {
	Recurrence recurrenceResponse `json:"recurrence"`
	Bookings   []bookingResponse  `json:"bookings"`
}

func toRecurrence(r models.Recurrence) recurrenceResponse {
	return recurrenceResponse{ID: r.ID, UserID: r.UserID, ResourceID: r.ResourceID, Rule: r.Rule, CreatedAt: r.CreatedAt}
}

// bookingViews loads bookings as the API shows them.
func (h *Handler) bookingViews(ctx context.Context, ac core.Actor, ids []int64) ([]bookingResponse, error) {
	out := make([]bookingResponse, 0, len(ids))
	for _, id := range ids {
		v, err := h.app.Booking.GetBooking(ctx, ac, id)
		if err != nil {
			return nil, err
		}
		out = append(out, h.toBooking(ac, v))
	}
	return out, nil
}

// createRecurringBooking books a weekly series in one transaction: 201 with every occurrence's
// outcome, or 409 recurrence_conflict naming the failing dates with nothing written.
func (h *Handler) createRecurringBooking(c echo.Context) error {
	req, err := bind[recurringRequest](h, c)
	if err != nil {
		return err
	}
	in := booking.RecurringInput{Interval: req.Weekly.Interval, Count: req.Weekly.Count, Mode: req.Mode,
		Reservation: booking.Reservation{ResourceID: req.ResourceID, Seats: req.Seats, Purpose: req.Purpose, PurposeCategory: req.PurposeCategory}}
	if in.StartAt, in.EndAt, err = parseInterval("start_at", req.StartAt, "end_at", req.EndAt); err != nil {
		return err
	}
	if req.Weekly.Until != "" {
		until, _ := time.Parse(time.DateOnly, req.Weekly.Until) // checked by the datetime tag
		in.Until = &until
	}
	ctx, ac := c.Request().Context(), actor(c)
	out, err := h.app.Booking.CreateRecurringBooking(ctx, ac, in)
	if err != nil {
		return err
	}
	res := recurringResponse{Recurrence: toRecurrence(out.Recurrence), SkippedDates: []string{}}
	for _, o := range out.Occurrences {
		occ := occurrenceResponse{Date: o.Date, StartAt: o.StartAt, EndAt: o.EndAt, Outcome: o.Outcome}
		if o.Refusal != nil {
			occ.Code, occ.Reason = o.Refusal.Code, o.Refusal.Message(language(c))
		}
		if o.Booking != nil {
			views, err := h.bookingViews(ctx, ac, []int64{o.Booking.ID})
			if err != nil {
				return err
			}
			occ.Booking = &views[0]
			res.Created++
		} else {
			res.SkippedDates = append(res.SkippedDates, o.Date)
		}
		res.Occurrences = append(res.Occurrences, occ)
	}
	return c.JSON(http.StatusCreated, res)
}

// getRecurrence shows a series with all its occurrences (its owner and the facility's managers).
func (h *Handler) getRecurrence(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ctx, ac := c.Request().Context(), actor(c)
	rec, bookings, err := h.app.Booking.Recurrence(ctx, ac, id)
	if err != nil {
		return err
	}
	views, err := h.bookingViews(ctx, ac, mapSlice(bookings, func(b models.Booking) int64 { return b.ID }))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, recurrenceDetailResponse{Recurrence: toRecurrence(rec), Bookings: views})
}

// cancelRecurrence cancels the occurrences of a series from a time on (now by default).
func (h *Handler) cancelRecurrence(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[cancelRecurrenceRequest](h, c)
	if err != nil {
		return err
	}
	from, err := parseTime("from", req.From)
	if err != nil {
		return err
	}
	ac := actor(c)
	cancelled, err := h.app.Booking.CancelRecurrence(c.Request().Context(), ac, id, from, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(cancelled, func(v models.BookingView) bookingResponse { return h.toBooking(ac, v) }), int64(len(cancelled))))
}
