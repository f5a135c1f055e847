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
	core.KindTooLarge:        http.StatusRequestEntityTooLarge,
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
func badRequest(field string, msg core.Text) *core.Error {
	e := &core.Error{Kind: core.KindInvalid, Code: "bad_request", Key: msg.Key, Details: msg.Params}
	if field != "" {
		e.Fields = map[string]core.Text{field: msg}
	}
	return e
}

// language is the language the caller reads: its Accept-Language, Chinese by default.
func language(c echo.Context) core.Lang {
	return core.ParseAcceptLanguage(c.Request().Header.Get("Accept-Language"))
}

// fileLanguage is the language a file is headed in: the one its link names (lang, as a
// download link cannot set Accept-Language), else the request's.
func fileLanguage(c echo.Context, lang string) core.Lang {
	if lang != "" {
		return core.ParseAcceptLanguage(lang)
	}
	return language(c)
}

// errorHandler maps every error a handler returns to the status and body of the API contract,
// worded in the caller's language. Anything unexpected is logged with the request ID and
// answered 500 without internals.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, ae := appError(err)
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
		l := language(c)
		_ = c.JSON(status, errorBody{errorDetail{Code: ae.Code, Message: ae.Message(l), Rule: ae.Rule,
			Fields: ae.FieldMessages(l), Details: wordDetails(l, ae.Details)}})
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

// appError is the status and the application error an error is answered with.
func appError(err error) (int, *core.Error) {
	var ae *core.Error
	if errors.As(err, &ae) {
		if status := kindStatus[ae.Kind]; status != 0 {
			return status, ae
		}
		return http.StatusInternalServerError, errInternal
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		code := statusCode[he.Code]
		if code == "" {
			code = strings.ToLower(strings.ReplaceAll(http.StatusText(he.Code), " ", "_"))
		}
		key := "error." + code
		if !core.Has(key) {
			key = "error.http"
		}
		return he.Code, &core.Error{Code: code, Key: key, Details: map[string]any{"status": he.Code}}
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return http.StatusBadRequest, badRequest("", core.T("request.malformed"))
	case errors.As(err, &te):
		return http.StatusBadRequest, badRequest(te.Field, core.T("request.wrong_type_"+jsonTypeName(te.Type.Kind().String())))
	}
	return http.StatusInternalServerError, errInternal
}

var errInternal = &core.Error{Code: "internal", Key: "error.internal"}

// wordDetails words the texts inside an error's details (the reason of each failed date of a
// series); everything else passes as it is.
func wordDetails(l core.Lang, v map[string]any) map[string]any {
	if len(v) == 0 {
		return nil
	}
	out := make(map[string]any, len(v))
	for k, x := range v {
		switch x := x.(type) {
		case core.Text:
			out[k] = l.Say(x)
		case map[string]any:
			out[k] = wordDetails(l, x)
		case []map[string]any:
			list := make([]map[string]any, len(x))
			for i, m := range x {
				list[i] = wordDetails(l, m)
			}
			out[k] = list
		default:
			out[k] = x
		}
	}
	return out
}
