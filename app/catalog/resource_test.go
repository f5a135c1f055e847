package catalog_test

import (
	"strings"
	"testing"

	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

func TestCreateResource(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	valid := func(facilityID int64) catalog.NewResource {
		return catalog.NewResource{FacilityID: facilityID, Name: "桌面级激光雕刻机", NameEn: "Desktop Laser Engraver",
			Category: "laser", Cluster: "smart_equipment", Model: "xTool P2", AssetNo: "T-001"}
	}
	tests := []struct {
		name       string
		actor      core.Actor
		in         func() catalog.NewResource
		wantCode   string
		wantFields []string
	}{
		{"manager of the facility", c.Manager, func() catalog.NewResource { return valid(c.Practice) }, "", nil},
		{"admin anywhere", c.Admin, func() catalog.NewResource { return valid(c.Other) }, "", nil},
		{"manager of another facility", c.Manager, func() catalog.NewResource { return valid(c.Other) }, "forbidden", nil},
		{"student", c.Student, func() catalog.NewResource { return valid(c.Practice) }, "forbidden", nil},
		{"unknown facility", c.Admin, func() catalog.NewResource { return valid(999999) }, "validation_failed", []string{"facility_id"}},
		{"unknown cluster", c.Manager, func() catalog.NewResource { in := valid(c.Practice); in.Cluster = "steel"; return in }, "validation_failed", []string{"cluster"}},
		{"capacity 0", c.Manager, func() catalog.NewResource { in := valid(c.Practice); in.Capacity = apptest.Ptr(0); return in }, "validation_failed", []string{"capacity"}},
		// Capacity bounds the claim rows of every slot (issue 7): 2,000 seats were accepted before.
		{"capacity above 500", c.Manager, func() catalog.NewResource { in := valid(c.Practice); in.Capacity = apptest.Ptr(501); return in }, "validation_failed", []string{"capacity"}},
		{"bad status and category", c.Manager, func() catalog.NewResource {
			in := valid(c.Practice)
			in.Status, in.Category = "broken", "Laser Cutter"
			return in
		}, "validation_failed", []string{"category", "status"}},
		{"rules that do not fit", c.Manager, func() catalog.NewResource {
			in := valid(c.Practice)
			in.Rules = catalog.RulesPatch{SlotMinutes: apptest.Ptr(25), BufferMinutes: apptest.Ptr(-15), QualificationID: apptest.Ptr(int64(999))}
			return in
		}, "validation_failed", []string{"rules.buffer_minutes", "rules.qualification_id", "rules.slot_minutes"}},
		{"min above max", c.Manager, func() catalog.NewResource {
			in := valid(c.Practice)
			in.Rules = catalog.RulesPatch{MinMinutes: apptest.Ptr(240), MaxMinutes: apptest.Ptr(60)}
			return in
		}, "validation_failed", []string{"rules.max_minutes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.Count(&models.Resource{}, "1 = 1")
			audits := c.Count(&models.AuditLog{}, "object_type = ?", "resource")
			v, err := c.App.Catalog.CreateResource(c.Ctx, tt.actor, tt.in())
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if tt.wantCode != "" {
				if n := c.Count(&models.Resource{}, "1 = 1"); n != before {
					t.Errorf("got %d resources after a refusal, want %d", n, before)
				}
				if n := c.Count(&models.AuditLog{}, "object_type = ?", "resource"); n != audits {
					t.Errorf("got %d audit records after a refusal, want %d", n, audits)
				}
				return
			}
			if v.Capacity != 1 || v.Status != models.ResourceAvailable || v.QuotaHoursYear != catalog.DefaultQuotaHoursYear {
				t.Errorf("got capacity %d, status %s, quota %d; want the defaults 1, available, 1400", v.Capacity, v.Status, v.QuotaHoursYear)
			}
			if v.Cluster == nil || v.Cluster.Code != "smart_equipment" || v.FacilityName == "" || v.TimeZone != "Asia/Shanghai" {
				t.Errorf("got cluster %+v, facility %q, zone %q", v.Cluster, v.FacilityName, v.TimeZone)
			}
			if n := c.Count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action = ?", "resource", v.ID, "resource.create"); n != 1 {
				t.Errorf("got %d audit records of the creation, want 1", n)
			}
		})
	}
}

func TestCreateResourceTakesFacilityDefaults(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	f, err := c.App.Catalog.Facility(c.Ctx, c.Admin, c.Platform)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.App.Catalog.CreateResource(c.Ctx, c.Manager, catalog.NewResource{FacilityID: c.Platform, Name: "拉曼光谱仪",
		Category: "test_instrument", Capacity: apptest.Ptr(1), Rules: catalog.RulesPatch{BufferMinutes: apptest.Ptr(45)}})
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
	t.Parallel()
	c := newCatalogApp(t)
	laser := c.resource(c.Practice, "laser")
	foreign := c.resource(c.Other, "")
	tests := []struct {
		name       string
		actor      core.Actor
		id         int64
		patch      catalog.ResourcePatch
		wantCode   string
		wantFields []string
	}{
		{"student", c.Student, laser.ID, catalog.ResourcePatch{Name: apptest.Ptr("x")}, "forbidden", nil},
		{"manager of another facility", c.Manager, foreign.ID, catalog.ResourcePatch{Name: apptest.Ptr("x")}, "forbidden", nil},
		{"unknown resource", c.Manager, 999999, catalog.ResourcePatch{Name: apptest.Ptr("x")}, "not_found", nil},
		{"empty name", c.Manager, laser.ID, catalog.ResourcePatch{Name: apptest.Ptr(" ")}, "validation_failed", []string{"name"}},
		{"slot that breaks min", c.Manager, laser.ID, catalog.ResourcePatch{Rules: &catalog.RulesPatch{SlotMinutes: apptest.Ptr(45)}}, "validation_failed", []string{"rules.max_minutes", "rules.min_minutes"}},
		{"retired status", c.Manager, laser.ID, catalog.ResourcePatch{Status: apptest.Ptr("gone")}, "validation_failed", []string{"status"}},
		{"other manager on their own", c.OtherManager, foreign.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceMaintenance)}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.App.Catalog.UpdateResource(c.Ctx, tt.actor, tt.id, tt.patch)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}

	t.Run("only the fields sent change", func(t *testing.T) {
		v, err := c.App.Catalog.UpdateResource(c.Ctx, c.Manager, laser.ID, catalog.ResourcePatch{Capacity: apptest.Ptr(2),
			Rules: &catalog.RulesPatch{RequiresApproval: apptest.Ptr(true), QualificationID: apptest.Ptr(int64(0))}})
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
		v, err := c.App.Catalog.UpdateResource(c.Ctx, c.Admin, laser.ID, catalog.ResourcePatch{Cluster: apptest.Ptr("")})
		if err != nil || v.Cluster != nil || v.ClusterID != nil {
			t.Fatalf("got %v, %+v; want no cluster", err, v.Cluster)
		}
	})
	t.Run("audited with the fields sent", func(t *testing.T) {
		var logs []models.AuditLog
		if err := c.DB.R(c.Ctx).Where("object_type = ? AND object_id = ?", "resource", laser.ID).Order("id").Find(&logs).Error; err != nil {
			t.Fatal(err)
		}
		if len(logs) != 2 || logs[0].ActorID == nil || *logs[0].ActorID != c.Manager.UserID || logs[0].Detail != `{"capacity":2,"rules":{"requires_approval":true,"qualification_id":0}}` {
			t.Fatalf("got %+v, want the manager's update with its fields, then the admin's", logs)
		}
	})
}

func TestResourceListFilters(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	all, total, err := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(1, 100))
	if err != nil {
		t.Fatal(err)
	}
	if int(total) != len(all) || total < 40 {
		t.Fatalf("got %d of %d resources, want all of at least 40", len(all), total)
	}
	tests := []struct {
		name  string
		f     catalog.ResourceFilter
		match func(catalog.ResourceView) bool
	}{
		{"facility", catalog.ResourceFilter{FacilityID: c.Practice}, func(v catalog.ResourceView) bool { return v.FacilityID == c.Practice }},
		{"cluster", catalog.ResourceFilter{Cluster: "light_alloy"}, func(v catalog.ResourceView) bool { return v.Cluster != nil && v.Cluster.Code == "light_alloy" }},
		{"category", catalog.ResourceFilter{Category: "cnc"}, func(v catalog.ResourceView) bool { return v.Category == "cnc" }},
		{"kind", catalog.ResourceFilter{Kind: models.KindTechPlatform}, func(v catalog.ResourceView) bool { return v.FacilityKind == models.KindTechPlatform }},
		{"maintenance", catalog.ResourceFilter{Status: models.ResourceMaintenance}, func(v catalog.ResourceView) bool { return v.Status == models.ResourceMaintenance }},
		{"name", catalog.ResourceFilter{Query: "加工中心"}, func(v catalog.ResourceView) bool { return strings.Contains(v.Name, "加工中心") }},
		{"English name, any case", catalog.ResourceFilter{Query: "oscilloscope"}, func(v catalog.ResourceView) bool {
			return strings.Contains(strings.ToLower(v.NameEn), "oscilloscope")
		}},
		{"model", catalog.ResourceFilter{Query: "Keysight"}, func(v catalog.ResourceView) bool { return strings.Contains(v.Model, "Keysight") }},
		{"asset number", catalog.ResourceFilter{Query: "CQNEV-PC-"}, func(v catalog.ResourceView) bool { return strings.HasPrefix(v.AssetNo, "CQNEV-PC-") }},
		{"consortium", catalog.ResourceFilter{ConsortiumID: 1}, func(v catalog.ResourceView) bool { return v.ConsortiumID == 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := c.App.Catalog.Resources(c.Ctx, c.Student, tt.f, core.NewPage(1, 100))
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
			if got, _, err := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{Query: q}, core.NewPage(1, 100)); err != nil || len(got) != 0 {
				t.Errorf("q=%q: got %d resources, %v; want none", q, len(got), err)
			}
		}
	})
	t.Run("retired resources only on request", func(t *testing.T) {
		r := all[0]
		if _, err := c.App.Catalog.UpdateResource(c.Ctx, c.Admin, r.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceRetired),
			OnBookings: catalog.OnBookingsKeep}); err != nil {
			t.Fatal(err)
		}
		_, total, _ := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(1, 1))
		retired, _, _ := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{Status: models.ResourceRetired}, core.NewPage(1, 10))
		if int(total) != len(all)-1 || len(retired) != 1 || retired[0].ID != r.ID {
			t.Errorf("got %d listed and %d retired, want %d and 1", total, len(retired), len(all)-1)
		}
	})
	t.Run("pages", func(t *testing.T) {
		p1, total, _ := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(1, 10))
		p2, _, _ := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(2, 10))
		far, _, _ := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(1<<40, 100))
		if len(p1) != 10 || len(p2) != 10 || p1[9].ID >= p2[0].ID || total < 40 || len(far) != 0 {
			t.Errorf("got pages of %d and %d (last %d, next %d) and %d far away", len(p1), len(p2), p1[9].ID, p2[0].ID, len(far))
		}
	})
}

// TestCatalogListQueries: a list costs the same number of SQL statements for a page of 5 as for
// a page of 50 (names are joined or loaded in one batch, never one query per row).
func TestCatalogListQueries(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	lists := map[string]func(size int) error{
		"resources": func(size int) error {
			_, _, err := c.App.Catalog.Resources(c.Ctx, c.Student, catalog.ResourceFilter{}, core.NewPage(1, size))
			return err
		},
		"facilities": func(size int) error {
			_, _, err := c.App.Catalog.Facilities(c.Ctx, c.Student, catalog.FacilityFilter{}, core.NewPage(1, size))
			return err
		},
		"consortia": func(size int) error {
			_, _, err := c.App.Catalog.Consortia(c.Ctx, c.Student, "", "", core.NewPage(1, size))
			return err
		},
		"blackouts": func(size int) error {
			_, _, err := c.App.Catalog.Blackouts(c.Ctx, c.Student, catalog.BlackoutFilter{FacilityID: c.Practice}, core.NewPage(1, size))
			return err
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			counts := make([]int, 2)
			for i, size := range []int{1, 50} {
				n := c.CountStatements()
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
