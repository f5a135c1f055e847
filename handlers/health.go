package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

type statusResponse struct {
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// healthz answers while the process is alive.
func (h *Handler) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}

// readyz answers 200 when the database is reachable and fully migrated, else 503.
func (h *Handler) readyz(c echo.Context) error {
	if err := h.app.Ready(c.Request().Context()); err != nil {
		return c.JSON(http.StatusServiceUnavailable, statusResponse{Status: "unavailable", Error: err.Error()})
	}
	return c.JSON(http.StatusOK, statusResponse{Status: "ok"})
}
