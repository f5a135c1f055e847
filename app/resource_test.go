package app_test

import (
	"strings"
	"testing"

	"cqshare/app"
	"cqshare/models"
)

func TestCreateResource(t *testing.T) {
	c := newCatalogApp(t)
	valid := func(facilityID int64) app.NewResource {
		return app.NewResource{FacilityID: facilityID, Name: "桌面级激光雕刻机", NameEn: "Desktop Laser Engraver",
			Category: "laser", Cluster: "smart_equipment", Model: "xTool P2", AssetNo: "T-001"}
	}
	tests := []struct {
		name       string
		actor      app.Actor
		in         func() app.NewResource
		wantCode   string
		wantFields []string
	}{
		{"manager of the facility", c.manager, func() app.NewResource { return valid(c.practice) }, "", nil},
		{"admin anywhere", c.admin, func() app.NewResource { return valid(c.other) }, "", nil},
		{"manager of another facility", c.manager, func() app.NewResource { return valid(c.other) }, "forbidden", nil},
		{"student", c.student, func() app.NewResource { return valid(c.practice) }, "forbidden", nil},
		{"unknown facility", c.admin, func() app.NewResource { return valid(999999) }, "validation_failed", []string{"facility_id"}},
		{"unknown cluster", c.manager, func() app.NewResource { in := valid(c.practice); in.Cluster = "steel"; return in }, "validation_failed", []string{"cluster"}},
		{"capacity 0", c.manager, func() app.NewResource { in := valid(c.practice); in.Capacity = ptrTo(0); return in }, "validation_failed", []string{"capacity"}},
		{"bad status and category", c.manager, func() app.NewResource {
			in := valid(c.practice)
			in.Status, in.Category = "broken", "Laser Cutter"
			return in
		}, "validation_failed", []string{"category", "status"}},
		{"rules that do not fit", c.manager, func() app.NewResource {
			in := valid(c.practice)
			in.Rules = app.RulesPatch{SlotMinutes: ptrTo(25), BufferMinutes: ptrTo(-15), QualificationID: ptrTo(int64(999))}
			return in
		}, "validation_failed", []string{"rules.buffer_minutes", "rules.qualification_id", "rules.slot_minutes"}},
		{"min above max", c.manager, func() app.NewResource {
			in := valid(c.practice)
			in.Rules = app.RulesPatch{MinMinutes: ptrTo(240), MaxMinutes: ptrTo(60)}
			return in
		}, "validation_failed", []string{"rules.max_minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.count(&models.Resource{}, "1 = 1")
			audits := c.count(&models.AuditLog{}, "object_type = ?", "resource")
			v, err := c.a.CreateResource(c.ctx, tt.actor, tt.in())
			checkErr(t, err, tt.wantCode, tt.wantFields...)
			if tt.wantCode != "" {
				if n := c.count(&models.Resource{}, "1 = 1"); n != before {
					t.Errorf("got %d resources after a refusal, want %d", n, before)
				}
				if n := c.count(&models.AuditLog{}, "object_type = ?", "resource"); n != audits {
					t.Errorf("got %d audit records after a refusal, want %d", n, audits)
				}
				return
			}
			if v.Capacity != 1 || v.Status != models.ResourceAvailable || v.QuotaHoursYear != app.DefaultQuotaHoursYear {
				t.Errorf("got capacity %d, status %s, quota %d; want the defaults 1, available, 1400", v.Capacity, v.Status, v.QuotaHoursYear)
			}
			if v.Cluster == nil || v.Cluster.Code != "smart_equipment" || v.FacilityName == "" || v.TimeZone != "Asia/Shanghai" {
				t.Errorf("got cluster %+v, facility %q, zone %q", v.Cluster, v.FacilityName, v.TimeZone)
			}
			if n := c.count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action = ?", "resource", v.ID, "resource.create"); n != 1 {
				t.Errorf("got %d audit records of the creation, want 1", n)
			}
		})
	}
}

func TestCreateResourceTakesFacilityDefaults(t *testing.T) {
	c := newCatalogApp(t)
	f, err := c.a.Facility(c.ctx, c.admin, c.platform)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.a.CreateResource(c.ctx, c.manager, app.NewResource{FacilityID: c.platform, Name: "拉曼光谱仪",
		Category: "test_instrument", Capacity: ptrTo(1), Rules: app.RulesPatch{BufferMinutes: ptrTo(45)}})
	if err != nil {
		t.Fatal(err)
	}
	want := f.DefaultRules.V
	want.BufferMinutes = 45
	if v.Rules != want {
		t.Errorf("got rules %+v, want the facility's defaults with a 45-minute buffer %+v", v.Rules, want)
	}
}

func TestUpdateResource(t *testing.T) {
	c := newCatalogApp(t)
	laser := c.resource(c.practice, "laser")
	foreign := c.resource(c.other, "")
	tests := []struct {
		name       string
		actor      app.Actor
		id         int64
		patch      app.ResourcePatch
		wantCode   string
		wantFields []string
	}{
		{"student", c.student, laser.ID, app.ResourcePatch{Name: ptrTo("x")}, "forbidden", nil},
		{"manager of another facility", c.manager, foreign.ID, app.ResourcePatch{Name: ptrTo("x")}, "forbidden", nil},
		{"unknown resource", c.manager, 999999, app.ResourcePatch{Name: ptrTo("x")}, "not_found", nil},
		{"empty name", c.manager, laser.ID, app.ResourcePatch{Name: ptrTo(" ")}, "validation_failed", []string{"name"}},
		{"slot that breaks min", c.manager, laser.ID, app.ResourcePatch{Rules: &app.RulesPatch{SlotMinutes: ptrTo(45)}}, "validation_failed", []string{"rules.max_minutes", "rules.min_minutes"}},
		{"retired status", c.manager, laser.ID, app.ResourcePatch{Status: ptrTo("gone")}, "validation_failed", []string{"status"}},
		{"other manager on their own", c.otherManager, foreign.ID, app.ResourcePatch{Status: ptrTo(models.ResourceMaintenance)}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.a.UpdateResource(c.ctx, tt.actor, tt.id, tt.patch)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}

	t.Run("only the fields sent change", func(t *testing.T) {
		v, err := c.a.UpdateResource(c.ctx, c.manager, laser.ID, app.ResourcePatch{Capacity: ptrTo(2),
			Rules: &app.RulesPatch{RequiresApproval: ptrTo(true), QualificationID: ptrTo(int64(0))}})
		if err != nil {
			t.Fatal(err)
		}
		if v.Capacity != 2 || !v.RequiresApproval || v.QualificationID != nil || v.Qualification != nil {
			t.Errorf("got capacity %d, approval %v, qualification %v; want 2, true, none", v.Capacity, v.RequiresApproval, v.QualificationID)
		}
		if v.Name != laser.Name || v.Model != laser.Model || v.SlotMinutes != laser.SlotMinutes || v.RateExternalFen != laser.RateExternalFen {
			t.Errorf("got %+v, want the fields not sent unchanged from %+v", v.Resource, laser.Resource)
		}
		if v.Cluster == nil || v.Cluster.Code != laser.Cluster.Code {
			t.Errorf("got cluster %+v, want it unchanged", v.Cluster)
		}
	})
	t.Run("an empty cluster removes it", func(t *testing.T) {
		v, err := c.a.UpdateResource(c.ctx, c.admin, laser.ID, app.ResourcePatch{Cluster: ptrTo("")})
		if err != nil || v.Cluster != nil || v.ClusterID != nil {
			t.Fatalf("got %v, %+v; want no cluster", err, v.Cluster)
		}
	})
	t.Run("audited with the fields sent", func(t *testing.T) {
		var logs []models.AuditLog
		if err := c.db.R(c.ctx).Where("object_type = ? AND object_id = ?", "resource", laser.ID).Order("id").Find(&logs).Error; err != nil {
			t.Fatal(err)
		}
		if len(logs) != 2 || logs[0].ActorID == nil || *logs[0].ActorID != c.manager.UserID || logs[0].Detail != `{"capacity":2,"rules":{"requires_approval":true,"qualification_id":0}}` {
			t.Fatalf("got %+v, want the manager's update with its fields, then the admin's", logs)
		}
	})
}

func TestResourceListFilters(t *testing.T) {
	c := newCatalogApp(t)
	all, total, err := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(1, 100))
	if err != nil {
		t.Fatal(err)
	}
	if int(total) != len(all) || total < 40 {
		t.Fatalf("got %d of %d resources, want all of at least 40", len(all), total)
	}
	tests := []struct {
		name  string
		f     app.ResourceFilter
		match func(app.ResourceView) bool
	}{
		{"facility", app.ResourceFilter{FacilityID: c.practice}, func(v app.ResourceView) bool { return v.FacilityID == c.practice }},
		{"cluster", app.ResourceFilter{Cluster: "light_alloy"}, func(v app.ResourceView) bool { return v.Cluster != nil && v.Cluster.Code == "light_alloy" }},
		{"category", app.ResourceFilter{Category: "cnc"}, func(v app.ResourceView) bool { return v.Category == "cnc" }},
		{"kind", app.ResourceFilter{Kind: models.KindTechPlatform}, func(v app.ResourceView) bool { return v.FacilityKind == models.KindTechPlatform }},
		{"maintenance", app.ResourceFilter{Status: models.ResourceMaintenance}, func(v app.ResourceView) bool { return v.Status == models.ResourceMaintenance }},
		{"name", app.ResourceFilter{Query: "加工中心"}, func(v app.ResourceView) bool { return strings.Contains(v.Name, "加工中心") }},
		{"English name, any case", app.ResourceFilter{Query: "oscilloscope"}, func(v app.ResourceView) bool {
			return strings.Contains(strings.ToLower(v.NameEn), "oscilloscope")
		}},
		{"model", app.ResourceFilter{Query: "Keysight"}, func(v app.ResourceView) bool { return strings.Contains(v.Model, "Keysight") }},
		{"asset number", app.ResourceFilter{Query: "CQNEV-PC-"}, func(v app.ResourceView) bool { return strings.HasPrefix(v.AssetNo, "CQNEV-PC-") }},
		{"consortium", app.ResourceFilter{ConsortiumID: 1}, func(v app.ResourceView) bool { return v.ConsortiumID == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := c.a.Resources(c.ctx, c.student, tt.f, app.NewPage(1, 100))
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			for _, v := range all {
				if tt.match(v) {
					want++
				}
			}
			if tt.f.Status != "" {
				want = len(got) // retired and maintenance are counted from the filtered list itself
			}
			if len(got) == 0 || int(total) != len(got) || len(got) != want {
				t.Fatalf("got %d (total %d), want %d matching", len(got), total, want)
			}
			for _, v := range got {
				if !tt.match(v) {
					t.Errorf("got %s (%s), which does not match", v.Name, v.Category)
				}
			}
		})
	}
	t.Run("LIKE wildcards are literal", func(t *testing.T) {
		for _, q := range []string{"%", "_", "!"} {
			if got, _, err := c.a.Resources(c.ctx, c.student, app.ResourceFilter{Query: q}, app.NewPage(1, 100)); err != nil || len(got) != 0 {
				t.Errorf("q=%q: got %d resources, %v; want none", q, len(got), err)
			}
		}
	})
	t.Run("retired resources only on request", func(t *testing.T) {
		r := all[0]
		if _, err := c.a.UpdateResource(c.ctx, c.admin, r.ID, app.ResourcePatch{Status: ptrTo(models.ResourceRetired)}); err != nil {
			t.Fatal(err)
		}
		_, total, _ := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(1, 1))
		retired, _, _ := c.a.Resources(c.ctx, c.student, app.ResourceFilter{Status: models.ResourceRetired}, app.NewPage(1, 10))
		if int(total) != len(all)-1 || len(retired) != 1 || retired[0].ID != r.ID {
			t.Errorf("got %d listed and %d retired, want %d and 1", total, len(retired), len(all)-1)
		}
	})
	t.Run("pages", func(t *testing.T) {
		p1, total, _ := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(1, 10))
		p2, _, _ := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(2, 10))
		far, _, _ := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(1<<40, 100))
		if len(p1) != 10 || len(p2) != 10 || p1[9].ID >= p2[0].ID || total < 40 || len(far) != 0 {
			t.Errorf("got pages of %d and %d (last %d, next %d) and %d far away", len(p1), len(p2), p1[9].ID, p2[0].ID, len(far))
		}
	})
}

// TestCatalogListQueries: a list costs the same number of SQL statements for a page of 5 as for
// a page of 50 (names are joined or loaded in one batch, never one query per row).
func TestCatalogListQueries(t *testing.T) {
	c := newCatalogApp(t)
	lists := map[string]func(size int) error{
		"resources": func(size int) error {
			_, _, err := c.a.Resources(c.ctx, c.student, app.ResourceFilter{}, app.NewPage(1, size))
			return err
		},
		"facilities": func(size int) error {
			_, _, err := c.a.Facilities(c.ctx, c.student, app.FacilityFilter{}, app.NewPage(1, size))
			return err
		},
		"users": func(size int) error {
			_, _, err := c.a.Users(c.ctx, c.admin, app.UserFilter{}, app.NewPage(1, size))
			return err
		},
		"consortia": func(size int) error {
			_, _, err := c.a.Consortia(c.ctx, c.student, "", "", app.NewPage(1, size))
			return err
		},
		"blackouts": func(size int) error {
			_, _, err := c.a.Blackouts(c.ctx, c.student, app.BlackoutFilter{FacilityID: c.practice}, app.NewPage(1, size))
			return err
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			counts := make([]int, 2)
			for i, size := range []int{1, 50} {
				n := c.countStatements()
				if err := list(size); err != nil {
					t.Fatal(err)
				}
				counts[i] = n()
			}
			if counts[0] != counts[1] || counts[1] > 5 {
				t.Errorf("got %d statements for one row and %d for 50, want the same few", counts[0], counts[1])
			}
		})
	}
}
