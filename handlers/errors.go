package handlers

import (
	"cqshare/app/core"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// errorBody is the JSON shape of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Rule    string            `json:"rule,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
	Details map[string]any    `json:"details,omitempty"`
}

var kindStatus = map[core.Kind]int{
	core.KindInvalid:         http.StatusBadRequest,
	core.KindUnauthenticated: http.StatusUnauthorized,
	core.KindForbidden:       http.StatusForbidden,
	core.KindNotFound:        http.StatusNotFound,
	core.KindConflict:        http.StatusConflict,
	core.KindRule:            http.StatusUnprocessableEntity,
	core.KindRateLimited:     http.StatusTooManyRequests,
	core.KindUnavailable:     http.StatusServiceUnavailable,
}

var statusCode = map[int]string{
	http.StatusBadRequest:            "bad_request",
	http.StatusUnauthorized:          "unauthenticated",
	http.StatusForbidden:             "forbidden",
	http.StatusNotFound:              "not_found",
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: "body_too_large",
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
	http.StatusTooManyRequests:       "rate_limited",
	http.StatusServiceUnavailable:    "unavailable",
}

// badRequest is a malformed request (unparsable JSON, a query parameter of the wrong type).
func badRequest(field, message string) *core.Error {
	e := &core.Error{Kind: core.KindInvalid, Code: "bad_request", Message: message}
	if field != "" {
		e.Fields = map[string]string{field: message}
	}
	return e
}

// errorHandler maps every error a handler returns to the status and body of the API contract.
// Anything unexpected is logged with the request ID and answered 500 without internals.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := describe(err)
		if status == http.StatusUnauthorized {
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, challenge(c))
		}
		if status >= 500 {
			log.ErrorContext(c.Request().Context(), "request failed", "err", err,
				"method", c.Request().Method, "path", c.Path(),
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		_ = c.JSON(status, body)
	}
}

// challenge is the WWW-Authenticate of a 401 (RFC 9110 requires one): the device token's scheme
// on the instruments' route, else Bearer, which every other route takes. The session cookie is
// a browser's way to send the same token and has no HTTP scheme of its own; Basic is never
// offered, or a browser would ask for a password in its own dialog.
func challenge(c echo.Context) string {
	if c.Path() == "/api/v1/device/usage" {
		return `Device realm="cqshare"`
	}
	return `Bearer realm="cqshare"`
}

func describe(err error) (int, errorBody) {
	var ae *core.Error
	if errors.As(err, &ae) {
		status := kindStatus[ae.Kind]
		if status == 0 {
			status = http.StatusInternalServerError
		}
		return status, errorBody{errorDetail{Code: ae.Code, Message: ae.Message, Rule: ae.Rule, Fields: ae.Fields, Details: ae.Details}}
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok && m != "" {
			msg = m
		}
		code := statusCode[he.Code]
		if code == "" {
			code = strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_"))
		}
		return he.Code, errorBody{errorDetail{Code: code, Message: msg}}
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return http.StatusBadRequest, errorBody{errorDetail{Code: "bad_request", Message: "malformed JSON"}}
	case errors.As(err, &te):
		return http.StatusBadRequest, errorBody{errorDetail{Code: "bad_request", Message: "wrong type", Fields: map[string]string{te.Field: "must be " + te.Type.String()}}}
	}
	return http.StatusInternalServerError, errorBody{errorDetail{Code: "internal", Message: "internal error"}}
}
