package handlers

import (
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/accounts"
	"cqshare/app/core"
	"cqshare/models"
)

// ssoBrowserCookie binds a campus sign-on to the browser that started it.
const ssoBrowserCookie = "sso_browser"

// ssoCookiePath keeps the binding cookie to the sign-on routes.
const ssoCookiePath = "/api/v1/auth/sso/"

type ssoStartQuery struct {
	ID   int64  `param:"id"`
	Next string `query:"next" validate:"max=500"`
}

type ssoCallbackQuery struct {
	ID     int64  `param:"id"`
	State  string `query:"state" validate:"max=200"`
	Code   string `query:"code" validate:"max=2000"`
	Error  string `query:"error" validate:"max=200"`
	Ticket string `query:"ticket" validate:"max=2000"`
}

type ssoProviderRequest struct {
	OrganizationID int64  `json:"organization_id" validate:"required,min=1"`
	Kind           string `json:"kind" validate:"required,oneof=oidc cas"`
	Name           string `json:"name" validate:"required,max=100"`
	NameEn         string `json:"name_en" validate:"max=100"`
	BaseURL        string `json:"base_url" validate:"required,max=500"`
	ClientID       string `json:"client_id" validate:"max=200"`
	ClientSecret   string `json:"client_secret" validate:"max=300"`
	Scopes         string `json:"scopes" validate:"max=200"`
	Claim          string `json:"claim" validate:"max=100"`
	MatchBy        string `json:"match_by" validate:"required,oneof=email student_number"`
	Enabled        bool   `json:"enabled"`
}

func (r ssoProviderRequest) input() accounts.SSOProviderInput {
	return accounts.SSOProviderInput{OrganizationID: r.OrganizationID, Kind: r.Kind, Name: r.Name, NameEn: r.NameEn,
		BaseURL: r.BaseURL, ClientID: r.ClientID, ClientSecret: r.ClientSecret, Scopes: r.Scopes, Claim: r.Claim,
		MatchBy: r.MatchBy, Enabled: r.Enabled}
}

// ssoProviderButton is what the login page shows of a provider: nothing secret.
type ssoProviderButton struct {
	ID                 int64  `json:"id"`
	Kind               string `json:"kind"`
	Name               string `json:"name"`
	NameEn             string `json:"name_en"`
	OrganizationName   string `json:"organization_name"`
	OrganizationNameEn string `json:"organization_name_en"`
}

// ssoProviderResponse is a provider as administrators see it; the client secret is never sent
// back, only whether one is set.
type ssoProviderResponse struct {
	ssoProviderButton
	OrganizationID  int64     `json:"organization_id"`
	BaseURL         string    `json:"base_url"`
	ClientID        string    `json:"client_id"`
	HasClientSecret bool      `json:"has_client_secret"`
	Scopes          string    `json:"scopes"`
	Claim           string    `json:"claim"`
	MatchBy         string    `json:"match_by"`
	Enabled         bool      `json:"enabled"`
	RedirectURI     string    `json:"redirect_uri"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

func toSSOButton(p models.SSOProviderWithOrg) ssoProviderButton {
	return ssoProviderButton{ID: p.ID, Kind: p.Kind, Name: p.Name, NameEn: p.NameEn, OrganizationName: p.OrganizationName,
		OrganizationNameEn: p.OrganizationNameEn}
}

func (h *Handler) toSSOProvider(p models.SSOProviderWithOrg) ssoProviderResponse {
	return ssoProviderResponse{ssoProviderButton: toSSOButton(p), OrganizationID: p.OrganizationID, BaseURL: p.BaseURL,
		ClientID: p.ClientID, HasClientSecret: p.ClientSecret != "", Scopes: p.Scopes, Claim: p.Claim, MatchBy: p.MatchBy,
		Enabled: p.Enabled, RedirectURI: h.app.Accounts.SSOCallbackURL(p.ID), CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt}
}

func (h *Handler) listSSOButtons(c echo.Context) error {
	items, err := h.app.Accounts.EnabledSSOProviders(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toSSOButton), int64(len(items))))
}

// startSSO sends the browser to the provider, with a cookie that binds the sign-on to it. A
// refusal goes back to the login page, which words its code.
func (h *Handler) startSSO(c echo.Context) error {
	q, err := bind[ssoStartQuery](h, c)
	if err != nil {
		return ssoRefusal(c, err)
	}
	st, err := h.app.Accounts.StartSSO(c.Request().Context(), q.ID, q.Next)
	if err != nil {
		return ssoRefusal(c, err)
	}
	c.SetCookie(&http.Cookie{Name: ssoBrowserCookie, Value: st.BrowserToken, Path: ssoCookiePath, Expires: st.ExpiresAt,
		HttpOnly: true, Secure: h.app.Config().SecureCookies, SameSite: http.SameSiteLaxMode})
	return c.Redirect(http.StatusFound, st.RedirectURL)
}

// ssoCallback finishes a sign-on: the session's cookies as a password login sets them, and the
// page the sign-on was started for; or the login page with the refusal's code.
func (h *Handler) ssoCallback(c echo.Context) error {
	q, err := bind[ssoCallbackQuery](h, c)
	if err != nil {
		return ssoRefusal(c, err)
	}
	browser := ""
	if ck, err := c.Cookie(ssoBrowserCookie); err == nil {
		browser = ck.Value
	}
	c.SetCookie(&http.Cookie{Name: ssoBrowserCookie, Value: "", Path: ssoCookiePath, MaxAge: -1, HttpOnly: true,
		Secure: h.app.Config().SecureCookies, SameSite: http.SameSiteLaxMode})
	login, err := h.app.Accounts.FinishSSO(c.Request().Context(), q.ID,
		accounts.SSOCallback{State: q.State, Code: q.Code, Error: q.Error, Ticket: q.Ticket}, browser, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return ssoRefusal(c, err)
	}
	h.setSessionCookies(c, login.Login)
	return c.Redirect(http.StatusFound, login.Next)
}

// ssoRefusal sends the browser to the login page with the refusal's code: a sign-on is a
// navigation, and a JSON error would strand the person on it.
func ssoRefusal(c echo.Context, err error) error {
	code := accounts.ErrSSOUnavailable.Code
	var e *core.Error
	if errors.As(err, &e) {
		code = e.Code
	}
	return c.Redirect(http.StatusFound, "/login?"+url.Values{"sso_error": {code}}.Encode())
}

func (h *Handler) listSSOProviders(c echo.Context) error {
	items, err := h.app.Accounts.SSOProviders(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, h.toSSOProvider), int64(len(items))))
}

func (h *Handler) createSSOProvider(c echo.Context) error {
	req, err := bind[ssoProviderRequest](h, c)
	if err != nil {
		return err
	}
	p, err := h.app.Accounts.CreateSSOProvider(c.Request().Context(), actor(c), req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, h.toSSOProvider(p))
}

func (h *Handler) updateSSOProvider(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[ssoProviderRequest](h, c)
	if err != nil {
		return err
	}
	p, err := h.app.Accounts.UpdateSSOProvider(c.Request().Context(), actor(c), id, req.input())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, h.toSSOProvider(p))
}

func (h *Handler) deleteSSOProvider(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if err := h.app.Accounts.DeleteSSOProvider(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
