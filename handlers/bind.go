package handlers

import (
	"bytes"
	"cqshare/app/core"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

// bind reads path, query and body into a request type and validates it; bad input is a 400
// (unparsable) or a 422 naming each field, never a 500.
func bind[T any](h *Handler, c echo.Context) (T, error) {
	var req T
	if err := c.Bind(&req); err != nil {
		return req, bindError(err)
	}
	return req, h.valid.check(&req)
}

// strictBinder binds like Echo's default binder (path parameters, then the query of GET, DELETE
// and HEAD, then the body), but reads only JSON bodies and refuses what the request type does
// not describe: a field it does not have (named by its path, like "weekly.bogus"; names match
// exactly, not ignoring case as encoding/json would) or anything after the JSON value is a 400.
// Lenient decoding would let a misspelt field pass silently as "not sent".
type strictBinder struct{ echo.DefaultBinder }

// Bind implements echo.Binder.
func (b *strictBinder) Bind(i any, c echo.Context) error {
	if err := b.BindPathParams(c, i); err != nil {
		return err
	}
	switch c.Request().Method {
	case http.MethodGet, http.MethodDelete, http.MethodHead:
		if err := b.BindQueryParams(c, i); err != nil {
			return err
		}
	}
	return decodeJSONBody(c.Request(), i)
}

// decodeJSONBody decodes the body of r, when there is one, into the request type into.
func decodeJSONBody(r *http.Request, into any) error {
	if r.ContentLength == 0 || r.Body == nil {
		return nil
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err // the body limit's 413, or the client went away
	}
	if len(body) == 0 {
		return nil
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType)); mt != echo.MIMEApplicationJSON {
		return echo.ErrUnsupportedMediaType
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(into)
	// encoding/json names only the key of an unknown field, not where it is, and takes keys that
	// differ in case; unknownField names the first key of the body the type does not have.
	key, unknown := "", false
	if err != nil {
		key, unknown = strings.CutPrefix(err.Error(), "json: unknown field ")
	}
	if err == nil || unknown {
		field := unknownField(body, reflect.TypeOf(into))
		if field == "" && unknown {
			field, _ = strconv.Unquote(key)
		}
		if field != "" {
			return badRequest(field, core.T("request.unknown_field", "field", field))
		}
	}
	if err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			err = &json.SyntaxError{Offset: int64(len(body))}
		}
		return echo.NewHTTPError(http.StatusBadRequest, err.Error()).SetInternal(err)
	}
	if off := dec.InputOffset(); len(bytes.TrimSpace(body[off:])) > 0 {
		return badRequest("", core.T("request.trailing_data", "offset", off))
	}
	return nil
}

// unknownField is the path of the first object key in body that typ does not have, "" if none.
func unknownField(body []byte, typ reflect.Type) string {
	path, _ := findUnknown(json.NewDecoder(bytes.NewReader(body)), typ, "")
	return path
}

var (
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// findUnknown reads one JSON value from dec as encoding/json would decode it into typ (nil: a
// value with no fields to check) and returns the path of the first object key typ lacks, named
// as the validation errors name fields ("opening_hours[0].bogus").
func findUnknown(dec *json.Decoder, typ reflect.Type, path string) (string, error) {
	for typ != nil && typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if typ != nil && (reflect.PointerTo(typ).Implements(jsonUnmarshaler) || reflect.PointerTo(typ).Implements(textUnmarshaler)) {
		typ = nil // it decodes itself
	}
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return "", err
			}
			key, _ := tok.(string)
			field := key
			if path != "" {
				field = path + "." + key
			}
			var elem reflect.Type
			switch {
			case typ == nil:
			case typ.Kind() == reflect.Struct:
				t, ok := jsonField(typ, key)
				if !ok {
					return field, nil
				}
				elem = t
			case typ.Kind() == reflect.Map:
				elem = typ.Elem()
			}
			if p, err := findUnknown(dec, elem, field); p != "" || err != nil {
				return p, err
			}
		}
	case json.Delim('['):
		var elem reflect.Type
		if typ != nil && (typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array) {
			elem = typ.Elem()
		}
		for i := 0; dec.More(); i++ {
			if p, err := findUnknown(dec, elem, path+"["+strconv.Itoa(i)+"]"); p != "" || err != nil {
				return p, err
			}
		}
	default:
		return "", nil
	}
	_, err = dec.Token() // the closing delimiter
	return "", err
}

// jsonField is the type of the field of struct typ named key in JSON (by its tag or Go name),
// looking into embedded structs after typ's own fields, as encoding/json does.
func jsonField(typ reflect.Type, key string) (reflect.Type, bool) {
	var embedded reflect.Type
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if ft := f.Type; f.Anonymous && name == "" {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if t, ok := jsonField(ft, key); ok && embedded == nil {
					embedded = t
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if name == key {
			return f.Type, true
		}
	}
	return embedded, embedded != nil
}

func bindError(err error) error {
	var he *echo.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	var te *json.UnmarshalTypeError
	if errors.As(he.Internal, &te) {
		return badRequest(te.Field, core.T("request.wrong_type_"+jsonTypeName(te.Type.Kind().String())))
	}
	var se *json.SyntaxError
	if errors.As(he.Internal, &se) {
		return badRequest("", core.T("request.malformed_json_at", "offset", se.Offset))
	}
	if he.Code == http.StatusBadRequest {
		return badRequest("", core.T("request.malformed"))
	}
	return he
}

// jsonTypeName names the JSON type a Go kind decodes from.
func jsonTypeName(kind string) string {
	switch kind {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "float32", "float64":
		return "number"
	case "bool":
		return "bool"
	case "string":
		return "string"
	case "slice", "array":
		return "array"
	}
	return "object"
}

// pathID reads a positive integer path parameter.
func pathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, core.ErrNotFound
	}
	return id, nil
}

// pageQuery is the pagination every list accepts; page is at most core.MaxPageNumber.
type pageQuery struct {
	Page     int `query:"page" validate:"omitempty,min=1,max=100000"`
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
