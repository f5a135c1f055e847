package handlers

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cqshare/models"
)

func TestDeviceTokensAndUsageAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	_, stranger := b.user("stranger@example.cn", models.RoleManager, b.facility().ID)
	_, student := b.user("student@example.cn", models.RoleStudent)
	tokens := fmt.Sprintf("/api/v1/resources/%d/device-tokens", lathe.ID)

	res := b.do(request{method: http.MethodPost, path: tokens, token: manager, body: map[string]any{"name": "PC 客户端"}})
	if res.Status != http.StatusCreated {
		t.Fatalf("issue: got %d %s", res.Status, res.Body)
	}
	var issued issuedDeviceTokenResponse
	res.JSON(t, &issued)
	device := map[string]string{"Authorization": "Device " + issued.Token}
	session := map[string]any{"started_at": b.at(0, "07:00"), "ended_at": b.at(0, "07:30"), "external_id": "run-1"}
	b.run(t, []bookingCase{
		{name: "a manager of another facility issues", method: http.MethodPost, path: tokens, token: stranger, body: map[string]any{"name": "x"}, wantStatus: 403, wantCode: "forbidden"},
		{name: "a student issues", method: http.MethodPost, path: tokens, token: student, body: map[string]any{"name": "x"}, wantStatus: 403, wantCode: "forbidden"},
		{name: "no name", method: http.MethodPost, path: tokens, token: manager, body: badInput{map[string]any{}}, wantStatus: 422, wantCode: "validation_failed", wantField: "name"},
		{name: "unknown resource", method: http.MethodPost, path: "/api/v1/resources/99999/device-tokens", token: manager, body: map[string]any{"name": "x"}, wantStatus: 404, wantCode: "not_found"},
		{name: "list", path: tokens, token: manager, wantStatus: 200, wantIn: `"name":"PC 客户端"`},
		{name: "list by a stranger", path: tokens, token: stranger, wantStatus: 403, wantCode: "forbidden"},
	})
	usage := []struct {
		name       string
		header     map[string]string
		body       any
		wantStatus int
		wantCode   string
	}{
		{"no token", nil, session, 401, "invalid_device_token"},
		{"a session token is no device token", map[string]string{"Authorization": "Bearer " + student}, session, 401, "invalid_device_token"},
		{"first post", device, session, 201, ""},
		{"the same session again", device, session, 200, ""},
		{"by the other header", map[string]string{"X-Device-Token": issued.Token}, session, 200, ""},
		{"no start", device, badInput{map[string]any{"external_id": "run-2"}}, 422, "validation_failed"},
		{"not a time", device, badInput{map[string]any{"started_at": "noon"}}, 422, "validation_failed"},
	}
	for _, tc := range usage {
		t.Run(tc.name, func(t *testing.T) {
			res := b.do(request{method: http.MethodPost, path: "/api/v1/device/usage", body: tc.body, header: tc.header})
			if res.Status != tc.wantStatus || res.ErrorCode() != tc.wantCode {
				t.Fatalf("got %d %q, want %d %q: %s", res.Status, res.ErrorCode(), tc.wantStatus, tc.wantCode, res.Body)
			}
		})
	}
	b.run(t, []bookingCase{
		{name: "unmatched usage", path: fmt.Sprintf("/api/v1/resources/%d/usage?unmatched=true", lathe.ID), token: manager, wantStatus: 200, wantIn: `"total":1`},
		{name: "usage for a student", path: fmt.Sprintf("/api/v1/resources/%d/usage", lathe.ID), token: student, wantStatus: 403, wantCode: "forbidden"},
		{name: "revoke by a stranger", method: http.MethodDelete, path: fmt.Sprintf("/api/v1/device-tokens/%d", issued.ID), token: stranger, wantStatus: 403, wantCode: "forbidden"},
		{name: "revoke", method: http.MethodDelete, path: fmt.Sprintf("/api/v1/device-tokens/%d", issued.ID), token: manager, wantStatus: 204},
	})
	res = b.do(request{method: http.MethodPost, path: "/api/v1/device/usage", body: session, header: device})
	if res.Status != http.StatusUnauthorized {
		t.Fatalf("revoked token: got %d, want 401", res.Status)
	}
}

func TestCalendarAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, owner := b.user("owner@example.cn", models.RoleStudent)
	_, other := b.user("other@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	booked := b.book(owner, b.body(lathe, 1, "10:00", "11:00"))
	ical := fmt.Sprintf("/api/v1/bookings/%d/ical", booked.ID)
	b.run(t, []bookingCase{
		{name: "the owner", path: ical, token: owner, wantStatus: 200, wantIn: "BEGIN:VEVENT"},
		{name: "the manager", path: ical, token: manager, wantStatus: 200, wantIn: "SUMMARY:数控车床"},
		{name: "another student", path: ical, token: other, wantStatus: 404, wantCode: "not_found"},
		{name: "signed out", path: ical, wantStatus: 401, wantCode: "unauthenticated"},
		{name: "a wrong feed token", path: "/api/v1/calendar/wrong.ics", wantStatus: 404, wantCode: "not_found"},
		{name: "no .ics", path: "/api/v1/calendar/wrong", wantStatus: 404, wantCode: "not_found"},
	})
	res := b.do(request{method: http.MethodPost, path: "/api/v1/me/calendar-token", token: owner})
	var feed calendarTokenResponse
	res.JSON(t, &feed)
	path, ok := strings.CutPrefix(feed.URL, b.app.Config().PublicURL)
	if res.Status != http.StatusOK || !ok {
		t.Fatalf("calendar token: got %d %s", res.Status, res.Body)
	}
	res = b.do(request{method: http.MethodGet, path: path})
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") ||
		!strings.Contains(string(res.Body), fmt.Sprintf("UID:booking-%d@cqshare", booked.ID)) {
		t.Fatalf("feed: got %d %s", res.Status, truncateBody(res.Body))
	}
}

func TestWatchHoldNotificationAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, owner := b.user("owner@example.cn", models.RoleStudent)
	_, watcher := b.user("watcher@example.cn", models.RoleStudent)
	booked := b.book(owner, b.body(lathe, 1, "10:00", "11:00"))
	watches := fmt.Sprintf("/api/v1/resources/%d/watches", lathe.ID)
	busy := map[string]any{"start_at": b.at(1, "10:00"), "end_at": b.at(1, "11:00"), "purpose_category": "research"}

	res := b.do(request{method: http.MethodPost, path: watches, token: watcher, body: busy})
	if res.Status != http.StatusCreated {
		t.Fatalf("watch: got %d %s", res.Status, res.Body)
	}
	var w watchResponse
	res.JSON(t, &w)
	b.run(t, []bookingCase{
		{name: "a free interval", method: http.MethodPost, path: watches, token: watcher, body: withField(withField(busy, "start_at", b.at(1, "12:00")), "end_at", b.at(1, "13:00")), wantStatus: 422, wantCode: "slot_free", wantField: "start_at"},
		{name: "no category", method: http.MethodPost, path: watches, token: watcher, body: badInput{withField(busy, "purpose_category", nil)}, wantStatus: 422, wantCode: "validation_failed", wantField: "purpose_category"},
		{name: "the same again", method: http.MethodPost, path: watches, token: watcher, body: busy, wantStatus: 409, wantCode: "conflict"},
		{name: "my watches", path: "/api/v1/me/watches", token: watcher, wantStatus: 200, wantIn: `"status":"waiting"`},
		{name: "another's watch", method: http.MethodDelete, path: fmt.Sprintf("/api/v1/watches/%d", w.ID), token: owner, wantStatus: 404, wantCode: "not_found"},
		{name: "freed by the owner", method: http.MethodPost, path: fmt.Sprintf("/api/v1/bookings/%d/cancel", booked.ID), token: owner, body: map[string]any{}, wantStatus: 200},
		{name: "told", path: "/api/v1/me/notifications?unread=true", token: watcher, wantStatus: 200, wantIn: `"kind":"hold_offered"`},
	})
	var notes listResponse[notificationResponse]
	b.do(request{method: http.MethodGet, path: "/api/v1/me/notifications", token: watcher}).JSON(t, &notes)
	held := int64(notes.Items[0].Data["booking_id"].(float64))
	confirm := fmt.Sprintf("/api/v1/bookings/%d/confirm-hold", held)
	b.run(t, []bookingCase{
		{name: "the owner cannot confirm another's hold", method: http.MethodPost, path: confirm, token: owner, body: map[string]any{}, wantStatus: 404, wantCode: "not_found"},
		{name: "no purpose yet", method: http.MethodPost, path: confirm, token: watcher, body: map[string]any{}, wantStatus: 422, wantCode: "validation_failed", wantField: "purpose"},
		{name: "confirmed", method: http.MethodPost, path: confirm, token: watcher, body: map[string]any{"purpose": "材料测试"}, wantStatus: 200, wantIn: `"status":"confirmed"`},
		{name: "twice", method: http.MethodPost, path: confirm, token: watcher, body: map[string]any{}, wantStatus: 409, wantCode: "invalid_transition"},
		{name: "watch fulfilled", path: "/api/v1/me/watches", token: watcher, wantStatus: 200, wantIn: `"status":"fulfilled"`},
		{name: "read one of another", method: http.MethodPost, path: fmt.Sprintf("/api/v1/notifications/%d/read", notes.Items[0].ID), token: owner, wantStatus: 404, wantCode: "not_found"},
		{name: "read one", method: http.MethodPost, path: fmt.Sprintf("/api/v1/notifications/%d/read", notes.Items[0].ID), token: watcher, wantStatus: 204},
		{name: "read all", method: http.MethodPost, path: "/api/v1/notifications/read-all", token: watcher, wantStatus: 200, wantIn: `"marked":0`},
		{name: "none unread", path: "/api/v1/me/notifications?unread=true", token: watcher, wantStatus: 200, wantIn: `"total":0`},
	})
}

func TestRecurringBookingAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", func(r *models.Resource) { r.MaxAdvanceDays = 120 })
	_, teacher := b.user("teacher@example.cn", models.RoleTeacher)
	_, student := b.user("student@example.cn", models.RoleStudent)
	b.book(student, b.body(lathe, 14, "10:00", "11:00"))
	series := b.body(lathe, 0, "10:00", "12:00")
	series["weekly"] = map[string]any{"count": 4}
	series["mode"] = "all_or_nothing"
	skip := withField(series, "mode", "skip_conflicts")
	const path = "/api/v1/bookings/recurring"
	b.run(t, []bookingCase{
		{name: "a student", method: http.MethodPost, path: path, token: student, body: series, wantStatus: 403, wantCode: "forbidden"},
		{name: "no mode", method: http.MethodPost, path: path, token: teacher, body: badInput{withField(series, "mode", nil)}, wantStatus: 422, wantCode: "validation_failed", wantField: "mode"},
		{name: "too many", method: http.MethodPost, path: path, token: teacher, body: badInput{withField(series, "weekly", map[string]any{"count": 31})}, wantStatus: 422, wantCode: "validation_failed"},
		{name: "a bad until", method: http.MethodPost, path: path, token: teacher, body: badInput{withField(series, "weekly", map[string]any{"until": "July"})}, wantStatus: 422, wantCode: "validation_failed"},
		{name: "past the series horizon", method: http.MethodPost, path: path, token: teacher, body: withField(series, "weekly", map[string]any{"interval": 4, "count": 30}),
			wantStatus: 422, wantCode: "rule_violation", wantField: "weekly.count", wantIn: `"rule":"series_horizon"`},
		{name: "all or nothing", method: http.MethodPost, path: path, token: teacher, body: series, wantStatus: 409, wantCode: "recurrence_conflict", wantIn: `"failed_dates":["2026-03-16"]`},
		{name: "nothing written", path: "/api/v1/bookings", token: teacher, wantStatus: 200, wantIn: `"total":0`},
	})
	res := b.do(request{method: http.MethodPost, path: path, token: teacher, body: skip})
	if res.Status != http.StatusCreated {
		t.Fatalf("skip conflicts: got %d %s", res.Status, res.Body)
	}
	var out recurringResponse
	res.JSON(t, &out)
	if out.Created != 3 || len(out.SkippedDates) != 1 || out.SkippedDates[0] != "2026-03-16" || out.Recurrence.Rule != "FREQ=WEEKLY;INTERVAL=1;COUNT=4" {
		t.Fatalf("got %d created, skipped %v, rule %q; want 3, [2026-03-16], COUNT=4", out.Created, out.SkippedDates, out.Recurrence.Rule)
	}
	rec := fmt.Sprintf("/api/v1/recurrences/%d", out.Recurrence.ID)
	b.run(t, []bookingCase{
		{name: "the series", path: rec, token: teacher, wantStatus: 200, wantIn: `"rule":"FREQ=WEEKLY;INTERVAL=1;COUNT=4"`},
		{name: "another's series", path: rec, token: student, wantStatus: 404, wantCode: "not_found"},
		{name: "cancel the rest", method: http.MethodPost, path: rec + "/cancel", token: teacher, body: map[string]any{"from": b.at(7, "00:00")}, wantStatus: 200, wantIn: `"total":2`},
		{name: "cancel again", method: http.MethodPost, path: rec + "/cancel", token: teacher, body: map[string]any{}, wantStatus: 200, wantIn: `"total":1`},
	})
}

func TestScanAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, student := b.user("student@example.cn", models.RoleStudent)
	_, other := b.user("other@example.cn", models.RoleStudent)
	b.book(student, b.body(lathe, 0, "08:30", "10:00"))
	current := fmt.Sprintf("/api/v1/resources/%d/my-current-booking", lathe.ID)
	scan := fmt.Sprintf("/api/v1/resources/%d/scan", lathe.ID)
	b.run(t, []bookingCase{
		{name: "not open yet", path: current, token: student, wantStatus: 200, wantIn: `"action":null`},
		{name: "no booking", path: current, token: other, wantStatus: 200, wantIn: `"booking":null`},
		{name: "unknown resource", path: "/api/v1/resources/99999/my-current-booking", token: student, wantStatus: 404, wantCode: "not_found"},
		{name: "a bad action", method: http.MethodPost, path: scan, token: student, body: badInput{map[string]any{"action": "dance"}}, wantStatus: 422, wantCode: "validation_failed", wantField: "action"},
		{name: "too early", method: http.MethodPost, path: scan, token: student, body: map[string]any{"action": "check_in"}, wantStatus: 404, wantCode: "not_found"},
		{name: "QR code", path: fmt.Sprintf("/api/v1/resources/%d/qr.svg", lathe.ID), token: student, wantStatus: 200, wantIn: "<svg"},
	})
	b.clock.Set(b.clock.Now().Add(25 * time.Minute)) // 08:25: the window opens 15 minutes before
	b.run(t, []bookingCase{
		{name: "open", path: current, token: student, wantStatus: 200, wantIn: `"action":"check_in"`},
		{name: "check in", method: http.MethodPost, path: scan, token: student, body: map[string]any{"action": "check_in"}, wantStatus: 200, wantIn: `"status":"checked_in"`},
		{name: "now out", path: current, token: student, wantStatus: 200, wantIn: `"action":"check_out"`},
		{name: "check out", method: http.MethodPost, path: scan, token: student, body: map[string]any{"action": "check_out"}, wantStatus: 200, wantIn: `"status":"completed"`},
	})
}
