package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// settingsResponse is what the UI needs to know before anyone signs in.
type settingsResponse struct {
	// Demo is true when the server runs with the demo data (SEED_DEMO), so the sign-in page may
	// show the demo accounts.
	Demo             bool   `json:"demo"`
	RegistrationOpen bool   `json:"registration_open"`
	DefaultTimeZone  string `json:"default_time_zone"`
}

func (h *Handler) settings(c echo.Context) error {
	cfg := h.app.Config()
	return c.JSON(http.StatusOK, settingsResponse{Demo: cfg.SeedDemo, RegistrationOpen: cfg.RegistrationOpen,
		DefaultTimeZone: cfg.DefaultTZ.String()})
}
