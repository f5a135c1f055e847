package handlers

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"cqshare/app/apptest"
	"cqshare/app/booking"
)

func TestHealthReadyAndMetrics(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		if res := s.do(request{method: "GET", path: path}); res.Status != 200 {
			t.Errorf("GET %s: got %d %s, want 200", path, res.Status, res.Body)
		}
	}
	s.do(request{method: "GET", path: "/api/v1/me"}) // one 401 to count
	// Without METRICS_ADDR, /metrics answers callers on this machine (metrics_test.go).
	body := serveFrom(s, "127.0.0.1:9100", httptest.NewRequest(http.MethodGet, "/metrics", nil)).Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="/api/v1/me",status="401"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/api/v1/me"`,
		`go_sql_open_connections{db_name="write"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.echo.GET("/api/v1/test-panic", func(echo.Context) error { panic("boom") })

	t.Run("security headers and request ID", func(t *testing.T) {
		res := s.do(request{method: "GET", path: "/healthz"})
		for _, h := range []string{"X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy", echo.HeaderXRequestID} {
			if res.Header.Get(h) == "" {
				t.Errorf("header %s missing", h)
			}
		}
	})
	t.Run("gzip when asked", func(t *testing.T) {
		res := s.do(request{method: "GET", path: "/api/openapi.json", header: map[string]string{"Accept-Encoding": "gzip"}})
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Errorf("Content-Encoding %q, want gzip", res.Header.Get("Content-Encoding"))
		}
	})
	t.Run("unknown API route is a JSON 404", func(t *testing.T) {
		res := s.do(request{method: "GET", path: "/api/v1/no-such-thing"})
		if res.Status != 404 || res.ErrorCode() != "not_found" {
			t.Errorf("got %d %q, want 404 not_found", res.Status, res.ErrorCode())
		}
	})
	t.Run("body over the limit is 413", func(t *testing.T) {
		big := `{"email":"` + strings.Repeat("a", 2<<20) + `"}`
		res := s.do(request{method: "POST", path: "/api/v1/auth/login", body: big, invalid: true})
		if res.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("got %d, want 413", res.Status)
		}
	})
	t.Run("a panic is a 500 without internals", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/api/v1/test-panic", nil)
		w := httptest.NewRecorder()
		s.echo.ServeHTTP(w, r)
		if w.Code != 500 || strings.Contains(w.Body.String(), "boom") || !strings.Contains(w.Body.String(), `"code":"internal"`) {
			t.Errorf("got %d %s, want 500 internal without the panic text", w.Code, w.Body)
		}
	})
	t.Run("client-side routes get the UI", func(t *testing.T) {
		r := httptest.NewRequest("GET", "/resources/12", nil)
		w := httptest.NewRecorder()
		s.echo.ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), "text/html") {
			t.Errorf("got %d %s, want the HTML page", w.Code, w.Header().Get("Content-Type"))
		}
	})
}

func TestUIHandlerServesFilesAndFallsBack(t *testing.T) {
	t.Parallel()
	dist := fstestMap{
		"index.html":         "<html>app</html>",
		"assets/app-1a2b.js": "console.log(1)",
		"favicon.ico":        "ico",
	}
	e := echo.New()
	e.GET("/*", uiHandler(dist.FS()))
	tests := []struct {
		path, wantBody, wantCache string
		wantStatus                int
	}{
		{"/", "<html>app</html>", "no-cache", 200},
		{"/bookings/mine", "<html>app</html>", "no-cache", 200},
		{"/assets/app-1a2b.js", "console.log(1)", "public, max-age=31536000, immutable", 200},
		{"/assets/missing.js", "", "", 404},
		{"/favicon.ico", "ico", "", 200},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			w := httptest.NewRecorder()
			e.ServeHTTP(w, httptest.NewRequest("GET", tt.path, nil))
			if w.Code != tt.wantStatus || (tt.wantBody != "" && w.Body.String() != tt.wantBody) || w.Header().Get("Cache-Control") != tt.wantCache {
				t.Errorf("got %d %q cache %q, want %d %q cache %q", w.Code, w.Body, w.Header().Get("Cache-Control"), tt.wantStatus, tt.wantBody, tt.wantCache)
			}
		})
	}
}

func TestSettingsArePublic(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.SeedDemo, cfg.RegistrationOpen = false, false
	s := newTestServerWithConfig(t, cfg)
	var got settingsResponse
	res := s.do(request{method: "GET", path: "/api/v1/settings"})
	res.JSON(t, &got)
	if res.Status != 200 || got.Demo || got.RegistrationOpen || got.DefaultTimeZone != "Asia/Shanghai" {
		t.Fatalf("got %d %+v, want 200 without demo or registration, Asia/Shanghai", res.Status, got)
	}
	if l := got.BookingLimits; l.MaxUpcomingBookings != booking.MaxUpcomingBookings || l.CreditThreshold != booking.CreditThreshold || l.CreditWindowDays != 30 {
		t.Errorf("got booking limits %+v, want the engine's", l)
	}
}

// TestWrongMethodAndChallenge checks the answers HTTP itself defines: a method a path does not
// take is a 405 naming those it does in Allow, with the API's error body; an unknown path stays a
// 404; every 401 says how to authenticate in WWW-Authenticate.
func TestWrongMethodAndChallenge(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, tc := range []struct {
		method, path string
		wantStatus   int
		wantAllow    string
	}{
		{http.MethodPut, "/api/v1/me", 405, "GET"},
		{http.MethodDelete, "/api/v1/bookings", 405, "GET, POST"},
		{http.MethodPatch, "/api/v1/bookings/7", 405, "GET"},
		{http.MethodPost, "/api/v1/bookings/7/ical", 405, "GET, HEAD"},
		{http.MethodGet, "/api/v1/bookings/7/approve", 405, "POST"},
		{http.MethodDelete, "/api/v1/consortia/3/members/4", 401, ""}, // the route exists: signed out
		{http.MethodPost, "/api/v1/no-such-thing", 404, ""},
		{http.MethodGet, "/api/v1/bookings/7/nothing", 404, ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			res := s.do(request{method: tc.method, path: tc.path})
			wantCode := map[int]string{401: "unauthenticated", 404: "not_found", 405: "method_not_allowed"}[tc.wantStatus]
			if res.Status != tc.wantStatus || res.ErrorCode() != wantCode || res.Header.Get(echo.HeaderAllow) != tc.wantAllow {
				t.Errorf("got %d %q, Allow %q; want %d %q, Allow %q: %s", res.Status, res.ErrorCode(), res.Header.Get(echo.HeaderAllow),
					tc.wantStatus, wantCode, tc.wantAllow, truncateBody(res.Body))
			}
		})
	}
	for _, tc := range []struct {
		name string
		req  request
		want string
	}{
		{"no token", request{method: http.MethodGet, path: "/api/v1/me"}, `Bearer realm="cqshare"`},
		{"a wrong token", request{method: http.MethodGet, path: "/api/v1/me", token: "not-a-session"}, `Bearer realm="cqshare"`},
		{"HEAD without a token", request{method: http.MethodHead, path: "/api/v1/bookings/7/ical"}, `Bearer realm="cqshare"`},
		{"an instrument without its token", request{method: http.MethodPost, path: "/api/v1/device/usage",
			body: map[string]any{"started_at": "2026-03-02T10:00:00+08:00"}}, `Device realm="cqshare"`},
	} {
		t.Run("401 "+tc.name, func(t *testing.T) {
			res := s.do(tc.req)
			if got := res.Header.Get(echo.HeaderWWWAuthenticate); res.Status != http.StatusUnauthorized || got != tc.want {
				t.Errorf("got %d, WWW-Authenticate %q; want 401, %q", res.Status, got, tc.want)
			}
		})
	}
	t.Run("other answers carry no challenge", func(t *testing.T) {
		res := s.do(request{method: http.MethodGet, path: "/api/v1/settings"})
		if got := res.Header.Get(echo.HeaderWWWAuthenticate); res.Status != http.StatusOK || got != "" {
			t.Errorf("got %d, WWW-Authenticate %q; want 200 without one", res.Status, got)
		}
	})
}
