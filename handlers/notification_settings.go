package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"cqshare/app/accounts"
	"cqshare/app/core"
)

// notificationSettingsRequest sets the caller's language and e-mail switches; kinds not listed
// keep theirs.
type notificationSettingsRequest struct {
	Language string               `json:"language" validate:"required,oneof=zh-CN en"`
	Kinds    []kindSettingRequest `json:"kinds" validate:"max=100,dive"`
}

type kindSettingRequest struct {
	Kind  string `json:"kind" validate:"required,max=40"`
	Email *bool  `json:"email" validate:"required"`
}

// notificationSettingsResponse lists every notification kind with its e-mail switch.
type notificationSettingsResponse struct {
	Language string                `json:"language"`
	Kinds    []kindSettingResponse `json:"kinds"`
}

type kindSettingResponse struct {
	Kind  string `json:"kind"`
	Email bool   `json:"email"`
}

func toNotificationSettings(s accounts.NotificationSettings) notificationSettingsResponse {
	return notificationSettingsResponse{Language: string(s.Language), Kinds: mapSlice(s.Kinds, func(k accounts.KindSetting) kindSettingResponse {
		return kindSettingResponse{Kind: k.Kind, Email: k.Email}
	})}
}

// getNotificationSettings answers the caller's language and e-mail switch of every kind.
func (h *Handler) getNotificationSettings(c echo.Context) error {
	s, err := h.app.Accounts.NotificationSettings(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNotificationSettings(s))
}

// putNotificationSettings sets the caller's language and the e-mail switches of the kinds given.
func (h *Handler) putNotificationSettings(c echo.Context) error {
	req, err := bind[notificationSettingsRequest](h, c)
	if err != nil {
		return err
	}
	in := accounts.NotificationSettings{Language: core.Lang(req.Language), Kinds: mapSlice(req.Kinds, func(k kindSettingRequest) accounts.KindSetting {
		return accounts.KindSetting{Kind: k.Kind, Email: *k.Email}
	})}
	s, err := h.app.Accounts.SetNotificationSettings(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toNotificationSettings(s))
}
