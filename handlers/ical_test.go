package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
