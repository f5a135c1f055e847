package catalog_test

import (
	"testing"

	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

func TestCreateFacility(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	mgr := c.Actor("mgr.kxc@demo.local")
	valid := func() catalog.NewFacility {
		return catalog.NewFacility{ConsortiumID: 1, Kind: models.KindTrainingBase, Name: "新能源汽车维修职工培训基地",
			District: "渝北区", OpeningHours: []models.OpeningInterval{{Weekday: 2, Start: "13:00", End: "17:00"}, {Weekday: 1, Start: "08:00", End: "12:00"}},
			DefaultRules: catalog.RulesPatch{SlotMinutes: apptest.Ptr(60), MinMinutes: apptest.Ptr(60)}, ManagerIDs: []int64{mgr.UserID, mgr.UserID}}
	}
	tests := []struct {
		name       string
		actor      core.Actor
		change     func(*catalog.NewFacility)
		wantCode   string
		wantFields []string
	}{
		{"admin", c.Admin, func(*catalog.NewFacility) {}, "", nil},
		{"manager", c.Manager, func(*catalog.NewFacility) {}, "forbidden", nil},
		{"unknown consortium and kind", c.Admin, func(in *catalog.NewFacility) { in.ConsortiumID, in.Kind = 999, "lab" }, "validation_failed", []string{"consortium_id", "kind"}},
		{"unknown time zone", c.Admin, func(in *catalog.NewFacility) { in.TimeZone = "Asia/Chongqing_Typo" }, "validation_failed", []string{"time_zone"}},
		{"the host's zone", c.Admin, func(in *catalog.NewFacility) { in.TimeZone = "Local" }, "validation_failed", []string{"time_zone"}},
		{"overlapping hours", c.Admin, func(in *catalog.NewFacility) {
			in.OpeningHours = append(in.OpeningHours, models.OpeningInterval{Weekday: 1, Start: "11:30", End: "14:00"})
		}, "validation_failed", []string{"opening_hours[2]"}},
		{"bad default rules", c.Admin, func(in *catalog.NewFacility) { in.DefaultRules.MinMinutes = apptest.Ptr(90) }, "validation_failed", []string{"default_rules.min_minutes"}},
		{"a student as manager", c.Admin, func(in *catalog.NewFacility) { in.ManagerIDs = []int64{c.Student.UserID} }, "validation_failed", []string{"manager_ids"}},
		{"an unknown manager", c.Admin, func(in *catalog.NewFacility) { in.ManagerIDs = []int64{999999} }, "validation_failed", []string{"manager_ids"}},
		{"a series horizon of years", c.Admin, func(in *catalog.NewFacility) { in.SeriesHorizonDays = apptest.Ptr(1000) }, "validation_failed", []string{"series_horizon_days"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.change(&in)
			before := c.Count(&models.Facility{}, "1 = 1")
			v, err := c.App.Catalog.CreateFacility(c.Ctx, tt.actor, in)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.Count(&models.Facility{}, "1 = 1"); n != before {
					t.Errorf("got %d facilities after a refusal, want %d", n, before)
				}
				return
			}
			if v.TimeZone != "Asia/Shanghai" || v.OpeningHours.V[0].Weekday != 1 || v.DefaultRules.V.SlotMinutes != 60 ||
				v.DefaultRules.V.MaxMinutes != models.DefaultRules().MaxMinutes || v.SeriesHorizonDays != models.DefaultSeriesHorizonDays {
				t.Errorf("got zone %s, hours %v, rules %+v; want the default zone, hours by weekday, patched defaults", v.TimeZone, v.OpeningHours.V, v.DefaultRules.V)
			}
			if len(v.Managers) != 1 || v.Managers[0].ID != mgr.UserID || v.ConsortiumName == "" {
				t.Errorf("got managers %v, consortium %q", v.Managers, v.ConsortiumName)
			}
		})
	}
}

func TestUpdateFacility(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	week := []models.OpeningInterval{{Weekday: 1, Start: "09:00", End: "18:00"}}
	tests := []struct {
		name       string
		actor      core.Actor
		id         int64
		patch      catalog.FacilityPatch
		wantCode   string
		wantFields []string
	}{
		{"manager, opening hours over bookings kept", c.Manager, c.Practice, catalog.FacilityPatch{OpeningHours: &week, OnBookings: catalog.OnBookingsKeep}, "", nil},
		{"manager, default rules", c.Manager, c.Practice, catalog.FacilityPatch{DefaultRules: &catalog.RulesPatch{BufferMinutes: apptest.Ptr(15)}}, "", nil},
		{"manager, a term's series horizon", c.Manager, c.Practice, catalog.FacilityPatch{SeriesHorizonDays: apptest.Ptr(140)}, "", nil},
		{"manager, no series horizon", c.Manager, c.Practice, catalog.FacilityPatch{SeriesHorizonDays: apptest.Ptr(0)}, "validation_failed", []string{"series_horizon_days"}},
		{"manager, another facility", c.Manager, c.Other, catalog.FacilityPatch{OpeningHours: &week}, "forbidden", nil},
		{"manager, unknown facility", c.Manager, 999999, catalog.FacilityPatch{OpeningHours: &week}, "not_found", nil},
		{"manager, kind", c.Manager, c.Practice, catalog.FacilityPatch{Kind: apptest.Ptr(models.KindTrainingBase)}, "forbidden", nil},
		{"manager, managers", c.Manager, c.Practice, catalog.FacilityPatch{ManagerIDs: &[]int64{}}, "forbidden", nil},
		{"student", c.Student, c.Practice, catalog.FacilityPatch{Name: apptest.Ptr("x")}, "forbidden", nil},
		{"admin, bad time zone", c.Admin, c.Practice, catalog.FacilityPatch{TimeZone: apptest.Ptr("Mars/Olympus")}, "validation_failed", []string{"time_zone"}},
		{"admin, another zone", c.Admin, c.Other, catalog.FacilityPatch{TimeZone: apptest.Ptr("Asia/Urumqi")}, "", nil},
		{"admin, hours ending before they start", c.Admin, c.Practice, catalog.FacilityPatch{OpeningHours: &[]models.OpeningInterval{{Weekday: 1, Start: "18:00", End: "09:00"}}}, "validation_failed", []string{"opening_hours[0].end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.App.Catalog.UpdateFacility(c.Ctx, tt.actor, tt.id, tt.patch)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}
	t.Run("only the fields sent change", func(t *testing.T) {
		v, err := c.App.Catalog.Facility(c.Ctx, c.Student, c.Practice)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.OpeningHours.V) != 1 || v.DefaultRules.V.BufferMinutes != 15 || v.DefaultRules.V.MinLeadMinutes != 60 ||
			v.Name == "" || len(v.Managers) != 1 || v.TimeZone != "Asia/Shanghai" || v.SeriesHorizonDays != 140 {
			t.Errorf("got %+v", v)
		}
	})
	t.Run("admin replaces the managers", func(t *testing.T) {
		other := c.Actor("mgr.nev@demo.local")
		v, err := c.App.Catalog.UpdateFacility(c.Ctx, c.Admin, c.Practice, catalog.FacilityPatch{ManagerIDs: &[]int64{other.UserID}})
		if err != nil || len(v.Managers) != 1 || v.Managers[0].ID != other.UserID {
			t.Fatalf("got %v, %v; want only %d", err, v.Managers, other.UserID)
		}
		if ac := c.Actor("manager@demo.local"); len(ac.ManagedFacilityIDs) != 1 || ac.ManagedFacilityIDs[0] != c.Platform {
			t.Errorf("got the demo manager managing %v, want only %d", ac.ManagedFacilityIDs, c.Platform)
		}
	})
}

func TestDeleteFacility(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	empty, err := c.App.Catalog.CreateFacility(c.Ctx, c.Admin, catalog.NewFacility{ConsortiumID: 2, Kind: models.KindTechPlatform, Name: "空平台"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		actor    core.Actor
		id       int64
		wantCode string
	}{
		{"manager", c.Manager, c.Practice, "forbidden"},
		{"with resources", c.Admin, c.Practice, "in_use"},
		{"unknown", c.Admin, 999999, "not_found"},
		{"empty", c.Admin, empty.ID, ""},
		{"twice", c.Admin, empty.ID, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apptest.CheckErr(t, c.App.Catalog.DeleteFacility(c.Ctx, tt.actor, tt.id), tt.wantCode)
		})
	}
}

func TestFacilityList(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	tests := []struct {
		name string
		f    catalog.FacilityFilter
		want int64
	}{
		{"all", catalog.FacilityFilter{}, 15},
		{"practice centers", catalog.FacilityFilter{Kind: models.KindPracticeCenter}, 5},
		{"one consortium", catalog.FacilityFilter{ConsortiumID: 1}, 3},
		{"district", catalog.FacilityFilter{District: "永川区"}, 2},
		{"search", catalog.FacilityFilter{Query: "共性技术"}, 5},
		{"nothing", catalog.FacilityFilter{Query: "不存在的设施"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := c.App.Catalog.Facilities(c.Ctx, c.Student, tt.f, core.NewPage(1, 100))
			if err != nil || total != tt.want || int64(len(got)) != tt.want {
				t.Fatalf("got %d (total %d), %v; want %d", len(got), total, err, tt.want)
			}
		})
	}
	got, err := c.App.Catalog.Facility(c.Ctx, c.Student, c.Practice)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResourceCount < 5 || len(got.Managers) != 1 || got.Managers[0].Name != "李晓峰" || got.ConsortiumLevel != models.LevelNational || len(got.OpeningHours.V) != 6 {
		t.Errorf("got %+v", got)
	}
	if _, err := c.App.Catalog.Facility(c.Ctx, c.Student, 999999); err == nil {
		t.Error("got an unknown facility, want not_found")
	}
}
