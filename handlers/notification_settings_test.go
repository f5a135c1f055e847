package handlers

import (
	"net/http"
	"slices"
	"testing"

	"cqshare/app/core"
	"cqshare/models"
)

func TestNotificationSettings(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	_, token := s.user("reader@example.cn", models.RoleStudent)
	_, other := s.user("other@example.cn", models.RoleStudent)
	const path = "/api/v1/me/notification-settings"
	off := map[string]any{"language": "en", "kinds": []map[string]any{{"kind": "booking_approved", "email": false}}}
	tests := []struct {
		name       string
		method     string
		token      string
		body       any
		wantStatus int
		wantCode   string
		wantField  string
		want       *notificationSettingsResponse // the settings answered, when 200
	}{
		{"signed out", http.MethodGet, "", nil, 401, "unauthenticated", "", nil},
		{"every kind on, in Chinese, by default", http.MethodGet, token, nil, 200, "", "", settingsWith("zh-CN")},
		{"English, approvals off", http.MethodPut, token, off, 200, "", "", settingsWith("en", "booking_approved")},
		{"kept", http.MethodGet, token, nil, 200, "", "", settingsWith("en", "booking_approved")},
		{"another user's are their own", http.MethodGet, other, nil, 200, "", "", settingsWith("zh-CN")},
		{"an unknown kind changes nothing", http.MethodPut, token, map[string]any{"language": "zh-CN",
			"kinds": []map[string]any{{"kind": "booking_rejected", "email": false}, {"kind": "nope", "email": false}}}, 422, "validation_failed", "kinds", nil},
		{"still as they were", http.MethodGet, token, nil, 200, "", "", settingsWith("en", "booking_approved")},
		{"an unknown language", http.MethodPut, token, badInput{map[string]any{"language": "fr"}}, 422, "validation_failed", "language", nil},
		{"a switch without its value", http.MethodPut, token, badInput{map[string]any{"language": "en",
			"kinds": []map[string]any{{"kind": "booking_rejected"}}}}, 422, "validation_failed", "kinds[0].email", nil},
		{"approvals back on, the language alone changes", http.MethodPut, token, map[string]any{"language": "zh-CN",
			"kinds": []map[string]any{{"kind": "booking_approved", "email": true}}}, 200, "", "", settingsWith("zh-CN")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.do(request{method: tt.method, path: path, token: tt.token, body: tt.body})
			if res.Status != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("got %d %s, want %d %s", res.Status, res.Body, tt.wantStatus, tt.wantCode)
			}
			if _, ok := res.Fields()[tt.wantField]; tt.wantField != "" && !ok {
				t.Errorf("fields %v lack %s", res.Fields(), tt.wantField)
			}
			if tt.want != nil {
				var got notificationSettingsResponse
				res.JSON(t, &got)
				if got.Language != tt.want.Language || !slices.Equal(got.Kinds, tt.want.Kinds) {
					t.Errorf("got %+v, want %+v", got, *tt.want)
				}
			}
		})
	}
}

// settingsWith is every kind on but those off, in the language.
func settingsWith(lang string, off ...string) *notificationSettingsResponse {
	out := &notificationSettingsResponse{Language: lang}
	for _, k := range core.NotificationKinds {
		out.Kinds = append(out.Kinds, kindSettingResponse{Kind: k, Email: !slices.Contains(off, k)})
	}
	return out
}

func TestRegistrationTakesTheBrowsersLanguage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	for _, tt := range []struct{ header, want string }{{"en-US,en;q=0.9", "en"}, {"zh-CN,zh;q=0.9", "zh-CN"}, {"", "zh-CN"}} {
		res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", header: map[string]string{"Accept-Language": tt.header},
			body: map[string]any{"email": "r" + tt.want + tt.header[:min(2, len(tt.header))] + "@example.cn", "password": "password-123", "name": "读者"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("register (%q): got %d %s", tt.header, res.Status, res.Body)
		}
		var login loginResponse
		res.JSON(t, &login)
		var got notificationSettingsResponse
		s.do(request{method: http.MethodGet, path: "/api/v1/me/notification-settings", token: login.Token}).JSON(t, &got)
		if got.Language != tt.want {
			t.Errorf("Accept-Language %q: got language %s, want %s", tt.header, got.Language, tt.want)
		}
	}
}
