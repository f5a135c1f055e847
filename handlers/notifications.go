package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/models"
)

type notificationQuery struct {
	Paging pageQuery
	Unread bool `query:"unread"`
}

// notificationResponse is one entry of the in-app notification list.
type notificationResponse struct {
	ID        int64          `json:"id"`
	Kind      string         `json:"kind"`
	Title     string         `json:"title"`
	Body      string         `json:"body"`
	Data      map[string]any `json:"data"`
	ReadAt    *time.Time     `json:"read_at"`
	CreatedAt time.Time      `json:"created_at"`
}

func toNotification(n models.Notification) notificationResponse {
	data := n.Data.V
	if data == nil {
		data = map[string]any{}
	}
	return notificationResponse{ID: n.ID, Kind: n.Kind, Title: n.Title, Body: n.Body, Data: data, ReadAt: n.ReadAt, CreatedAt: n.CreatedAt}
}

// listMyNotifications lists the caller's notifications, newest first (?unread=true: unread only).
func (h *Handler) listMyNotifications(c echo.Context) error {
	q, err := bind[notificationQuery](h, c)
	if err != nil {
		return err
	}
	ns, total, err := h.app.Accounts.Notifications(c.Request().Context(), actor(c), q.Unread, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(ns, toNotification), total))
}

// readNotification marks one of the caller's notifications read.
func (h *Handler) readNotification(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Accounts.MarkNotificationRead(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

type readAllResponse struct {
	Marked int64 `json:"marked"`
}

// readAllNotifications marks every unread notification of the caller read.
func (h *Handler) readAllNotifications(c echo.Context) error {
	n, err := h.app.Accounts.MarkAllNotificationsRead(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, readAllResponse{Marked: n})
}
