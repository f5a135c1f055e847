package handlers

import (
	"cqshare/app/booking"
	"cqshare/app/core"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

var echoParam = regexp.MustCompile(`:([a-zA-Z_]+)`)

// TestEveryRouteIsDocumented fails when a registered route is missing from the API document.
func TestEveryRouteIsDocumented(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.echo.Routes() {
		if strings.HasSuffix(r.Path, "/*") || r.Method == echoRouteNotFound {
			continue // catch-alls: the UI and the API's 404
		}
		path := echoParam.ReplaceAllString(r.Path, "{$1}")
		item := doc.Paths.Value(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s %s is not in the API document", r.Method, path)
		}
	}
}

// TestRequestBodiesAreClosed fails when an object in a request body schema lets fields pass that
// it does not list: the server refuses them (a 400 naming the field), so the document says so.
func TestRequestBodiesAreClosed(t *testing.T) {
	t.Parallel()
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var check func(where string, ref *openapi3.SchemaRef)
	check = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil {
			return
		}
		s := ref.Value
		if s.Type.Is(openapi3.TypeObject) && (s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has) {
			t.Errorf("%s: an object of a request body without additionalProperties: false", where)
		}
		for name, p := range s.Properties {
			check(where+"."+name, p)
		}
		check(where+"[]", s.Items)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for mime, mt := range op.RequestBody.Value.Content {
				check(method+" "+path+" "+mime, mt.Schema)
			}
		}
	}
}

// echoRouteNotFound is the pseudo-method Echo lists for its not-found handlers.
const echoRouteNotFound = "echo_route_not_found"

func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res := s.do(request{method: http.MethodGet, path: "/api/openapi.json"})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), `"openapi":"3.0.3"`) {
		t.Fatalf("GET /api/openapi.json: got %d %s", res.Status, truncateBody(res.Body))
	}
	res = s.do(request{method: http.MethodGet, path: "/api/docs"})
	if res.Status != http.StatusOK || !strings.Contains(string(res.Body), "/api/v1/auth/login") {
		t.Fatalf("GET /api/docs: got %d, want a page listing the routes", res.Status)
	}
}

// TestDocumentEnumsMatchGo checks that the enums the UI's types are generated from list exactly
// the codes the server knows: the permission codes and the actions on a booking.
func TestDocumentEnumsMatchGo(t *testing.T) {
	t.Parallel()
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	enum := func(name string) []string {
		s := doc.Components.Schemas[name]
		if s == nil || s.Value == nil {
			t.Fatalf("schema %s is not in the API document", name)
		}
		var out []string
		for _, v := range s.Value.Enum {
			out = append(out, v.(string))
		}
		slices.Sort(out)
		return out
	}
	names := func(vs []string) []string { slices.Sort(vs); return vs }
	for _, tc := range []struct {
		schema string
		goSide []string
	}{
		{"Permission", mapSlice(core.AllPermissions, func(p core.Permission) string { return string(p) })},
		{"BookingAction", mapSlice(booking.BookingActions, func(a booking.BookingAction) string { return string(a) })},
	} {
		if got, want := enum(tc.schema), names(tc.goSide); !slices.Equal(got, want) {
			t.Errorf("%s: the document lists %v, the server %v", tc.schema, got, want)
		}
	}
}

var lowerCamel = regexp.MustCompile(`^[a-z][a-z0-9]*(?:[A-Z][a-z0-9]+)*$`)

// TestOperationsAreDescribed fails when an operation lacks what clients and the linters need: a
// lowerCamelCase operationId (verb + noun, the name generated clients use; loading the document
// refuses one used twice), a summary and a description.
func TestOperationsAreDescribed(t *testing.T) {
	t.Parallel()
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !lowerCamel.MatchString(op.OperationID) {
				t.Errorf("%s %s: operationId %q, want lowerCamelCase (listBookings)", method, path, op.OperationID)
			}
			if strings.TrimSpace(op.Summary) == "" || strings.TrimSpace(op.Description) == "" {
				t.Errorf("%s %s: want both a summary and a description", method, path)
			}
		}
	}
}

// unthrottled are the paths the rate limiter skips (server.go).
var unthrottled = []string{"/healthz", "/readyz", "/metrics"}

// TestSharedAnswersAreDocumented fails when an operation does not list an answer that the
// middleware, not the handler, may give it: 429 from the rate limiter, 401 from authentication,
// 403 from the CSRF check on unsafe requests with the session cookie.
func TestSharedAnswersAreDocumented(t *testing.T) {
	t.Parallel()
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			signedIn := op.Security == nil || len(*op.Security) > 0
			want := map[int]bool{
				http.StatusTooManyRequests: !slices.Contains(unthrottled, path),
				http.StatusUnauthorized:    signedIn,
				http.StatusForbidden:       signedIn && !safeMethod(method),
			}
			for status, needed := range want {
				if needed && op.Responses.Status(status) == nil {
					t.Errorf("%s %s: no %d answer", method, path, status)
				}
			}
		}
	}
}
