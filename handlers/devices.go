package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/models"
)

// deviceTokenHeader is the alternative to "Authorization: Device <token>" for instrument agents
// whose HTTP client cannot set the Authorization scheme.
const deviceTokenHeader = "X-Device-Token"

type deviceTokenRequest struct {
	Name string `json:"name" validate:"required,max=100"`
}

// deviceTokenResponse is a device token without its secret.
type deviceTokenResponse struct {
	ID         int64      `json:"id"`
	ResourceID int64      `json:"resource_id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// issuedDeviceTokenResponse carries the secret, shown this once.
type issuedDeviceTokenResponse struct {
	deviceTokenResponse
	Token string `json:"token"`
}

func toDeviceToken(t models.DeviceToken) deviceTokenResponse {
	return deviceTokenResponse{ID: t.ID, ResourceID: t.ResourceID, Name: t.Name, CreatedAt: t.CreatedAt,
		LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt}
}

// issueDeviceToken creates a token for an instrument agent of the resource (its managers).
func (h *Handler) issueDeviceToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// Before the body: a manager of another facility learns nothing from its faults.
	r, err := h.app.Catalog.Resource(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	if err := core.RequireFacilityManager(actor(c), r.FacilityID); err != nil {
		return err
	}
	req, err := bind[deviceTokenRequest](h, c)
	if err != nil {
		return err
	}
	t, secret, err := h.app.Booking.IssueDeviceToken(c.Request().Context(), actor(c), id, req.Name)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, issuedDeviceTokenResponse{deviceTokenResponse: toDeviceToken(t), Token: secret})
}

// listDeviceTokens lists the resource's device tokens (its managers).
func (h *Handler) listDeviceTokens(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	ts, err := h.app.Booking.DeviceTokens(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(ts, toDeviceToken), int64(len(ts))))
}

// revokeDeviceToken revokes a device token (the resource's managers).
func (h *Handler) revokeDeviceToken(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Booking.RevokeDeviceToken(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// deviceToken reads the token of an instrument agent: "Authorization: Device <token>", or the
// X-Device-Token header.
func deviceToken(c echo.Context) string {
	if scheme, token, ok := strings.Cut(c.Request().Header.Get(echo.HeaderAuthorization), " "); ok && strings.EqualFold(scheme, "Device") {
		return strings.TrimSpace(token)
	}
	return strings.TrimSpace(c.Request().Header.Get(deviceTokenHeader))
}
