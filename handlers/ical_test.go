package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"cqshare/app/apptest"
	"cqshare/models"
)

// TestCalendarFeedEndsWithTheAccount subscribes to a personal feed, deactivates the account and
// reads the feed again: a deactivated account's feed is gone. The feed's secret never reaches the
// access log.
func TestCalendarFeedEndsWithTheAccount(t *testing.T) {
	t.Parallel()
	s, logs := newLoggedServer(t, apptest.Config(t))
	u, student := s.user("subscriber@example.cn", models.RoleStudent)
	_, admin := s.user("deactivator@example.cn", models.RoleAdmin)
	res := s.do(request{method: http.MethodPost, path: "/api/v1/me/calendar-token", token: student})
	var feed calendarTokenResponse
	res.JSON(t, &feed)
	feedURL, err := url.Parse(feed.URL)
	if res.Status != http.StatusOK || err != nil {
		t.Fatalf("calendar token: got %d %s", res.Status, res.Body)
	}
	secret := strings.TrimSuffix(strings.TrimPrefix(feedURL.Path, "/api/v1/calendar/"), ".ics")
	if res := s.do(request{method: http.MethodGet, path: feedURL.Path}); res.Status != http.StatusOK {
		t.Fatalf("feed of an active account: got %d %s", res.Status, res.Body)
	}
	res = s.do(request{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/admin/users/%d", u.ID), token: admin, body: map[string]any{"active": false}})
	if res.Status != http.StatusOK {
		t.Fatalf("deactivate: got %d %s", res.Status, res.Body)
	}
	if res := s.do(request{method: http.MethodGet, path: feedURL.Path}); res.Status != http.StatusNotFound || res.ErrorCode() != "not_found" {
		t.Errorf("feed of a deactivated account: got %d %s, want 404 not_found", res.Status, truncateBody(res.Body))
	}
	log := logs.String()
	if !strings.Contains(log, `"route":"/api/v1/calendar/:feed"`) {
		t.Fatalf("no access log line of the feed in:\n%s", log)
	}
	if strings.Contains(log, secret) {
		t.Errorf("the feed's secret %s is in the log:\n%s", secret, log)
	}
}

// TestLinksUsePublicURL fetches a feed URL and a QR code with a forged Host header: both point
// at PUBLIC_URL, whatever host the request names.
func TestLinksUsePublicURL(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	public := b.app.Config().PublicURL
	lathe := b.resource("数控车床", nil)
	_, manager := b.user("qr-manager@example.cn", models.RoleManager, b.fac.ID)
	want, err := b.app.Booking.ResourceQRCode(context.Background(), lathe.ID, public)
	if err != nil {
		t.Fatal(err)
	}
	send := func(method, path, host string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, nil)
		r.Host = host
		r.Header.Set("X-Forwarded-Proto", "https")
		r.Header.Set(echo.HeaderAuthorization, "Bearer "+manager)
		return serveFrom(b.testServer, "203.0.113.7:5000", r)
	}
	for _, host := range []string{"example.com", "evil.example", "evil.example:8443"} {
		t.Run("Host "+host, func(t *testing.T) {
			w := send(http.MethodPost, "/api/v1/me/calendar-token", host)
			var feed calendarTokenResponse
			response{Body: w.Body.Bytes()}.JSON(t, &feed)
			if !strings.HasPrefix(feed.URL, public+"/api/v1/calendar/") {
				t.Errorf("got feed URL %s, want it below %s", feed.URL, public)
			}
			w = send(http.MethodGet, fmt.Sprintf("/api/v1/resources/%d/qr.svg", lathe.ID), host)
			if w.Code != http.StatusOK || w.Body.String() != want {
				t.Errorf("got QR code %d %s, want the one of %s/scan/%d", w.Code, truncateBody(w.Body.Bytes()), public, lathe.ID)
			}
		})
	}
}
