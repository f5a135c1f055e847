package accounts_test

import (
	"fmt"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/seed"
	"cqshare/models"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	org := int64(1)
	tests := []struct {
		name       string
		actor      core.Actor
		in         accounts.NewUser
		wantCode   string
		wantFields []string
	}{
		{"a manager of two facilities", c.Admin, accounts.NewUser{Email: "New.Manager@Demo.Local", Password: "pass-word-1", Name: "新经理", Role: models.RoleManager,
			OrganizationID: &org, ManagedFacilityIDs: []int64{c.Practice, c.Other, c.Other}}, "", nil},
		{"by a manager", c.Manager, accounts.NewUser{Email: "x@demo.local", Password: "pass-word-1", Name: "x", Role: models.RoleStudent}, "forbidden", nil},
		{"e-mail taken", c.Admin, accounts.NewUser{Email: "student@demo.local", Password: "pass-word-1", Name: "x", Role: models.RoleStudent}, "email_taken", nil},
		{"a student managing", c.Admin, accounts.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleStudent,
			ManagedFacilityIDs: []int64{c.Practice}}, "validation_failed", []string{"managed_facility_ids"}},
		{"an unknown facility", c.Admin, accounts.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleManager,
			ManagedFacilityIDs: []int64{999999}}, "validation_failed", []string{"managed_facility_ids"}},
		{"an unknown organization", c.Admin, accounts.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: models.RoleTeacher,
			OrganizationID: apptest.Ptr(int64(999999))}, "validation_failed", []string{"organization_id"}},
		{"an unknown role", c.Admin, accounts.NewUser{Email: "y@demo.local", Password: "pass-word-1", Name: "y", Role: "root"}, "validation_failed", []string{"role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.Count(&models.User{}, "1 = 1")
			u, err := c.App.Accounts.CreateUser(c.Ctx, tt.actor, tt.in)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.Count(&models.User{}, "1 = 1"); n != before {
					t.Errorf("got %d accounts after a refusal, want %d", n, before)
				}
				return
			}
			v, err := c.App.Accounts.User(c.Ctx, c.Admin, u.ID)
			if err != nil || v.Email != "new.manager@demo.local" || len(v.ManagedFacilityIDs) != 2 || v.OrganizationName == nil {
				t.Errorf("got %+v, %v", v, err)
			}
			if n := c.Count(&models.AuditLog{}, "object_type = ? AND object_id = ? AND action = ?", "user", u.ID, "user.create"); n != 1 {
				t.Errorf("got %d audit records, want 1", n)
			}
		})
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	teacher := c.Actor("teacher@demo.local")
	tests := []struct {
		name       string
		actor      core.Actor
		id         int64
		patch      accounts.UserPatch
		wantCode   string
		wantFields []string
	}{
		{"by a manager", c.Manager, teacher.UserID, accounts.UserPatch{Name: apptest.Ptr("x")}, "forbidden", nil},
		{"unknown account", c.Admin, 999999, accounts.UserPatch{Name: apptest.Ptr("x")}, "not_found", nil},
		{"admin demotes themself", c.Admin, c.Admin.UserID, accounts.UserPatch{Role: apptest.Ptr(models.RoleTeacher)}, "rule_violation", []string{"role"}},
		{"admin deactivates themself", c.Admin, c.Admin.UserID, accounts.UserPatch{Active: apptest.Ptr(false)}, "rule_violation", []string{"role"}},
		{"a teacher managing", c.Admin, teacher.UserID, accounts.UserPatch{ManagedFacilityIDs: &[]int64{c.Practice}}, "validation_failed", []string{"managed_facility_ids"}},
		{"teacher becomes a manager of a facility", c.Admin, teacher.UserID, accounts.UserPatch{Role: apptest.Ptr(models.RoleManager), ManagedFacilityIDs: &[]int64{c.Other}}, "", nil},
		{"and leaves the organization", c.Admin, teacher.UserID, accounts.UserPatch{OrganizationID: apptest.Ptr(int64(0))}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.App.Accounts.UpdateUser(c.Ctx, tt.actor, tt.id, tt.patch)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}
	if ac := c.Actor("teacher@demo.local"); ac.Role != models.RoleManager || len(ac.ManagedFacilityIDs) != 1 || ac.ManagedFacilityIDs[0] != c.Other || ac.OrganizationID != nil {
		t.Errorf("got %+v, want a manager of %d without an organization", ac, c.Other)
	}

	t.Run("a role other than manager ends the facilities managed", func(t *testing.T) {
		v, err := c.App.Accounts.UpdateUser(c.Ctx, c.Admin, c.Manager.UserID, accounts.UserPatch{Role: apptest.Ptr(models.RoleTeacher)})
		if err != nil || len(v.ManagedFacilityIDs) != 0 || v.Role != models.RoleTeacher {
			t.Fatalf("got %+v, %v", v, err)
		}
	})
	t.Run("deactivating ends the sessions and the sign-in", func(t *testing.T) {
		if _, err := c.App.Accounts.LoginWithPassword(c.Ctx, "student@demo.local", seed.DemoPassword, "127.0.0.1", "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.App.Accounts.UpdateUser(c.Ctx, c.Admin, c.Student.UserID, accounts.UserPatch{Active: apptest.Ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if n := c.Count(&models.Session{}, "user_id = ?", c.Student.UserID); n != 0 {
			t.Errorf("got %d sessions, want none", n)
		}
		if _, err := c.App.Accounts.LoginWithPassword(c.Ctx, "student@demo.local", seed.DemoPassword, "127.0.0.1", "test"); err == nil {
			t.Error("a deactivated account signed in")
		}
	})
	t.Run("list filters", func(t *testing.T) {
		filters := []struct {
			name string
			f    accounts.UserFilter
			want func(accounts.UserView) bool
		}{
			{"role", accounts.UserFilter{Role: models.RoleSME}, func(u accounts.UserView) bool { return u.Role == models.RoleSME }},
			{"organization", accounts.UserFilter{OrganizationID: 1}, func(u accounts.UserView) bool { return u.OrganizationID != nil && *u.OrganizationID == 1 }},
			{"inactive", accounts.UserFilter{Active: apptest.Ptr(false)}, func(u accounts.UserView) bool { return !u.Active }},
			{"search", accounts.UserFilter{Query: "stu00"}, func(u accounts.UserView) bool { return u.Role == models.RoleStudent }},
		}
		for _, f := range filters {
			got, n, err := c.App.Accounts.Users(c.Ctx, c.Admin, f.f, core.NewPage(1, 100))
			if err != nil || n == 0 || int(n) != len(got) {
				t.Fatalf("%s: got %d of %d, %v", f.name, len(got), n, err)
			}
			for _, u := range got {
				if !f.want(u) {
					t.Errorf("%s: got %s", f.name, u.Email)
				}
			}
		}
		if _, _, err := c.App.Accounts.Users(c.Ctx, c.Manager, accounts.UserFilter{}, core.NewPage(1, 10)); err == nil {
			t.Error("a manager listed the accounts")
		}
	})
}

// TestUserListQueries: the user list costs the same few SQL statements for a page of 1 as for
// a page of 50 (managed facilities are loaded in one batch, never one query per row).
func TestUserListQueries(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	counts := make([]int, 2)
	for i, size := range []int{1, 50} {
		n := c.CountStatements()
		if _, _, err := c.App.Accounts.Users(c.Ctx, c.Admin, accounts.UserFilter{}, core.NewPage(1, size)); err != nil {
			t.Fatal(err)
		}
		counts[i] = n()
	}
	if counts[0] != counts[1] || counts[1] > 5 {
		t.Errorf("got %d statements for one row and %d for 50, want the same few", counts[0], counts[1])
	}
}

// TestSMEUserOrganization: an SME user an administrator creates, or makes one, belongs to an
// enterprise, as one who registers does; other accounts may belong to any organization or none.
func TestSMEUserOrganization(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	enterprise := c.Actor("sme@demo.local").OrganizationID
	school := c.Actor("student@demo.local").OrganizationID
	if enterprise == nil || school == nil {
		t.Fatal("the demo SME user and student have no organization")
	}
	n := 0
	user := func(role string, org *int64) accounts.NewUser {
		n++
		return accounts.NewUser{Email: fmt.Sprintf("org%d@demo.local", n), Password: "pass-word-1", Name: "用户", Role: role, OrganizationID: org}
	}
	tests := []struct {
		name     string
		in       accounts.NewUser
		wantCode string
	}{
		{"an SME user without an organization", user(models.RoleSME, nil), "validation_failed"},
		{"an SME user of a school", user(models.RoleSME, school), "validation_failed"},
		{"an SME user of an enterprise", user(models.RoleSME, enterprise), ""},
		{"a teacher of a school", user(models.RoleTeacher, school), ""},
		{"a student without one", user(models.RoleStudent, nil), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := c.App.Accounts.CreateUser(c.Ctx, c.Admin, tt.in)
			if tt.wantCode != "" {
				apptest.CheckErr(t, err, tt.wantCode, "organization_id")
				if got := c.Count(&models.User{}, "email = ?", tt.in.Email); got != 0 {
					t.Errorf("got %d accounts after a refusal, want none", got)
				}
				return
			}
			v, err := c.App.Accounts.User(c.Ctx, c.Admin, u.ID)
			if err != nil || (tt.in.OrganizationID == nil) != (v.OrganizationID == nil) ||
				(v.OrganizationID != nil && *v.OrganizationID != *tt.in.OrganizationID) {
				t.Errorf("got %+v, %v; want organization %v", v.User, err, tt.in.OrganizationID)
			}
		})
	}

	t.Run("a change of role or organization is checked", func(t *testing.T) {
		teacher, err := c.App.Accounts.CreateUser(c.Ctx, c.Admin, user(models.RoleTeacher, school))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.App.Accounts.UpdateUser(c.Ctx, c.Admin, teacher.ID, accounts.UserPatch{Role: apptest.Ptr(models.RoleSME)})
		apptest.CheckErr(t, err, "validation_failed", "organization_id")
		_, err = c.App.Accounts.UpdateUser(c.Ctx, c.Admin, teacher.ID, accounts.UserPatch{Role: apptest.Ptr(models.RoleSME), OrganizationID: enterprise})
		apptest.CheckErr(t, err, "")
		_, err = c.App.Accounts.UpdateUser(c.Ctx, c.Admin, teacher.ID, accounts.UserPatch{OrganizationID: apptest.Ptr(int64(0))})
		apptest.CheckErr(t, err, "validation_failed", "organization_id")
		if v, _ := c.App.Accounts.User(c.Ctx, c.Admin, teacher.ID); v.Role != models.RoleSME || v.OrganizationID == nil || *v.OrganizationID != *enterprise {
			t.Errorf("got role %s of organization %v, want an SME user of %d", v.Role, v.OrganizationID, *enterprise)
		}
	})
}
