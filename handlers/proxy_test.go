package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// serveFrom sends a request as if it came over a connection from remote ("10.0.0.5:4711").
func serveFrom(s *testServer, remote string, r *http.Request) *httptest.ResponseRecorder {
	r.RemoteAddr = remote
	w := httptest.NewRecorder()
	s.echo.ServeHTTP(w, r)
	return w
}

// TestForwardedForIsBelievedOnlyFromTrustedProxies logs in through connections from several
// addresses, some claiming to relay for another in X-Forwarded-For, and reads the address the
// session recorded: only a proxy named in TRUSTED_PROXIES may name the client.
func TestForwardedForIsBelievedOnlyFromTrustedProxies(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16"), netip.MustParsePrefix("192.0.2.10/32")}
	s := newTestServerWithConfig(t, cfg)
	u, _ := s.user("proxied@example.cn", models.RoleStudent)
	tests := []struct {
		name, remote, forwarded, want string
	}{
		{"no proxy", "203.0.113.7:5000", "", "203.0.113.7"},
		{"a client claiming to be a proxy", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"a loopback peer that is not named", "127.0.0.1:5000", "198.51.100.1", "127.0.0.1"},
		{"a private peer that is not named", "10.2.0.1:5000", "198.51.100.1", "10.2.0.1"},
		{"a trusted range", "10.1.3.4:5000", "198.51.100.1", "198.51.100.1"},
		{"a trusted address", "192.0.2.10:5000", "198.51.100.2", "198.51.100.2"},
		{"a forged hop before the trusted proxy", "10.1.3.4:5000", "6.6.6.6, 198.51.100.3", "198.51.100.3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "/api/v1/auth/login",
				strings.NewReader(`{"email":"proxied@example.cn","password":"test-pass-2026"}`))
			r.Header.Set("Content-Type", "application/json")
			if tt.forwarded != "" {
				r.Header.Set("X-Forwarded-For", tt.forwarded)
			}
			if w := serveFrom(s, tt.remote, r); w.Code != http.StatusOK {
				t.Fatalf("login: got %d %s", w.Code, w.Body)
			}
			var sess models.Session
			if err := s.app.DB().W(context.Background()).Where("user_id = ?", u.ID).Order("id DESC").First(&sess).Error; err != nil {
				t.Fatal(err)
			}
			if sess.IP != tt.want {
				t.Errorf("got session IP %s, want %s", sess.IP, tt.want)
			}
		})
	}
}

// TestRateLimitIsNotEvadedByForwardedFor sends 200 requests in a burst from one private
// address, each claiming another client in X-Forwarded-For: with no trusted proxy they are one
// client, and the per-IP limit (a burst of 120) stops them.
func TestRateLimitIsNotEvadedByForwardedFor(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.RateLimits = true
	s := newTestServerWithConfig(t, cfg)
	passed := 0
	for i := range 200 {
		r := httptest.NewRequest(http.MethodGet, "/api/v1/settings", nil)
		r.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", i%250+1))
		switch w := serveFrom(s, "10.0.0.5:4711", r); w.Code {
		case http.StatusOK:
			passed++
		case http.StatusTooManyRequests:
		default:
			t.Fatalf("request %d: got %d %s", i, w.Code, w.Body)
		}
	}
	if passed > 150 {
		t.Errorf("got %d of 200 requests through, want the burst of 120 and a few refilled", passed)
	}
}

// logBuffer collects a server's log lines, safe for the handler goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLoggedServer is a test server whose log is kept for the test to read.
func newLoggedServer(t *testing.T, cfg app.Config) (*testServer, *logBuffer) {
	t.Helper()
	s := newTestServerWithConfig(t, cfg)
	logs := &logBuffer{}
	e, err := New(s.app, slog.New(slog.NewJSONHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	s.echo = e
	return s, logs
}

// TestRequestIDIsChosenByTheServer sends X-Request-ID headers from a client and from a trusted
// proxy: the server keeps only a short, plain one from the proxy, and otherwise answers and logs
// its own.
func TestRequestIDIsChosenByTheServer(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/16")}
	s, logs := newLoggedServer(t, cfg)
	long := strings.Repeat("A", 3000)
	tests := []struct {
		name, remote, sent string
		kept               bool
	}{
		{"none sent", "203.0.113.7:5000", "", false},
		{"a client's", "203.0.113.7:5000", "client-chosen-id", false},
		{"a client's 3,000 characters", "203.0.113.7:5000", long, false},
		{"a trusted proxy's", "10.1.2.3:5000", "lb-7f3a9c.01_x", true},
		{"a trusted proxy's, too long", "10.1.2.3:5000", strings.Repeat("a", 65), false},
		{"a trusted proxy's, with a space", "10.1.2.3:5000", "lb 7f3a", false},
		{"a trusted proxy's, with a quote", "10.1.2.3:5000", `lb"7f3a`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/api/v1/settings?case="+url.QueryEscape(tt.name), nil)
			if tt.sent != "" {
				r.Header.Set(echo.HeaderXRequestID, tt.sent)
			}
			w := serveFrom(s, tt.remote, r)
			got := w.Header().Get(echo.HeaderXRequestID)
			if tt.kept && got != tt.sent {
				t.Errorf("got request ID %q, want the proxy's %q", got, tt.sent)
			}
			if !tt.kept && (got == tt.sent || !validRequestID(got)) {
				t.Errorf("got request ID %q, want one the server made", truncateBody([]byte(got)))
			}
			var logged string
			for line := range strings.Lines(logs.String()) {
				var entry struct {
					URI       string `json:"uri"`
					RequestID string `json:"request_id"`
				}
				if json.Unmarshal([]byte(line), &entry) == nil && entry.URI == r.URL.RequestURI() {
					logged = entry.RequestID
				}
			}
			if logged != got {
				t.Errorf("logged request ID %q, want the one answered, %q", truncateBody([]byte(logged)), got)
			}
		})
	}
}
