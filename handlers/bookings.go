package handlers

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

type createBookingRequest struct {
	ResourceID int64  `json:"resource_id" validate:"required,min=1"`
	StartAt    string `json:"start_at" validate:"required"`
	EndAt      string `json:"end_at" validate:"required"`
	// Seats, purpose and its category are checked by the booking rules, which name the rule.
	Seats           int    `json:"seats"`
	Purpose         string `json:"purpose"`
	PurposeCategory string `json:"purpose_category"`
}

type bookingListQuery struct {
	// Paging is a named field: Echo cannot set the fields of an embedded unexported struct, so an
	// embedded pageQuery would silently ignore page and page_size.
	Paging     pageQuery
	Scope      string `query:"scope" validate:"omitempty,oneof=mine managed"`
	Status     string `query:"status" validate:"max=200"`
	When       string `query:"when" validate:"omitempty,oneof=upcoming past"`
	From       string `query:"from"`
	To         string `query:"to"`
	ResourceID int64  `query:"resource_id" validate:"omitempty,min=1"`
	FacilityID int64  `query:"facility_id" validate:"omitempty,min=1"`
	UserID     int64  `query:"user_id" validate:"omitempty,min=1"`
	// WithOverlaps adds each booker's other bookings at the same time (the approval queue).
	WithOverlaps bool `query:"with_overlaps"`
}

type reasonRequest struct {
	Reason string `json:"reason" validate:"max=500"`
}

type noteRequest struct {
	Note string `json:"note" validate:"max=500"`
}

// bookingResponse is a booking as the API shows it; times carry the facility's offset.
type bookingResponse struct {
	ID               int64                `json:"id"`
	ResourceID       int64                `json:"resource_id"`
	ResourceName     string               `json:"resource_name"`
	ResourceNameEn   string               `json:"resource_name_en"`
	FacilityID       int64                `json:"facility_id"`
	FacilityName     string               `json:"facility_name"`
	FacilityNameEn   string               `json:"facility_name_en"`
	UserID           int64                `json:"user_id"`
	UserName         string               `json:"user_name"`
	StartAt          time.Time            `json:"start_at"`
	EndAt            time.Time            `json:"end_at"`
	Seats            int                  `json:"seats"`
	Purpose          string               `json:"purpose"`
	PurposeCategory  string               `json:"purpose_category"`
	Status           models.BookingStatus `json:"status"`
	LateCancel       bool                 `json:"late_cancel"`
	DecisionNote     string               `json:"decision_note"`
	CheckedInAt      *time.Time           `json:"checked_in_at"`
	CheckedOutAt     *time.Time           `json:"checked_out_at"`
	CancelledAt      *time.Time           `json:"cancelled_at"`
	RecurrenceID     *int64               `json:"recurrence_id"`
	ServiceRequestID *int64               `json:"service_request_id"`
	CreatedAt        time.Time            `json:"created_at"`
	TimeZone         string               `json:"time_zone"`
	// Actions is what the caller may do to the booking now.
	Actions []booking.BookingAction `json:"actions"`
	// Overlaps are the booker's other active bookings at the same time, when asked for.
	Overlaps []overlapResponse `json:"overlaps,omitempty"`
}

// toBooking shows a booking to the actor, with the actions the actor may take on it.
func (h *Handler) toBooking(ac core.Actor, v models.BookingView) bookingResponse {
	loc := h.app.Catalog.TimeZone(v.FacilityTimeZone)
	in := func(t *time.Time) *time.Time {
		if t == nil {
			return nil
		}
		l := t.In(loc)
		return &l
	}
	return bookingResponse{ID: v.ID, ResourceID: v.ResourceID, ResourceName: v.ResourceName, ResourceNameEn: v.ResourceNameEn,
		FacilityID: v.FacilityID, FacilityName: v.FacilityName, FacilityNameEn: v.FacilityNameEn, UserID: v.UserID, UserName: v.UserName, StartAt: v.StartAt.In(loc), EndAt: v.EndAt.In(loc),
		Seats: v.Seats, Purpose: v.Purpose, PurposeCategory: v.PurposeCategory, Status: v.Status, LateCancel: v.LateCancel,
		DecisionNote: v.DecisionNote, CheckedInAt: in(v.CheckedInAt), CheckedOutAt: in(v.CheckedOutAt), CancelledAt: in(v.CancelledAt),
		RecurrenceID: v.RecurrenceID, ServiceRequestID: v.ServiceRequestID, CreatedAt: v.CreatedAt.In(loc), TimeZone: loc.String(),
		Actions: h.app.Booking.ActionsOnBooking(ac, v)}
}

// parseTime reads an RFC 3339 time (with its offset) from a request field; empty is the zero
// time.
func parseTime(field, value string) (time.Time, error) {
	fields := map[string]core.Text{}
	t := readTime(fields, field, value)
	if len(fields) > 0 {
		return t, core.ValidationError(fields)
	}
	return t, nil
}

// parseInterval reads the two ends of an interval (start_at/end_at, from/to), naming every bad
// one in a single 422.
func parseInterval(startField, start, endField, end string) (time.Time, time.Time, error) {
	fields := map[string]core.Text{}
	s, e := readTime(fields, startField, start), readTime(fields, endField, end)
	if len(fields) > 0 {
		return s, e, core.ValidationError(fields)
	}
	return s, e, nil
}

// readTime parses value into UTC, or records in fields what is wrong with it.
func readTime(fields map[string]core.Text, field, value string) time.Time {
	if value == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		fields[field] = core.T("field.rfc3339")
	} else {
		core.CheckTime(fields, field, t)
	}
	return t.UTC()
}

func (h *Handler) createBooking(c echo.Context) error {
	req, err := bind[createBookingRequest](h, c)
	if err != nil {
		return err
	}
	start, end, err := parseInterval("start_at", req.StartAt, "end_at", req.EndAt)
	if err != nil {
		return err
	}
	ctx, ac := c.Request().Context(), actor(c)
	v, err := h.app.Booking.CreateBooking(ctx, ac, booking.Reservation{ResourceID: req.ResourceID, StartAt: start, EndAt: end,
		Seats: req.Seats, Purpose: req.Purpose, PurposeCategory: req.PurposeCategory})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h.toBooking(ac, v))
}

func (h *Handler) listBookings(c echo.Context) error {
	q, err := bind[bookingListQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := parseInterval("from", q.From, "to", q.To)
	if err != nil {
		return err
	}
	var statuses []models.BookingStatus
	for _, s := range strings.Split(q.Status, ",") {
		if s = strings.TrimSpace(s); s != "" {
			statuses = append(statuses, models.BookingStatus(s))
		}
	}
	ctx, ac := c.Request().Context(), actor(c)
	items, total, err := h.app.Booking.ListBookings(ctx, ac, booking.BookingFilter{Scope: q.Scope, Statuses: statuses,
		When: q.When, From: from, To: to, ResourceID: q.ResourceID, FacilityID: q.FacilityID, UserID: q.UserID}, q.Paging.page())
	if err != nil {
		return err
	}
	out := mapSlice(items, func(v models.BookingView) bookingResponse { return h.toBooking(ac, v) })
	if q.WithOverlaps {
		overlaps, err := h.app.Booking.BookerOverlaps(ctx, items)
		if err != nil {
			return err
		}
		for i := range out {
			out[i].Overlaps = mapSlice(overlaps[out[i].ID], h.toOverlap)
		}
	}
	return c.JSON(http.StatusOK, list(out, total))
}

func (h *Handler) getBooking(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Booking.GetBooking(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.toBooking(actor(c), v))
}

// bookingAction runs a lifecycle action on the booking named in the path, with the request body
// R, and answers with the booking as it now is.
func bookingAction[R any](h *Handler, c echo.Context, act func(ctx context.Context, ac core.Actor, id int64, req R) (models.BookingView, error)) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[R](h, c)
	if err != nil {
		return err
	}
	v, err := act(c.Request().Context(), actor(c), id, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.toBooking(actor(c), v))
}

// noBody is the request of an action that takes none.
type noBody struct{}

func (h *Handler) cancelBooking(c echo.Context) error {
	return bookingAction(h, c, func(ctx context.Context, ac core.Actor, id int64, req reasonRequest) (models.BookingView, error) {
		return h.app.Booking.CancelBooking(ctx, ac, id, req.Reason)
	})
}

func (h *Handler) approveBooking(c echo.Context) error {
	return bookingAction(h, c, func(ctx context.Context, ac core.Actor, id int64, req noteRequest) (models.BookingView, error) {
		return h.app.Booking.ApproveBooking(ctx, ac, id, req.Note)
	})
}

func (h *Handler) rejectBooking(c echo.Context) error {
	return bookingAction(h, c, func(ctx context.Context, ac core.Actor, id int64, req reasonRequest) (models.BookingView, error) {
		return h.app.Booking.RejectBooking(ctx, ac, id, req.Reason)
	})
}

func (h *Handler) checkIn(c echo.Context) error {
	return bookingAction(h, c, func(ctx context.Context, ac core.Actor, id int64, _ noBody) (models.BookingView, error) {
		return h.app.Booking.CheckIn(ctx, ac, id)
	})
}

func (h *Handler) checkOut(c echo.Context) error {
	return bookingAction(h, c, func(ctx context.Context, ac core.Actor, id int64, _ noBody) (models.BookingView, error) {
		return h.app.Booking.CheckOut(ctx, ac, id)
	})
}
