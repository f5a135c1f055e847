package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/core"
	"cqshare/models"
)

// TestUnknownFieldsAreRefused sends bodies with a field the request does not have, at the top
// level and nested, and a body with more after its JSON value: each is a 400 naming the field,
// and nothing is written.
func TestUnknownFieldsAreRefused(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", nil)
	_, student := b.user("student@example.cn", models.RoleStudent)
	_, teacher := b.user("teacher@example.cn", models.RoleTeacher)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	booked := b.book(student, b.body(lathe, 1, "10:00", "11:00"))
	ok := b.body(lathe, 2, "10:00", "11:00")
	series := withField(withField(b.body(lathe, 3, "10:00", "11:00"), "mode", "skip_conflicts"), "weekly", map[string]any{"count": 2, "bogus": 1})
	resource := fmt.Sprintf("/api/v1/resources/%d", lathe.ID)
	facility := fmt.Sprintf("/api/v1/facilities/%d", b.fac.ID)
	bookingPath := fmt.Sprintf("/api/v1/bookings/%d", booked.ID)

	ctx := context.Background()
	written := func() string {
		var bookings, recurrences int64
		if err := b.db.W(ctx).Model(&models.Booking{}).Count(&bookings).Error; err != nil {
			t.Fatal(err)
		}
		if err := b.db.W(ctx).Model(&models.Recurrence{}).Count(&recurrences).Error; err != nil {
			t.Fatal(err)
		}
		_, audited, err := b.app.Accounts.AuditLogs(ctx, core.System, accounts.AuditFilter{}, core.NewPage(1, 1))
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d bookings, %d series, %d audit records, resource %s, facility %s, booking %s", bookings, recurrences, audited,
			b.do(request{method: http.MethodGet, path: resource, token: manager}).Body,
			b.do(request{method: http.MethodGet, path: facility, token: manager}).Body,
			b.do(request{method: http.MethodGet, path: bookingPath, token: student}).Body)
	}
	before := written()

	tests := []struct {
		name, token, method, path string
		body                      any
		wantField                 string // "" when no field is to blame
		wantIn                    string // in the message
	}{
		{"a misspelt field", student, http.MethodPost, "/api/v1/bookings", withField(ok, "purpose_categry", "training"), "purpose_categry", ""},
		{"a field in another case", student, http.MethodPost, "/api/v1/bookings", withField(withField(ok, "purpose", nil), "Purpose", "实训"), "Purpose", ""},
		{"a second value after the body", student, http.MethodPost, "/api/v1/bookings", mustJSON(t, ok) + ` {"seats": 2}`, "", "JSON 值之后还有多余内容"},
		{"garbage after the body", student, http.MethodPost, "/api/v1/bookings", mustJSON(t, ok) + "}", "", "JSON 值之后还有多余内容"},
		{"in a nested object", teacher, http.MethodPost, "/api/v1/bookings/recurring", series, "weekly.bogus", ""},
		{"in a PATCH", manager, http.MethodPatch, resource, map[string]any{"capacity": 2, "capacityy": 3}, "capacityy", ""},
		{"in the rules of a PATCH", manager, http.MethodPatch, resource, map[string]any{"rules": map[string]any{"slot_minute": 60}}, "rules.slot_minute", ""},
		{"in a list of a PATCH", manager, http.MethodPatch, facility, map[string]any{"opening_hours": []map[string]any{
			{"weekday": 1, "start": "08:00", "end": "12:00"}, {"weekday": 2, "start": "08:00", "end": "12:00", "note": "x"}}}, "opening_hours[1].note", ""},
		{"beside the reason of a cancellation", student, http.MethodPost, bookingPath + "/cancel", map[string]any{"reason": "x", "comment": "y"}, "comment", ""},
		{"in an action that takes none", student, http.MethodPost, bookingPath + "/check-in", map[string]any{"force": true}, "force", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do(request{method: tt.method, path: tt.path, token: tt.token, body: tt.body, invalid: true})
			if res.Status != http.StatusBadRequest || res.ErrorCode() != "bad_request" {
				t.Fatalf("got %d %s, want 400 bad_request", res.Status, res.Body)
			}
			fields := res.Fields()
			if want := "未知字段 " + tt.wantField + "。"; tt.wantField != "" && (len(fields) != 1 || fields[tt.wantField] != want) {
				t.Errorf("got fields %v, want {%s: %s}", fields, tt.wantField, want)
			}
			if tt.wantField == "" && len(fields) != 0 {
				t.Errorf("got fields %v, want none", fields)
			}
			if !strings.Contains(string(res.Body), tt.wantIn) {
				t.Errorf("got %s, want it to mention %q", res.Body, tt.wantIn)
			}
		})
	}
	if after := written(); after != before {
		t.Errorf("got %s after the refused requests, want %s", after, before)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// TestOnlyJSONBodiesAreRead signs in and registers with the same fields as a form, as XML, as
// plain text and as multipart: each is a 415 that signs no one in and registers no one.
func TestOnlyJSONBodiesAreRead(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.user("formed@example.cn", models.RoleStudent)
	ctx := context.Background()
	count := func() string {
		var users, sessions int64
		if err := s.app.DB().W(ctx).Model(&models.User{}).Count(&users).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.app.DB().W(ctx).Model(&models.Session{}).Count(&sessions).Error; err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d users, %d sessions", users, sessions)
	}
	before := count()
	login := map[string]string{"email": "formed@example.cn", "password": "test-pass-2026"}
	register := map[string]string{"email": "new-formed@example.cn", "password": "test-pass-2026", "name": "Formed"}
	encodings := []struct {
		name, contentType string
		encode            func(map[string]string) string
	}{
		{"form", "application/x-www-form-urlencoded", func(f map[string]string) string {
			v := url.Values{}
			for k, x := range f {
				v.Set(k, x)
			}
			return v.Encode()
		}},
		{"XML", "application/xml", func(f map[string]string) string {
			var b strings.Builder
			b.WriteString("<request>")
			for k, x := range f {
				fmt.Fprintf(&b, "<%s>%s</%[1]s>", k, x)
			}
			b.WriteString("</request>")
			return b.String()
		}},
		{"JSON as plain text", "text/plain", func(f map[string]string) string { return mustJSON(t, f) }},
		{"multipart", "multipart/form-data; boundary=x", func(f map[string]string) string {
			var b strings.Builder
			for k, x := range f {
				fmt.Fprintf(&b, "--x\r\nContent-Disposition: form-data; name=%q\r\n\r\n%s\r\n", k, x)
			}
			b.WriteString("--x--\r\n")
			return b.String()
		}},
	}
	for _, route := range []struct {
		path   string
		fields map[string]string
	}{{"/api/v1/auth/login", login}, {"/api/v1/auth/register", register}} {
		for _, enc := range encodings {
			t.Run(route.path+" "+enc.name, func(t *testing.T) {
				res := s.do(request{method: http.MethodPost, path: route.path, body: enc.encode(route.fields),
					header: map[string]string{"Content-Type": enc.contentType}, invalid: true})
				if res.Status != http.StatusUnsupportedMediaType || res.ErrorCode() != "unsupported_media_type" {
					t.Errorf("got %d %s, want 415 unsupported_media_type", res.Status, res.Body)
				}
			})
		}
	}
	if after := count(); after != before {
		t.Errorf("got %s after the refused requests, want %s", after, before)
	}
}
