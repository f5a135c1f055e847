package catalog_test

import (
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

func TestGrantQualification(t *testing.T) {
	t.Parallel()
	clock := apptest.NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	c := newCatalogApp(t, app.WithClock(clock.Now))
	teacher := c.Actor("teacher@demo.local")
	quals, _, err := c.App.Catalog.Qualifications(c.Ctx, c.Admin, core.NewPage(1, 100))
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	for _, q := range quals {
		id[q.Code] = q.ID
	}
	tests := []struct {
		name       string
		actor      core.Actor
		user       int64
		code       string
		expires    *time.Time
		wantCode   string
		wantFields []string
		wantUntil  time.Time
	}{
		// The demo manager's practice center has a laser cutter that requires laser_safety.
		{"manager, required in their facility", c.Manager, teacher.UserID, "laser_safety", nil, "", nil, clock.Now().AddDate(0, 24, 0)},
		{"manager, with an expiry", c.Manager, teacher.UserID, "five_axis", apptest.Ptr(clock.Now().AddDate(0, 1, 0)), "", nil, clock.Now().AddDate(0, 1, 0)},
		{"manager, required elsewhere only", c.Manager, teacher.UserID, "sem_operator", nil, "forbidden", nil, time.Time{}},
		{"other manager, required in theirs", c.OtherManager, teacher.UserID, "electrician", nil, "", nil, clock.Now().AddDate(0, 72, 0)},
		{"admin, anything", c.Admin, teacher.UserID, "sem_operator", nil, "", nil, clock.Now().AddDate(0, 24, 0)},
		{"student", c.Student, c.Student.UserID, "five_axis", nil, "forbidden", nil, time.Time{}},
		{"expiry in the past", c.Admin, teacher.UserID, "welding", apptest.Ptr(clock.Now().Add(-time.Hour)), "validation_failed", []string{"expires_at"}, time.Time{}},
		{"unknown qualification", c.Admin, teacher.UserID, "none", nil, "validation_failed", []string{"qualification_id"}, time.Time{}},
		{"unknown user", c.Admin, 999999, "welding", nil, "not_found", nil, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qid := id[tt.code]
			if tt.code == "none" {
				qid = 999999
			}
			held, err := c.App.Catalog.GrantQualification(c.Ctx, tt.actor, tt.user, qid, tt.expires)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				return
			}
			if held.ExpiresAt == nil || !held.ExpiresAt.Equal(tt.wantUntil) || !held.Valid || held.Source != models.QualificationSourceManual ||
				held.GrantedBy == nil || *held.GrantedBy != tt.actor.UserID {
				t.Errorf("got %+v (until %v), want valid until %v, granted by %d", held, held.ExpiresAt, tt.wantUntil, tt.actor.UserID)
			}
		})
	}

	t.Run("a grant renews, it is not duplicated", func(t *testing.T) {
		clock.Advance(48 * time.Hour)
		if _, err := c.App.Catalog.GrantQualification(c.Ctx, c.Admin, teacher.UserID, id["laser_safety"], nil); err != nil {
			t.Fatal(err)
		}
		if n := c.Count(&models.UserQualification{}, "user_id = ? AND qualification_id = ?", teacher.UserID, id["laser_safety"]); n != 1 {
			t.Errorf("got %d grants, want 1", n)
		}
		ok, err := c.DB.HasQualification(c.Ctx, teacher.UserID, id["laser_safety"], clock.Now().AddDate(0, 23, 0))
		if err != nil || !ok {
			t.Errorf("got %v, %v; want the renewed grant valid for 24 months from now", ok, err)
		}
	})
	t.Run("who reads a user's qualifications", func(t *testing.T) {
		readers := []struct {
			name     string
			actor    core.Actor
			wantCode string
		}{
			{"the user", teacher, ""}, {"a manager", c.OtherManager, ""}, {"an admin", c.Admin, ""}, {"another user", c.Student, "forbidden"},
		}
		for _, r := range readers {
			held, err := c.App.Catalog.UserQualifications(c.Ctx, r.actor, teacher.UserID)
			apptest.CheckErr(t, err, r.wantCode)
			if err == nil && len(held) != 4 {
				t.Errorf("%s: got %d qualifications, want 4", r.name, len(held))
			}
		}
		if _, err := c.App.Catalog.UserQualifications(c.Ctx, c.Admin, 999999); err == nil {
			t.Error("got qualifications of an unknown user, want not_found")
		}
	})
	t.Run("expired grants are listed, not valid", func(t *testing.T) {
		clock.Advance(40 * 24 * time.Hour) // past five_axis's one-month expiry
		held, err := c.App.Catalog.UserQualifications(c.Ctx, teacher, teacher.UserID)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range held {
			if want := h.Qualification.Code != "five_axis"; h.Valid != want {
				t.Errorf("got %s valid=%v, want %v", h.Qualification.Code, h.Valid, want)
			}
		}
	})
	t.Run("revoke", func(t *testing.T) {
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["sem_operator"]), "forbidden")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["laser_safety"]), "")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["laser_safety"]), "not_found")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Admin, teacher.UserID, 999999), "not_found")
		if n := c.Count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action LIKE ?", "user", teacher.UserID, "qualification.%"); n != 6 {
			t.Errorf("got %d audit records of grants and revocations, want 6", n)
		}
	})
}

// TestGrantQualificationRace: managers granting the same qualification at once all succeed and
// leave one grant.
func TestGrantQualificationRace(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	teacher := c.Actor("teacher@demo.local")
	const n = 8
	start := make(chan struct{})
	errs := make(chan error, n)
	for range n {
		go func() {
			<-start
			_, err := c.App.Catalog.GrantQualification(c.Ctx, c.Admin, teacher.UserID, 1, nil)
			errs <- err
		}()
	}
	close(start)
	for range n {
		if err := <-errs; err != nil {
			t.Errorf("got %v, want every grant to succeed", err)
		}
	}
	if got := c.Count(&models.UserQualification{}, "user_id = ? AND qualification_id = ?", teacher.UserID, 1); got != 1 {
		t.Errorf("got %d grants, want 1", got)
	}
}
