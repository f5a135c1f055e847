package handlers

import (
	"net/http"
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
