package app_test

import (
	"testing"

	"cqshare/app"
	"cqshare/models"
)

func TestCreateFacility(t *testing.T) {
	c := newCatalogApp(t)
	mgr := c.actor("mgr.kxc@demo.local")
	valid := func() app.NewFacility {
		return app.NewFacility{ConsortiumID: 1, Kind: models.KindTrainingBase, Name: "新能源汽车维修职工培训基地",
			District: "渝北区", OpeningHours: []models.OpeningInterval{{Weekday: 2, Start: "13:00", End: "17:00"}, {Weekday: 1, Start: "08:00", End: "12:00"}},
			DefaultRules: app.RulesPatch{SlotMinutes: ptrTo(60), MinMinutes: ptrTo(60)}, ManagerIDs: []int64{mgr.UserID, mgr.UserID}}
	}
	tests := []struct {
		name       string
		actor      app.Actor
		change     func(*app.NewFacility)
		wantCode   string
		wantFields []string
	}{
		{"admin", c.admin, func(*app.NewFacility) {}, "", nil},
		{"manager", c.manager, func(*app.NewFacility) {}, "forbidden", nil},
		{"unknown consortium and kind", c.admin, func(in *app.NewFacility) { in.ConsortiumID, in.Kind = 999, "lab" }, "validation_failed", []string{"consortium_id", "kind"}},
		{"unknown time zone", c.admin, func(in *app.NewFacility) { in.TimeZone = "Asia/Chongqing_Typo" }, "validation_failed", []string{"time_zone"}},
		{"the host's zone", c.admin, func(in *app.NewFacility) { in.TimeZone = "Local" }, "validation_failed", []string{"time_zone"}},
		{"overlapping hours", c.admin, func(in *app.NewFacility) {
			in.OpeningHours = append(in.OpeningHours, models.OpeningInterval{Weekday: 1, Start: "11:30", End: "14:00"})
		}, "validation_failed", []string{"opening_hours[2]"}},
		{"bad default rules", c.admin, func(in *app.NewFacility) { in.DefaultRules.MinMinutes = ptrTo(90) }, "validation_failed", []string{"default_rules.min_minutes"}},
		{"a student as manager", c.admin, func(in *app.NewFacility) { in.ManagerIDs = []int64{c.student.UserID} }, "validation_failed", []string{"manager_ids"}},
		{"an unknown manager", c.admin, func(in *app.NewFacility) { in.ManagerIDs = []int64{999999} }, "validation_failed", []string{"manager_ids"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.change(&in)
			before := c.count(&models.Facility{}, "1 = 1")
			v, err := c.a.CreateFacility(c.ctx, tt.actor, in)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.count(&models.Facility{}, "1 = 1"); n != before {
					t.Errorf("got %d facilities after a refusal, want %d", n, before)
				}
				return
			}
			if v.TimeZone != "Asia/Shanghai" || v.OpeningHours.V[0].Weekday != 1 || v.DefaultRules.V.SlotMinutes != 60 ||
				v.DefaultRules.V.MaxMinutes != models.DefaultRules().MaxMinutes {
				t.Errorf("got zone %s, hours %v, rules %+v; want the default zone, hours by weekday, patched defaults", v.TimeZone, v.OpeningHours.V, v.DefaultRules.V)
			}
			if len(v.Managers) != 1 || v.Managers[0].ID != mgr.UserID || v.ConsortiumName == "" {
				t.Errorf("got managers %v, consortium %q", v.Managers, v.ConsortiumName)
			}
		})
	}
}

func TestUpdateFacility(t *testing.T) {
	c := newCatalogApp(t)
	week := []models.OpeningInterval{{Weekday: 1, Start: "09:00", End: "18:00"}}
	tests := []struct {
		name       string
		actor      app.Actor
		id         int64
		patch      app.FacilityPatch
		wantCode   string
		wantFields []string
	}{
		{"manager, opening hours", c.manager, c.practice, app.FacilityPatch{OpeningHours: &week}, "", nil},
		{"manager, default rules", c.manager, c.practice, app.FacilityPatch{DefaultRules: &app.RulesPatch{BufferMinutes: ptrTo(15)}}, "", nil},
		{"manager, another facility", c.manager, c.other, app.FacilityPatch{OpeningHours: &week}, "forbidden", nil},
		{"manager, unknown facility", c.manager, 999999, app.FacilityPatch{OpeningHours: &week}, "not_found", nil},
		{"manager, kind", c.manager, c.practice, app.FacilityPatch{Kind: ptrTo(models.KindTrainingBase)}, "forbidden", nil},
		{"manager, managers", c.manager, c.practice, app.FacilityPatch{ManagerIDs: &[]int64{}}, "forbidden", nil},
		{"student", c.student, c.practice, app.FacilityPatch{Name: ptrTo("x")}, "forbidden", nil},
		{"admin, bad time zone", c.admin, c.practice, app.FacilityPatch{TimeZone: ptrTo("Mars/Olympus")}, "validation_failed", []string{"time_zone"}},
		{"admin, another zone", c.admin, c.other, app.FacilityPatch{TimeZone: ptrTo("Asia/Urumqi")}, "", nil},
		{"admin, hours ending before they start", c.admin, c.practice, app.FacilityPatch{OpeningHours: &[]models.OpeningInterval{{Weekday: 1, Start: "18:00", End: "09:00"}}}, "validation_failed", []string{"opening_hours[0].end"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.a.UpdateFacility(c.ctx, tt.actor, tt.id, tt.patch)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}
	t.Run("only the fields sent change", func(t *testing.T) {
		v, err := c.a.Facility(c.ctx, c.student, c.practice)
		if err != nil {
			t.Fatal(err)
		}
		if len(v.OpeningHours.V) != 1 || v.DefaultRules.V.BufferMinutes != 15 || v.DefaultRules.V.MinLeadMinutes != 60 ||
			v.Name == "" || len(v.Managers) != 1 || v.TimeZone != "Asia/Shanghai" {
			t.Errorf("got %+v", v)
		}
	})
	t.Run("admin replaces the managers", func(t *testing.T) {
		other := c.actor("mgr.nev@demo.local")
		v, err := c.a.UpdateFacility(c.ctx, c.admin, c.practice, app.FacilityPatch{ManagerIDs: &[]int64{other.UserID}})
		if err != nil || len(v.Managers) != 1 || v.Managers[0].ID != other.UserID {
			t.Fatalf("got %v, %v; want only %d", err, v.Managers, other.UserID)
		}
		if ac := c.actor("manager@demo.local"); len(ac.ManagedFacilityIDs) != 1 || ac.ManagedFacilityIDs[0] != c.platform {
			t.Errorf("got the demo manager managing %v, want only %d", ac.ManagedFacilityIDs, c.platform)
		}
	})
}

func TestDeleteFacility(t *testing.T) {
	c := newCatalogApp(t)
	empty, err := c.a.CreateFacility(c.ctx, c.admin, app.NewFacility{ConsortiumID: 2, Kind: models.KindTechPlatform, Name: "空平台"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		actor    app.Actor
		id       int64
		wantCode string
	}{
		{"manager", c.manager, c.practice, "forbidden"},
		{"with resources", c.admin, c.practice, "in_use"},
		{"unknown", c.admin, 999999, "not_found"},
		{"empty", c.admin, empty.ID, ""},
		{"twice", c.admin, empty.ID, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, c.a.DeleteFacility(c.ctx, tt.actor, tt.id), tt.wantCode)
		})
	}
}

func TestFacilityList(t *testing.T) {
	c := newCatalogApp(t)
	tests := []struct {
		name string
		f    app.FacilityFilter
		want int64
	}{
		{"all", app.FacilityFilter{}, 15},
		{"practice centers", app.FacilityFilter{Kind: models.KindPracticeCenter}, 5},
		{"one consortium", app.FacilityFilter{ConsortiumID: 1}, 3},
		{"district", app.FacilityFilter{District: "永川区"}, 2},
		{"search", app.FacilityFilter{Query: "共性技术"}, 5},
		{"nothing", app.FacilityFilter{Query: "不存在的设施"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := c.a.Facilities(c.ctx, c.student, tt.f, app.NewPage(1, 100))
			if err != nil || total != tt.want || int64(len(got)) != tt.want {
				t.Fatalf("got %d (total %d), %v; want %d", len(got), total, err, tt.want)
			}
		})
	}
	got, err := c.a.Facility(c.ctx, c.student, c.practice)
	if err != nil {
		t.Fatal(err)
	}
	if got.ResourceCount < 5 || len(got.Managers) != 1 || got.Managers[0].Name != "李晓峰" || got.ConsortiumLevel != models.LevelNational || len(got.OpeningHours.V) != 6 {
		t.Errorf("got %+v", got)
	}
	if _, err := c.a.Facility(c.ctx, c.student, 999999); err == nil {
		t.Error("got an unknown facility, want not_found")
	}
}
