package handlers

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestSessionsEndThirtyDaysAfterSignIn uses one session every 13 days: each use slides its
// expiry, but 30 days after sign-in it ends anyway.
func TestSessionsEndThirtyDaysAfterSignIn(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC))
	s := newTestServerWithConfig(t, apptest.Config(t), app.WithClock(clock.Now))
	_, token := s.user("daily@example.cn", models.RoleStudent)
	for _, tt := range []struct {
		after time.Duration
		want  int
	}{{13 * 24 * time.Hour, 200}, {26 * 24 * time.Hour, 200}, {29*24*time.Hour + 23*time.Hour, 200}, {30*24*time.Hour + time.Minute, 401}} {
		clock.Set(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC).Add(tt.after))
		if res := s.do(request{method: http.MethodGet, path: "/api/v1/me", token: token}); res.Status != tt.want {
			t.Errorf("%s after sign-in: got %d, want %d", tt.after, res.Status, tt.want)
		}
	}
}

// TestSensitiveAnswersAreNotStored checks the caching and transport headers: every answer of an
// authenticated route (errors too) and of sign-in is Cache-Control: no-store, and HSTS is sent
// when cookies are Secure.
func TestSensitiveAnswersAreNotStored(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.SecureCookies = true
	secure := newTestServerWithConfig(t, cfg)
	plain := newTestServer(t)
	_, token := secure.user("cached@example.cn", models.RoleStudent)
	_, admin := secure.user("cached-admin@example.cn", models.RoleAdmin)
	login := map[string]string{"email": "cached@example.cn", "password": "test-pass-2026"}
	for _, tt := range []struct {
		name string
		req  request
	}{
		{"sign-in", request{method: http.MethodPost, path: "/api/v1/auth/login", body: login}},
		{"registration", request{method: http.MethodPost, path: "/api/v1/auth/register", body: map[string]string{"email": "new-cached@example.cn", "password": "test-pass-2026", "name": "x"}}},
		{"a failed sign-in", request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": "cached@example.cn", "password": "wrong-pass-2026"}}},
		{"me", request{method: http.MethodGet, path: "/api/v1/me", token: token}},
		{"signed out", request{method: http.MethodGet, path: "/api/v1/me"}},
		{"a list", request{method: http.MethodGet, path: "/api/v1/admin/users", token: admin}},
		{"a refusal", request{method: http.MethodGet, path: "/api/v1/admin/users", token: token}},
		{"not found", request{method: http.MethodGet, path: "/api/v1/resources/999", token: token}},
		{"a booking's iCal", request{method: http.MethodGet, path: "/api/v1/bookings/999/ical", token: token}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := secure.do(tt.req)
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("got %d with Cache-Control %q, want no-store", res.Status, got)
			}
			if got := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
				t.Errorf("got Strict-Transport-Security %q, want max-age=… with secure cookies", got)
			}
		})
	}
	for _, path := range []string{"/healthz", "/api/v1/settings"} {
		if got := plain.do(request{method: http.MethodGet, path: path}).Header.Get("Strict-Transport-Security"); got != "" {
			t.Errorf("GET %s without secure cookies: got Strict-Transport-Security %q, want none", path, got)
		}
		if got := secure.do(request{method: http.MethodGet, path: path}).Header.Get("Strict-Transport-Security"); got == "" {
			t.Errorf("GET %s with secure cookies: got no Strict-Transport-Security", path)
		}
	}
}
