package app_test

import (
	"testing"

	"cqshare/app"
	"cqshare/models"
)

func TestCreateUser(t *testing.T) {
	c := newCatalogApp(t)
	org := int64(1)
	tests := []struct {
		name       string
		actor      app.Actor
		in         app.NewUser
		wantCode   string
		wantFields []string
	}{
		{"a manager of two facilities", c.admin, app.NewUser{Email: "New.Manager@Demo.Local", Password: "pass-word-1", Name: "新经理", Role: models.RoleManager,
			OrganizationID: &org, ManagedFacilityIDs: []int64{c.practice, c.other, c.other}}, "", nil},
		{"by a manager", c.manager, app.NewUser{Email: "x@demo.local", Password: "pass-word-1", Name: "x", Role: models.RoleStudent}, "forbidden", nil},
		{"e-mail taken", c.admin, app.NewUser{Email: "student@demo.local", Password: "pass-word-1", Name: "x", Role: models.RoleStudent}, "email_taken", nil},
		{"a student managing", c.admin, app.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleStudent,
			ManagedFacilityIDs: []int64{c.practice}}, "validation_failed", []string{"managed_facility_ids"}},
		{"an unknown facility", c.admin, app.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleManager,
			ManagedFacilityIDs: []int64{999999}}, "validation_failed", []string{"managed_facility_ids"}},
		{"an unknown organization", c.admin, app.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleTeacher,
			OrganizationID: ptrTo(int64(999999))}, "validation_failed", []string{"organization_id"}},
		{"an unknown role", c.admin, app.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: "root"}, "validation_failed", []string{"role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.count(&models.User{}, "1 = 1")
			u, err := c.a.CreateUser(c.ctx, tt.actor, tt.in)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.count(&models.User{}, "1 = 1"); n != before {
					t.Errorf("got %d accounts after a refusal, want %d", n, before)
				}
				return
			}
			v, err := c.a.User(c.ctx, c.admin, u.ID)
			if err != nil || v.Email != "new.manager@demo.local" || len(v.ManagedFacilityIDs) != 2 || v.OrganizationName == nil {
				t.Errorf("got %+v, %v", v, err)
			}
			if n := c.count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action = ?", "user", u.ID, "user.create"); n != 1 {
				t.Errorf("got %d audit records, want 1", n)
			}
		})
	}
}

func TestUpdateUser(t *testing.T) {
	c := newCatalogApp(t)
	teacher := c.actor("teacher@demo.local")
	tests := []struct {
		name       string
		actor      app.Actor
		id         int64
		patch      app.UserPatch
		wantCode   string
		wantFields []string
	}{
		{"by a manager", c.manager, teacher.UserID, app.UserPatch{Name: ptrTo("x")}, "forbidden", nil},
		{"unknown account", c.admin, 999999, app.UserPatch{Name: ptrTo("x")}, "not_found", nil},
		{"admin demotes themself", c.admin, c.admin.UserID, app.UserPatch{Role: ptrTo(models.RoleTeacher)}, "rule_violation", []string{"role"}},
		{"admin deactivates themself", c.admin, c.admin.UserID, app.UserPatch{Active: ptrTo(false)}, "rule_violation", []string{"role"}},
		{"a teacher managing", c.admin, teacher.UserID, app.UserPatch{ManagedFacilityIDs: &[]int64{c.practice}}, "validation_failed", []string{"managed_facility_ids"}},
		{"teacher becomes a manager of a facility", c.admin, teacher.UserID, app.UserPatch{Role: ptrTo(models.RoleManager), ManagedFacilityIDs: &[]int64{c.other}}, "", nil},
		{"and leaves the organization", c.admin, teacher.UserID, app.UserPatch{OrganizationID: ptrTo(int64(0))}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.a.UpdateUser(c.ctx, tt.actor, tt.id, tt.patch)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}
	if ac := c.actor("teacher@demo.local"); ac.Role != models.RoleManager || len(ac.ManagedFacilityIDs) != 1 || ac.ManagedFacilityIDs[0] != c.other || ac.OrganizationID != nil {
		t.Errorf("got %+v, want a manager of %d without an organization", ac, c.other)
	}

	t.Run("a role other than manager ends the facilities managed", func(t *testing.T) {
		v, err := c.a.UpdateUser(c.ctx, c.admin, c.manager.UserID, app.UserPatch{Role: ptrTo(models.RoleTeacher)})
		if err != nil || len(v.ManagedFacilityIDs) != 0 || v.Role != models.RoleTeacher {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	t.Run("deactivating ends the sessions and the sign-in", func(t *testing.T) {
		if _, err := c.a.LoginWithPassword(c.ctx, "student@demo.local", app.DemoPassword, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.a.UpdateUser(c.ctx, c.admin, c.student.UserID, app.UserPatch{Active: ptrTo(false)}); err != nil {
			t.Fatal(err)
		}
		if n := c.count(&models.Session{}, "user_id = ?", c.student.UserID); n != 0 {
			t.Errorf("got %d sessions, want none", n)
		}
		if _, err := c.a.LoginWithPassword(c.ctx, "student@demo.local", app.DemoPassword, "127.0.0.1", "test"); err == nil {
			t.Error("a deactivated account signed in")
		}
	})
	t.Run("list filters", func(t *testing.T) {
		filters := []struct {
			name string
			f    app.UserFilter
			want func(app.UserView) bool
		}{
			{"role", app.UserFilter{Role: models.RoleSME}, func(u app.UserView) bool { return u.Role == models.RoleSME }},
			{"organization", app.UserFilter{OrganizationID: 1}, func(u app.UserView) bool { return u.OrganizationID != nil && *u.OrganizationID == 1 }},
			{"inactive", app.UserFilter{Active: ptrTo(false)}, func(u app.UserView) bool { return !u.Active }},
			{"search", app.UserFilter{Query: "stu00"}, func(u app.UserView) bool { return u.Role == models.RoleStudent }},
		}
		for _, f := range filters {
			got, n, err := c.a.Users(c.ctx, c.admin, f.f, app.NewPage(1, 100))
			if err != nil || n == 0 || int(n) != len(got) {
				t.Fatalf("%s: got %d of %d, %v", f.name, len(got), n, err)
			}
			for _, u := range got {
				if !f.want(u) {
					t.Errorf("%s: got %s", f.name, u.Email)
				}
			}
		}
		if _, _, err := c.a.Users(c.ctx, c.manager, app.UserFilter{}, app.NewPage(1, 10)); err == nil {
			t.Error("a manager listed the accounts")
		}
	})
}
