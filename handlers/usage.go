package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/booking"
	"cqshare/models"
)

type usageRequest struct {
	StartedAt  string `json:"started_at" validate:"required"`
	EndedAt    string `json:"ended_at"`
	ExternalID string `json:"external_id" validate:"max=100"`
	UserRef    string `json:"user_ref" validate:"max=100"`
}

type usageQuery struct {
	Paging    pageQuery
	From      string `query:"from"`
	To        string `query:"to"`
	Unmatched bool   `query:"unmatched"`
}

// usageResponse is one usage session of a resource.
type usageResponse struct {
	ID         int64      `json:"id"`
	ResourceID int64      `json:"resource_id"`
	BookingID  *int64     `json:"booking_id"`
	ExternalID *string    `json:"external_id"`
	UserRef    string     `json:"user_ref"`
	StartedAt  time.Time  `json:"started_at"`
	EndedAt    *time.Time `json:"ended_at"`
	CreatedAt  time.Time  `json:"created_at"`
}

func toUsage(u models.UsageRecord) usageResponse {
	return usageResponse{ID: u.ID, ResourceID: u.ResourceID, BookingID: u.BookingID, ExternalID: u.ExternalID,
		UserRef: u.UserRef, StartedAt: u.StartedAt, EndedAt: u.EndedAt, CreatedAt: u.CreatedAt}
}

// postUsage records a usage session from an instrument agent, authenticated by its device
// token: 201 for a new session, 200 when the agent had sent it before (same external_id).
func (h *Handler) postUsage(c echo.Context) error {
	token := deviceToken(c)
	if token == "" {
		return booking.ErrInvalidDeviceToken
	}
	req, err := bind[usageRequest](h, c)
	if err != nil {
		return err
	}
	in := booking.UsageInput{ExternalID: req.ExternalID, UserRef: req.UserRef}
	if in.StartedAt, err = parseTime("started_at", req.StartedAt); err != nil {
		return err
	}
	if req.EndedAt != "" {
		end, err := parseTime("ended_at", req.EndedAt)
		if err != nil {
			return err
		}
		in.EndedAt = &end
	}
	rec, created, err := h.app.Booking.IngestUsage(c.Request().Context(), token, in)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, toUsage(rec))
}

// listUsage lists a resource's usage sessions (its managers); ?unmatched=true shows only those
// no booking covers.
func (h *Handler) listUsage(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[usageQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := parseInterval("from", q.From, "to", q.To)
	if err != nil {
		return err
	}
	recs, total, err := h.app.Booking.ResourceUsage(c.Request().Context(), actor(c), id, from, to, q.Unmatched, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(recs, toUsage), total))
}
