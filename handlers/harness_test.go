package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// testServer is the real Echo router over a fresh database. Every answer it gives in a test is
// checked against the API document.
type testServer struct {
	t      *testing.T
	app    *app.App
	echo   *echo.Echo
	router routers.Router
}

func newTestServer(t *testing.T, opts ...app.Option) *testServer {
	t.Helper()
	return newTestServerWithConfig(t, apptest.Config(t), opts...)
}

func newTestServerWithConfig(t *testing.T, cfg app.Config, opts ...app.Option) *testServer {
	t.Helper()
	a := apptest.NewWithConfig(t, cfg, opts...)
	e, err := New(a, apptest.Logger(t))
	if err != nil {
		t.Fatalf("handlers.New: %v", err)
	}
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatalf("API document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("API router: %v", err)
	}
	return &testServer{t: t, app: a, echo: e, router: router}
}

// request is one call in a test.
type request struct {
	method string
	path   string
	token  string
	body   any // marshalled to JSON; a string is sent as it is
	header map[string]string
	// invalid marks a request the API document does not allow, sent on purpose to test bad
	// input: only the answer is checked against the document.
	invalid bool
}

// badInput marks the request of a table row as one the API document does not allow, sent on
// purpose to test bad input: do sends its body (nil when the bad part is in the path or query)
// as a request marked invalid.
type badInput struct{ body any }

// response is what the server answered.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v, failing the test when it cannot.
func (r response) JSON(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// ErrorCode is the error.code of an error answer, "" otherwise.
func (r response) ErrorCode() string {
	var b errorBody
	_ = json.Unmarshal(r.Body, &b)
	return b.Error.Code
}

// Fields is the error.fields of an error answer.
func (r response) Fields() map[string]string {
	var b errorBody
	_ = json.Unmarshal(r.Body, &b)
	return b.Error.Fields
}

// do sends a request through the router and validates the answer against the API document.
func (s *testServer) do(req request) response {
	s.t.Helper()
	if b, ok := req.body.(badInput); ok {
		req.body, req.invalid = b.body, true
	}
	var raw []byte
	switch b := req.body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	default:
		var err error
		if raw, err = json.Marshal(b); err != nil {
			s.t.Fatalf("marshal body: %v", err)
		}
	}
	r := s.newRequest(req, raw)
	w := httptest.NewRecorder()
	s.echo.ServeHTTP(w, r)
	res := response{Status: w.Code, Header: w.Header(), Body: w.Body.Bytes()}
	if w.Code >= 500 {
		s.t.Errorf("%s %s answered %d: %s", req.method, req.path, w.Code, res.Body)
	}
	s.validate(req, raw, res)
	s.checkLanguage(req, raw, res)
	return res
}

// latinRun is a word in Latin letters, as a client may send it (a misspelt field).
var latinRun = regexp.MustCompile(`[A-Za-z]+`)

// checkLanguage checks that an error answer is worded in the language the request asked for
// (Chinese by default): no English in a Chinese answer, no Chinese in an English one, and no
// placeholder left unworded. Words the client sent itself (a field it misspelt) and the data an
// answer names (a blackout's reason, in its details) may come back as they are.
func (s *testServer) checkLanguage(req request, raw []byte, res response) {
	s.t.Helper()
	var body struct {
		Error *errorDetail `json:"error"`
	}
	if res.Status < 400 || json.Unmarshal(res.Body, &body) != nil || body.Error == nil {
		return
	}
	lang := core.ParseAcceptLanguage(req.header["Accept-Language"])
	sent := latinRun.FindAllString(req.path+" "+string(raw), -1)
	texts := []string{body.Error.Message}
	for _, m := range body.Error.Fields {
		texts = append(texts, m)
	}
	for _, text := range texts {
		for _, v := range body.Error.Details {
			if data, ok := v.(string); ok && data != "" {
				text = strings.ReplaceAll(text, data, "") // a name or a reason the data holds
			}
		}
		if w := core.Foreign(lang, text, sent...); len(w) > 0 || strings.ContainsAny(text, "{}") || text == "" {
			s.t.Errorf("%s %s answered %d with %q, not worded in %s (%v): %s", req.method, req.path, res.Status, text, lang, w, res.Body)
		}
	}
}

func (s *testServer) newRequest(req request, raw []byte) *http.Request {
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(raw)
	}
	r := httptest.NewRequest(req.method, req.path, body)
	if body != nil {
		r.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	}
	if req.token != "" {
		r.Header.Set(echo.HeaderAuthorization, "Bearer "+req.token)
	}
	for k, v := range req.header {
		r.Header.Set(k, v)
	}
	return r
}

// validate checks a request and its answer against the API document: the route, the
// parameters and body the request sends (unless it is marked invalid), and the status and body
// schema of the answer.
func (s *testServer) validate(req request, raw []byte, res response) {
	s.t.Helper()
	if !strings.HasPrefix(req.path, "/api/") && req.path != "/healthz" && req.path != "/readyz" {
		return
	}
	vr := s.newRequest(req, raw) // the server has read the body of the one it answered
	route, params, err := s.router.FindRoute(vr)
	if err != nil {
		if res.Status == http.StatusNotFound || res.Status == http.StatusMethodNotAllowed {
			return // not a route; the 404 shape is checked elsewhere
		}
		s.t.Errorf("%s %s is not in the API document: %v", req.method, req.path, err)
		return
	}
	// The server checks credentials itself; the document only says which schemes it accepts.
	reqIn := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
	if !req.invalid {
		if err := openapi3filter.ValidateRequest(context.Background(), reqIn); err != nil {
			s.t.Errorf("%s %s: the request does not match the API document: %v\nbody: %s", req.method, req.path, err, truncateBody(raw))
		}
		if undeclared := undeclaredQuery(route, vr); len(undeclared) > 0 {
			s.t.Errorf("%s %s: query parameters %v are not in the API document", req.method, req.path, undeclared)
		}
	}
	if res.Status == http.StatusRequestEntityTooLarge || res.Header.Get("Content-Encoding") != "" {
		return // transport-level answers, the same on every route
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqIn,
		Status:                 res.Status,
		Header:                 res.Header,
		Body:                   io.NopCloser(bytes.NewReader(res.Body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true,
			// Only JSON bodies are checked against schemas; others (HTML, iCal, CSV) by status and type.
			ExcludeResponseBody: !strings.HasPrefix(res.Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON)},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		s.t.Errorf("%s %s → %d does not match the API document: %v\nbody: %s", req.method, req.path, res.Status, err, truncateBody(res.Body))
	}
}

// undeclaredQuery lists the query parameters of r its operation does not declare, which
// openapi3filter lets pass.
func undeclaredQuery(route *routers.Route, r *http.Request) []string {
	declared := map[string]bool{}
	for _, p := range append(route.PathItem.Parameters, route.Operation.Parameters...) {
		if p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
			declared[p.Value.Name] = true
		}
	}
	var out []string
	for name := range r.URL.Query() {
		if !declared[name] {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func truncateBody(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// user creates an account of the role (managers manage the facilities given) and returns a
// Bearer token for it.
func (s *testServer) user(email, role string, managed ...int64) (models.User, string) {
	s.t.Helper()
	var org *int64
	if role == models.RoleSME { // an SME user belongs to an enterprise: the demo data's first
		orgs, _, err := s.app.Catalog.Organizations(context.Background(), core.System,
			catalog.OrganizationFilter{Kind: "enterprise"}, core.NewPage(1, 1))
		if err != nil || len(orgs) == 0 {
			s.t.Fatalf("no enterprise for an SME user (%v): use the demo data", err)
		}
		org = &orgs[0].ID
	}
	u, err := s.app.Accounts.CreateUser(context.Background(), core.System, accounts.NewUser{
		Email: email, Password: "test-pass-2026", Name: strings.Split(email, "@")[0], Role: role,
		OrganizationID: org, ManagedFacilityIDs: managed,
	})
	if err != nil {
		s.t.Fatalf("create %s user %s: %v", role, email, err)
	}
	res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": "test-pass-2026"}})
	if res.Status != http.StatusOK {
		s.t.Fatalf("login %s: %d %s", email, res.Status, res.Body)
	}
	var login loginResponse
	res.JSON(s.t, &login)
	return u, login.Token
}
