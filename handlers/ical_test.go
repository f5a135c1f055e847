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

// TestCalendarRevalidation polls a feed and a booking's file as a calendar app does: the ETag of
// an unchanged document answers 304 without a body, HEAD gives the headers alone, and a change
// to a booking in the feed gives a new ETag and the new document.
func TestCalendarRevalidation(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, owner := b.user("poller@example.cn", models.RoleStudent)
	booked := b.book(owner, b.body(lathe, 1, "10:00", "11:00"))
	var feed calendarTokenResponse
	b.do(request{method: http.MethodPost, path: "/api/v1/me/calendar-token", token: owner}).JSON(t, &feed)
	feedPath := strings.TrimPrefix(feed.URL, b.app.Config().PublicURL)
	icalPath := fmt.Sprintf("/api/v1/bookings/%d/ical", booked.ID)

	for _, tc := range []struct{ name, path, token string }{
		{"the feed", feedPath, ""},
		{"a booking's file", icalPath, owner},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := b.do(request{method: http.MethodGet, path: tc.path, token: tc.token})
			etag := got.Header.Get("ETag")
			if got.Status != http.StatusOK || !strings.HasPrefix(etag, `"`) || !strings.HasSuffix(string(got.Body), "END:VCALENDAR\r\n") {
				t.Fatalf("GET: got %d, ETag %q, body %s", got.Status, etag, truncateBody(got.Body))
			}
			again := b.do(request{method: http.MethodGet, path: tc.path, token: tc.token, header: map[string]string{"If-None-Match": etag}})
			if again.Status != http.StatusNotModified || len(again.Body) != 0 || again.Header.Get("ETag") != etag {
				t.Errorf("GET with If-None-Match %s: got %d, ETag %q, %d bytes; want 304, the same ETag, no body",
					etag, again.Status, again.Header.Get("ETag"), len(again.Body))
			}
			head := b.do(request{method: http.MethodHead, path: tc.path, token: tc.token})
			if head.Status != http.StatusOK || len(head.Body) != 0 || head.Header.Get("ETag") != etag ||
				head.Header.Get("Content-Length") != fmt.Sprint(len(got.Body)) {
				t.Errorf("HEAD: got %d, ETag %q, Content-Length %q, %d bytes; want 200, %s, %d, no body",
					head.Status, head.Header.Get("ETag"), head.Header.Get("Content-Length"), len(head.Body), etag, len(got.Body))
			}
			stale := b.do(request{method: http.MethodGet, path: tc.path, token: tc.token, header: map[string]string{"If-None-Match": `"stale"`}})
			if stale.Status != http.StatusOK || stale.Header.Get("ETag") != etag {
				t.Errorf("GET with another ETag: got %d, ETag %q; want 200, %s", stale.Status, stale.Header.Get("ETag"), etag)
			}
		})
	}

	t.Run("a change to a booking changes the feed", func(t *testing.T) {
		before := b.do(request{method: http.MethodGet, path: feedPath}).Header.Get("ETag")
		if res := b.do(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/bookings/%d/cancel", booked.ID), token: owner, body: map[string]any{}}); res.Status != http.StatusOK {
			t.Fatalf("cancel: got %d %s", res.Status, res.Body)
		}
		res := b.do(request{method: http.MethodGet, path: feedPath, header: map[string]string{"If-None-Match": before}})
		if res.Status != http.StatusOK || res.Header.Get("ETag") == before || !strings.Contains(string(res.Body), "STATUS:CANCELLED") {
			t.Errorf("after a cancellation, with the old ETag: got %d, ETag %q (was %s): %s", res.Status, res.Header.Get("ETag"), before, truncateBody(res.Body))
		}
	})
}
