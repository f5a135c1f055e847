package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

func (h *Handler) openAPIDocument(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]any{"openapi": "3.0.3"})
}

func (h *Handler) openAPIDocs(c echo.Context) error {
	return c.HTML(http.StatusOK, "<h1>API</h1>")
}
