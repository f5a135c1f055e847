package handlers

import (
	"cqshare/app/accounts"
	"cqshare/app/core"
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
)

const (
	sessionCookie = "session"
	csrfCookie    = "csrf_token"
	csrfHeader    = "X-CSRF-Token"
	actorKey      = "actor"
	sessionKey    = "session_id"
)

// authenticate resolves the Bearer token or the session cookie to an actor. Requests carried by
// the cookie and not safe (POST, PUT, PATCH, DELETE) must echo the CSRF token in X-CSRF-Token.
func (h *Handler) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		token, fromCookie := bearerToken(c), false
		if token == "" {
			if ck, err := c.Cookie(sessionCookie); err == nil {
				token, fromCookie = ck.Value, true
			}
		}
		auth, err := h.app.Accounts.Authenticate(c.Request().Context(), token)
		if err != nil {
			return err
		}
		if fromCookie && !safeMethod(c.Request().Method) {
			sent := c.Request().Header.Get(csrfHeader)
			if subtle.ConstantTimeCompare([]byte(sent), []byte(auth.CSRFToken)) != 1 {
				return &core.Error{Kind: core.KindForbidden, Code: "csrf_failed", Key: "request.csrf_failed"}
			}
		}
		c.Set(actorKey, auth.Actor)
		c.Set(sessionKey, auth.SessionID)
		return next(c)
	}
}

func bearerToken(c echo.Context) string {
	v := c.Request().Header.Get(echo.HeaderAuthorization)
	if scheme, token, ok := strings.Cut(v, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(token)
	}
	return ""
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// actor is the signed-in actor of an authenticated route.
func actor(c echo.Context) core.Actor {
	ac, _ := c.Get(actorKey).(core.Actor)
	return ac
}

type registerRequest struct {
	Email            string `json:"email" validate:"required,email,max=254"`
	Password         string `json:"password" validate:"required,min=8,max=72"`
	Name             string `json:"name" validate:"required,max=100"`
	Role             string `json:"role" validate:"omitempty,oneof=student teacher sme"`
	OrganizationName string `json:"organization_name" validate:"required_if=Role sme,max=200"`
	CreditCode       string `json:"credit_code" validate:"required_if=Role sme,omitempty,creditcode"`
}

type loginRequest struct {
	Email    string `json:"email" validate:"required,max=254"`
	Password string `json:"password" validate:"required,max=200"`
}

type changePasswordRequest struct {
	CurrentPassword string `json:"current_password" validate:"required,max=200"`
	NewPassword     string `json:"new_password" validate:"required,min=8,max=72"`
}

type userResponse struct {
	ID                 int64             `json:"id"`
	Email              string            `json:"email"`
	Name               string            `json:"name"`
	Role               string            `json:"role"`
	OrganizationID     *int64            `json:"organization_id"`
	ManagedFacilityIDs []int64           `json:"managed_facility_ids"`
	ConsortiumID       *int64            `json:"consortium_id"`
	Permissions        []core.Permission `json:"permissions"`
}

func toUser(ac core.Actor) userResponse {
	ids := ac.ManagedFacilityIDs
	if ids == nil {
		ids = []int64{}
	}
	return userResponse{ID: ac.UserID, Email: ac.Email, Name: ac.Name, Role: ac.Role,
		OrganizationID: ac.OrganizationID, ManagedFacilityIDs: ids, ConsortiumID: ac.ConsortiumID, Permissions: ac.Permissions()}
}

// pendingRegistrationResponse answers a registration that waits for an administrator's approval:
// no session is opened.
type pendingRegistrationResponse struct {
	Status string `json:"status"` // pending_approval
}

type loginResponse struct {
	Token     string       `json:"token"`
	CSRFToken string       `json:"csrf_token"`
	ExpiresAt time.Time    `json:"expires_at"`
	User      userResponse `json:"user"`
}

func (h *Handler) register(c echo.Context) error {
	req, err := bind[registerRequest](h, c)
	if err != nil {
		return err
	}
	login, err := h.app.Accounts.Register(c.Request().Context(), accounts.RegisterInput{
		Email: req.Email, Password: req.Password, Name: req.Name, Role: req.Role,
		OrganizationName: req.OrganizationName, CreditCode: req.CreditCode, Language: language(c),
	}, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	if login.Pending {
		return c.JSON(http.StatusCreated, pendingRegistrationResponse{Status: "pending_approval"})
	}
	return h.startSession(c, http.StatusCreated, login)
}

func (h *Handler) login(c echo.Context) error {
	req, err := bind[loginRequest](h, c)
	if err != nil {
		return err
	}
	login, err := h.app.Accounts.LoginWithPassword(c.Request().Context(), req.Email, req.Password, c.RealIP(), c.Request().UserAgent())
	if err != nil {
		return err
	}
	return h.startSession(c, http.StatusOK, login)
}

// startSession answers a login: the token in the body for API clients, and an HttpOnly cookie
// plus a readable CSRF cookie for the browser.
func (h *Handler) startSession(c echo.Context, status int, login accounts.Login) error {
	h.setSessionCookies(c, login)
	return c.JSON(status, loginResponse{Token: login.Token, CSRFToken: login.CSRFToken, ExpiresAt: login.ExpiresAt, User: toUser(login.Actor)})
}

// setSessionCookies gives the browser its session: the HttpOnly token and the readable CSRF token.
func (h *Handler) setSessionCookies(c echo.Context, login accounts.Login) {
	secure := h.app.Config().SecureCookies
	c.SetCookie(&http.Cookie{Name: sessionCookie, Value: login.Token, Path: "/", Expires: login.ExpiresAt,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: login.CSRFToken, Path: "/", Expires: login.ExpiresAt,
		Secure: secure, SameSite: http.SameSiteLaxMode})
}

func (h *Handler) logout(c echo.Context) error {
	id, _ := c.Get(sessionKey).(int64)
	if err := h.app.Accounts.Logout(c.Request().Context(), id); err != nil {
		return err
	}
	for _, name := range []string{sessionCookie, csrfCookie} {
		c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1})
	}
	return c.NoContent(http.StatusNoContent)
}

func (h *Handler) me(c echo.Context) error {
	return c.JSON(http.StatusOK, toUser(actor(c)))
}

func (h *Handler) changePassword(c echo.Context) error {
	req, err := bind[changePasswordRequest](h, c)
	if err != nil {
		return err
	}
	id, _ := c.Get(sessionKey).(int64)
	if err := h.app.Accounts.ChangePassword(c.Request().Context(), actor(c), id, req.CurrentPassword, req.NewPassword, c.RealIP()); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
