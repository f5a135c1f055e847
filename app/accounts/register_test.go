package accounts_test

import (
	"fmt"
	"testing"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// newCreditCode is a valid unified social credit code no organization has.
func newCreditCode(t *testing.T) string {
	t.Helper()
	base := "91500000MA6TE7T01"
	check, ok := catalog.CreditCodeCheckChar(base)
	if !ok {
		t.Fatalf("no check character for %s", base)
	}
	return base + string(check)
}

// TestSelfRegistrationWaitsForApproval: a student is signed in at once; a teacher, an SME user
// and a new member of an existing organization (SME or not) wait, inactive and unable to sign
// in, until an administrator approves; a rejected registration is removed. Before, anyone was
// a teacher, or a member of any organization whose credit code they knew, at once.
func TestSelfRegistrationWaitsForApproval(t *testing.T) {
	t.Parallel()
	c := apptest.NewDemo(t)
	var school models.Organization // an existing enterprise that is not an SME
	c.Must(c.DB.R(c.Ctx).Where("credit_code IS NOT NULL AND is_sme = ?", false).Order("id").First(&school).Error)
	register := func(email, role, orgName, code string) (accounts.Login, error) {
		return c.App.Accounts.Register(c.Ctx, accounts.RegisterInput{Email: email, Password: password, Name: "新用户", Role: role,
			OrganizationName: orgName, CreditCode: code}, "192.0.2.1", "test")
	}
	tests := []struct {
		name, email, role, orgName, code string
		wantPending                      bool
		wantOrg                          int64 // the organization joined; -1 a new one
	}{
		{"a student", "new.student@test.local", models.RoleStudent, "", "", false, 0},
		{"a teacher", "new.teacher@test.local", models.RoleTeacher, "", "", true, 0},
		{"an SME user of a new organization", "new.sme@test.local", models.RoleSME, "重庆新创精密有限公司", newCreditCode(t), true, -1},
		{"a new member of an existing enterprise", "joiner@test.local", models.RoleSME, "随便写的名字", *school.CreditCode, true, school.ID},
	}
	ids := map[string]int64{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login, err := register(tt.email, tt.role, tt.orgName, tt.code)
			if err != nil {
				t.Fatal(err)
			}
			u, err := c.DB.UserByEmail(c.Ctx, tt.email)
			c.Must(err)
			ids[tt.email] = u.ID
			sessions := c.Count(&models.Session{}, "user_id = ?", u.ID)
			if login.Pending != tt.wantPending || u.Pending != tt.wantPending || u.Active == tt.wantPending ||
				(login.Token == "") != tt.wantPending || (sessions == 0) != tt.wantPending {
				t.Errorf("got pending %v (stored %v, active %v), token %q, %d sessions; want pending %v",
					login.Pending, u.Pending, u.Active, login.Token, sessions, tt.wantPending)
			}
			switch {
			case tt.wantOrg > 0 && (u.OrganizationID == nil || *u.OrganizationID != tt.wantOrg):
				t.Errorf("got organization %v, want %d", u.OrganizationID, tt.wantOrg)
			case tt.wantOrg < 0 && (u.OrganizationID == nil || *u.OrganizationID == school.ID):
				t.Errorf("got organization %v, want a new one", u.OrganizationID)
			}
			if !tt.wantPending {
				return
			}
			_, err = c.App.Accounts.LoginWithPassword(c.Ctx, tt.email, password, "192.0.2.1", "test")
			apptest.CheckErr(t, err, "account_pending")
			_, err = c.App.Accounts.LoginWithPassword(c.Ctx, tt.email, "wrong-pass-1", "192.0.2.1", "test")
			apptest.CheckErr(t, err, "invalid_credentials") // the wrong password learns nothing
		})
	}

	t.Run("administrators see the waiting accounts", func(t *testing.T) {
		got, n, err := c.App.Accounts.Users(c.Ctx, c.Admin, accounts.UserFilter{Pending: apptest.Ptr(true)}, core.NewPage(1, 100))
		if err != nil || n != 3 {
			t.Fatalf("got %d, %v, want the 3 waiting registrations", n, err)
		}
		for _, u := range got {
			if !u.Pending || u.Active {
				t.Errorf("got %s pending %v active %v", u.Email, u.Pending, u.Active)
			}
		}
	})
	teacher, joiner := ids["new.teacher@test.local"], ids["joiner@test.local"]
	steps := []struct {
		name     string
		do       func() error
		wantCode string
	}{
		{"switching a waiting account on", func() error {
			_, err := c.App.Accounts.UpdateUser(c.Ctx, c.Admin, teacher, accounts.UserPatch{Active: apptest.Ptr(true)})
			return err
		}, "rule_violation"},
		{"a manager approves", func() error { _, err := c.App.Accounts.ApproveUser(c.Ctx, c.Manager, teacher); return err }, "forbidden"},
		{"an administrator approves", func() error {
			v, err := c.App.Accounts.ApproveUser(c.Ctx, c.Admin, teacher)
			if err == nil && (v.Pending || !v.Active) {
				return fmt.Errorf("got pending %v active %v", v.Pending, v.Active)
			}
			return err
		}, ""},
		{"the teacher signs in", func() error {
			_, err := c.App.Accounts.LoginWithPassword(c.Ctx, "new.teacher@test.local", password, "192.0.2.1", "test")
			return err
		}, ""},
		{"approved twice", func() error { _, err := c.App.Accounts.ApproveUser(c.Ctx, c.Admin, teacher); return err }, "invalid_transition"},
		{"rejecting an active account", func() error { return c.App.Accounts.RejectUser(c.Ctx, c.Admin, c.Student.UserID) }, "invalid_transition"},
		{"rejecting an unknown account", func() error { return c.App.Accounts.RejectUser(c.Ctx, c.Admin, 999999) }, "not_found"},
		{"a manager rejects", func() error { return c.App.Accounts.RejectUser(c.Ctx, c.Manager, joiner) }, "forbidden"},
		{"an administrator rejects the joiner", func() error { return c.App.Accounts.RejectUser(c.Ctx, c.Admin, joiner) }, ""},
		{"the address may register again", func() error {
			_, err := register("joiner@test.local", models.RoleSME, "重庆某公司", *school.CreditCode)
			return err
		}, ""},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) { apptest.CheckErr(t, st.do(), st.wantCode) })
	}
	for action, id := range map[string]int64{"user.approve": teacher, "user.reject": joiner} {
		if n := c.Count(&models.AuditLog{}, "action = ? AND object_id = ?", action, id); n != 1 {
			t.Errorf("got %d %s records, want 1", n, action)
		}
	}
	if n := c.Count(&models.User{}, "id = ?", joiner); n != 0 {
		t.Errorf("the rejected account is still there")
	}
}

// TestRegistrationIsLimitedPerAddress: one address registers 20 accounts, then waits.
func TestRegistrationIsLimitedPerAddress(t *testing.T) {
	t.Parallel()
	f := limitedFixture(t)
	register := func(i int, ip string) error {
		_, err := f.App.Accounts.Register(f.Ctx, accounts.RegisterInput{Email: fmt.Sprintf("s%d@test.local", i), Password: password, Name: "x"}, ip, "test")
		return err
	}
	for i := range 20 {
		f.Must(register(i, "192.0.2.1"))
	}
	apptest.CheckErr(t, register(20, "192.0.2.1"), "rate_limited")
	apptest.CheckErr(t, register(21, "192.0.2.2"), "")
	if n := f.Count(&models.User{}, "email = ?", "s20@test.local"); n != 0 {
		t.Error("the refused registration made an account")
	}
}
