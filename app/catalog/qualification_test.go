package catalog_test

import (
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
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
		// The demo manager's practice center issues five_axis, their tech platform battery_safety;
		// laser_safety (required by their laser cutter, and in another consortium) is city-wide.
		{"manager, issued by their facility", c.Manager, teacher.UserID, "battery_safety", nil, "", nil, clock.Now().AddDate(0, 24, 0)},
		{"manager, with an expiry", c.Manager, teacher.UserID, "five_axis", apptest.Ptr(clock.Now().AddDate(0, 1, 0)), "", nil, clock.Now().AddDate(0, 1, 0)},
		{"manager, city-wide though their equipment requires it", c.Manager, teacher.UserID, "laser_safety", nil, "forbidden", nil, time.Time{}},
		{"manager, issued elsewhere", c.Manager, teacher.UserID, "sem_operator", nil, "forbidden", nil, time.Time{}},
		{"other manager, city-wide though their equipment requires it", c.OtherManager, teacher.UserID, "electrician", nil, "forbidden", nil, time.Time{}},
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
			{"the user", teacher, ""}, {"a manager who issues one they hold", c.Manager, ""}, {"an admin", c.Admin, ""},
			{"another user", c.Student, "forbidden"},
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
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["laser_safety"]), "forbidden")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["battery_safety"]), "")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Manager, teacher.UserID, id["battery_safety"]), "not_found")
		apptest.CheckErr(t, c.App.Catalog.RevokeQualification(c.Ctx, c.Admin, teacher.UserID, 999999), "not_found")
		if n := c.Count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action LIKE ?", "user", teacher.UserID, "qualification.%"); n != 5 {
			t.Errorf("got %d audit records of grants and revocations, want 5", n)
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

// qualificationIDs maps the demo qualifications' codes to their ids.
func qualificationIDs(t *testing.T, c *catalogApp) map[string]int64 {
	t.Helper()
	quals, _, err := c.App.Catalog.Qualifications(c.Ctx, c.Admin, core.NewPage(1, 100))
	if err != nil {
		t.Fatal(err)
	}
	id := map[string]int64{}
	for _, q := range quals {
		id[q.Code] = q.ID
	}
	return id
}

// TestQualificationRequirements: a manager makes equipment require only a city-wide
// qualification or one their facilities issue, so that requiring one can never give them the
// right to grant it (issue 7, item 1); a requirement already in place may stay.
func TestQualificationRequirements(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	id := qualificationIDs(t, c)
	mine := c.resource(c.Other, "")
	require := func(code string) *catalog.RulesPatch {
		return &catalog.RulesPatch{QualificationID: apptest.Ptr(id[code])}
	}
	issued, err := c.App.Catalog.CreateQualification(c.Ctx, c.Admin, catalog.NewQualification{Code: "smt_operator",
		Name: "SMT产线上机资格", ValidMonths: 12, OwnerFacilityID: &c.Other})
	if err != nil || issued.OwnerFacilityID == nil || *issued.OwnerFacilityID != c.Other {
		t.Fatalf("got %+v, %v; want a qualification issued by facility %d", issued, err, c.Other)
	}
	id["smt_operator"] = issued.ID

	tests := []struct {
		name       string
		do         func() error
		wantCode   string
		wantFields []string
	}{
		{"another facility's on my resource", func() error {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, c.OtherManager, mine.ID, catalog.ResourcePatch{Rules: require("five_axis")})
			return err
		}, "forbidden", []string{"rules.qualification_id"}},
		{"another facility's on a new resource", func() error {
			_, err := c.App.Catalog.CreateResource(c.Ctx, c.OtherManager, catalog.NewResource{FacilityID: c.Other, Name: "五轴", Category: "cnc",
				Rules: *require("five_axis")})
			return err
		}, "forbidden", []string{"rules.qualification_id"}},
		{"another facility's in my default rules", func() error {
			_, err := c.App.Catalog.UpdateFacility(c.Ctx, c.OtherManager, c.Other, catalog.FacilityPatch{DefaultRules: require("five_axis")})
			return err
		}, "forbidden", []string{"default_rules.qualification_id"}},
		{"a city-wide one", func() error {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, c.OtherManager, mine.ID, catalog.ResourcePatch{Rules: require("laser_safety")})
			return err
		}, "", nil},
		{"one my facility issues", func() error {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, c.OtherManager, mine.ID, catalog.ResourcePatch{Rules: require("smt_operator")})
			return err
		}, "", nil},
		{"and I grant it", func() error {
			_, err := c.App.Catalog.GrantQualification(c.Ctx, c.OtherManager, c.Student.UserID, id["smt_operator"], nil)
			return err
		}, "", nil},
		{"an admin, anything anywhere", func() error {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, c.Admin, mine.ID, catalog.ResourcePatch{Rules: require("five_axis")})
			return err
		}, "", nil},
		{"what an admin required stays when I edit", func() error {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, c.OtherManager, mine.ID, catalog.ResourcePatch{Description: apptest.Ptr("新说明"),
				Rules: &catalog.RulesPatch{BufferMinutes: apptest.Ptr(15)}})
			return err
		}, "", nil},
		{"but does not let me grant it", func() error {
			_, err := c.App.Catalog.GrantQualification(c.Ctx, c.OtherManager, c.Student.UserID, id["five_axis"], nil)
			return err
		}, "forbidden", nil},
		{"a manager hands a qualification over", func() error {
			_, err := c.App.Catalog.UpdateQualification(c.Ctx, c.OtherManager, id["five_axis"], catalog.QualificationPatch{OwnerFacilityID: &c.Other})
			return err
		}, "forbidden", nil},
		{"an admin hands it to no facility", func() error {
			_, err := c.App.Catalog.UpdateQualification(c.Ctx, c.Admin, id["five_axis"], catalog.QualificationPatch{OwnerFacilityID: apptest.Ptr(int64(999999))})
			return err
		}, "validation_failed", []string{"owner_facility_id"}},
		{"an admin makes one city-wide", func() error {
			q, err := c.App.Catalog.UpdateQualification(c.Ctx, c.Admin, id["smt_operator"], catalog.QualificationPatch{OwnerFacilityID: apptest.Ptr(int64(0))})
			if err == nil && q.OwnerFacilityID != nil {
				t.Errorf("got owner %d, want none", *q.OwnerFacilityID)
			}
			return err
		}, "", nil},
		{"then its issuer no longer grants it", func() error {
			return c.App.Catalog.RevokeQualification(c.Ctx, c.OtherManager, c.Student.UserID, id["smt_operator"])
		}, "forbidden", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apptest.CheckErr(t, tt.do(), tt.wantCode, tt.wantFields...)
		})
	}
	r, err := c.DB.ResourceByID(c.Ctx, mine.ID)
	if err != nil || r.QualificationID == nil || *r.QualificationID != id["five_axis"] || r.BufferMinutes != 15 {
		t.Errorf("got %+v, %v; want the admin's five_axis kept, the manager's buffer set", r.Rules, err)
	}
}

// TestUserQualificationsScope: a manager reads a user's qualifications only when the user booked
// in a facility they manage or holds a qualification one of them issues (issue 7, item 12).
func TestUserQualificationsScope(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	id := qualificationIDs(t, c)
	u := c.User(models.RoleStudent)
	read := func(ac core.Actor) error {
		_, err := c.App.Catalog.UserQualifications(c.Ctx, ac, u.UserID)
		return err
	}
	apptest.CheckErr(t, read(c.Manager), "not_found")
	apptest.CheckErr(t, read(c.OtherManager), "not_found")
	apptest.CheckErr(t, read(c.Admin), "")
	apptest.CheckErr(t, read(u), "")

	// five_axis is issued by the demo manager's practice center.
	if _, err := c.App.Catalog.GrantQualification(c.Ctx, c.Admin, u.UserID, id["five_axis"], nil); err != nil {
		t.Fatal(err)
	}
	apptest.CheckErr(t, read(c.Manager), "")
	apptest.CheckErr(t, read(c.OtherManager), "not_found")

	now := c.Clock.Now()
	c.Must(c.DB.CreateBooking(c.Ctx, &models.Booking{ResourceID: c.resource(c.Other, "").ID, UserID: u.UserID, StartAt: now.Add(48 * time.Hour),
		EndAt: now.Add(49 * time.Hour), Seats: 1, Purpose: "实验", PurposeCategory: "teaching", Status: models.BookingCancelled,
		CreatedAt: now, UpdatedAt: now}))
	apptest.CheckErr(t, read(c.OtherManager), "")
}
