package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

type blackoutListQuery struct {
	Paging pageQuery
	From   *time.Time `query:"from"`
	To     *time.Time `query:"to"`
}

type blackoutRequest struct {
	ResourceID *int64    `json:"resource_id" validate:"omitempty,min=1"`
	Kind       string    `json:"kind" validate:"required,oneof=closure makeup_workday"`
	StartAt    time.Time `json:"start_at" validate:"required"`
	EndAt      time.Time `json:"end_at" validate:"required"`
	Reason     string    `json:"reason" validate:"max=300"`
	// OnBookings says what a closure does with the active bookings it covers (their holders are
	// told the reason).
	OnBookings catalog.OnBookings `json:"on_bookings" validate:"omitempty,oneof=cancel keep"`
}

// closingRequest is what a change that takes bookable time away (opening hours, a resource's
// capacity or status) does with the active bookings it covers, and the reason their holders are
// told when they are cancelled.
type closingRequest struct {
	OnBookings   catalog.OnBookings `json:"on_bookings" validate:"omitempty,oneof=cancel keep"`
	CancelReason string             `json:"cancel_reason" validate:"max=300"`
}

// blackoutResponse is a closed interval of a facility or one resource, or a make-up working day.
type blackoutResponse struct {
	ID           int64     `json:"id"`
	FacilityID   int64     `json:"facility_id"`
	ResourceID   *int64    `json:"resource_id"`
	ResourceName *string   `json:"resource_name"`
	Kind         string    `json:"kind"`
	StartAt      time.Time `json:"start_at"`
	EndAt        time.Time `json:"end_at"`
	Reason       string    `json:"reason"`
	CreatedBy    *int64    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

func toBlackout(b models.BlackoutRow) blackoutResponse {
	return blackoutResponse{ID: b.ID, FacilityID: b.FacilityID, ResourceID: b.ResourceID, ResourceName: b.ResourceName,
		Kind: b.Kind, StartAt: b.StartAt, EndAt: b.EndAt, Reason: b.Reason, CreatedBy: b.CreatedBy, CreatedAt: b.CreatedAt}
}

// listBlackouts lists the blackouts of a facility (all of them) or those that apply to a
// resource (its own and its facility's), by the path's "facility" or "resource" id.
func (h *Handler) listBlackouts(scope string) echo.HandlerFunc {
	return func(c echo.Context) error {
		id, err := pathID(c, "id")
		if err != nil {
			return err
		}
		q, err := bind[blackoutListQuery](h, c)
		if err != nil {
			return err
		}
		f := catalog.BlackoutFilter{From: q.From, To: q.To}
		if scope == "resource" {
			f.ResourceID = id
		} else {
			f.FacilityID = id
		}
		items, total, err := h.app.Catalog.Blackouts(c.Request().Context(), actor(c), f, q.Paging.page())
		if err != nil {
			return err
		}
		return c.JSON(http.StatusOK, list(mapSlice(items, toBlackout), total))
	}
}

func (h *Handler) createBlackout(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := core.RequireFacilityManager(actor(c), id); err != nil {
		return err // before the body: a manager of another facility learns nothing from its faults
	}
	req, err := bind[blackoutRequest](h, c)
	if err != nil {
		return err
	}
	b, err := h.app.Catalog.CreateBlackout(c.Request().Context(), actor(c), catalog.NewBlackout{FacilityID: id,
		ResourceID: req.ResourceID, Kind: req.Kind, StartAt: req.StartAt, EndAt: req.EndAt, Reason: req.Reason, OnBookings: req.OnBookings})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toBlackout(b))
}

func (h *Handler) deleteBlackout(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Catalog.DeleteBlackout(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
