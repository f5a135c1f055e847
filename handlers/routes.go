package handlers

import (
	"github.com/labstack/echo/v4"
)

// routes lists every route of the server.
func (h *Handler) routes(e *echo.Echo) {
	e.GET("/healthz", h.healthz)
	e.GET("/readyz", h.readyz)
	e.GET("/metrics", h.metrics.handler())
	e.GET("/api/openapi.json", h.openAPIDocument)
	e.GET("/api/docs", h.openAPIDocs)

	v1 := e.Group("/api/v1")
	v1.POST("/auth/register", h.register)
	v1.POST("/auth/login", h.login)

	auth := v1.Group("", h.authenticate)
	auth.POST("/auth/logout", h.logout)
	auth.GET("/me", h.me)
	auth.POST("/me/password", h.changePassword)

	// Catalog.

	// Bookings.

	// Administration.
	auth.GET("/admin/jobs", h.listJobs)
	auth.POST("/admin/jobs/:name/run", h.runJob)

	v1.Any("/*", func(echo.Context) error { return echo.ErrNotFound })
	e.GET("/*", uiHandler(uiFS()))
}
