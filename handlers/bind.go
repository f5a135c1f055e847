package handlers

import (
	"cqshare/app/core"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
)

// bind reads path, query and body into a request type and validates it; bad input is a 400
// (unparsable) or a 422 naming each field, never a 500.
func bind[T any](h *Handler, c echo.Context) (T, error) {
	var req T
	if err := c.Bind(&req); err != nil {
		return req, bindError(err)
	}
	return req, h.valid.check(c, &req)
}

func bindError(err error) error {
	var he *echo.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(he.Internal, &te) {
		return badRequest(te.Field, "must be "+jsonTypeName(te.Type.Kind().String()))
	}
	var se *json.SyntaxError
	if errors.As(he.Internal, &se) {
		return badRequest("", "malformed JSON at byte "+strconv.FormatInt(se.Offset, 10))
	}
	if he.Code == http.StatusBadRequest {
		msg, _ := he.Message.(string)
		return badRequest("", msg)
	}
	return he
}

func jsonTypeName(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	}
	return "an object"
}

// pathID reads a positive integer path parameter.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, core.ErrNotFound
	}
	return id, nil
}

// pageQuery is the pagination every list accepts.
type pageQuery struct {
	Page     int `query:"page" validate:"omitempty,min=1"`
	PageSize int `query:"page_size" validate:"omitempty,min=1"`
}

func (p pageQuery) page() core.Page { return core.NewPage(p.Page, p.PageSize) }

// listResponse is the shape of every list answer.
type listResponse[T any] struct {
	Items []T   `json:"items"`
	Total int64 `json:"total"`
}

func list[T any](items []T, total int64) listResponse[T] {
	if items == nil {
		items = []T{}
	}
	return listResponse[T]{Items: items, Total: total}
}

// mapSlice converts each element.
func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}
