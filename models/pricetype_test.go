package models_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

// TestPriceTypeOf: the one classification of users at a facility's consortium, by the user's
// role, their organization's SME flag and its consortium memberships; one user at a time and
// many in one query agree.
func TestPriceTypeOf(t *testing.T) {
	t.Parallel()
	f := apptest.NewFixture(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	fac := f.Facility("Asia/Shanghai")
	other := f.Facility("Asia/Shanghai") // another consortium
	org := func(sme bool, consortia ...int64) *int64 {
		o := models.Organization{Name: fmt.Sprintf("单位 %d", len(consortia)), Kind: "enterprise", IsSME: sme,
			CreatedAt: f.Clock.Now(), UpdatedAt: f.Clock.Now()}
		f.Must(f.DB.W(f.Ctx).Create(&o).Error)
		for _, c := range consortia {
			f.Must(f.DB.W(f.Ctx).Create(&models.ConsortiumMember{ConsortiumID: c, OrganizationID: o.ID, Role: "member"}).Error)
		}
		return &o.ID
	}
	tests := []struct {
		name string
		role string
		org  *int64
		want models.PriceType
	}{
		{"no organization", models.RoleStudent, nil, models.PriceExternal},
		{"member of the facility's consortium", models.RoleStudent, org(false, fac.ConsortiumID), models.PriceInternal},
		{"member of both consortia", models.RoleTeacher, org(false, other.ConsortiumID, fac.ConsortiumID), models.PriceInternal},
		{"member of another consortium", models.RoleTeacher, org(false, other.ConsortiumID), models.PriceMember},
		{"organization in no consortium", models.RoleStudent, org(false), models.PriceExternal},
		{"SME organization in the consortium", models.RoleStudent, org(true, fac.ConsortiumID), models.PriceExternal},
		{"SME user of a member organization", models.RoleSME, org(false, fac.ConsortiumID), models.PriceExternal},
	}
	var ids []int64
	want := map[int64]models.PriceType{}
	for _, tt := range tests {
		u := f.User(tt.role)
		f.Must(f.DB.W(f.Ctx).Model(&models.User{}).Where("id = ?", u.UserID).Update("organization_id", tt.org).Error)
		ids, want[u.UserID] = append(ids, u.UserID), tt.want
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.DB.PriceTypeOf(f.Ctx, u.UserID, fac.ConsortiumID)
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
			if got.IncomeType() != map[bool]string{true: models.IncomeInternal, false: models.IncomeExternal}[tt.want == models.PriceInternal] {
				t.Errorf("income type %q for %q", got.IncomeType(), got)
			}
		})
	}
	all, err := f.DB.PriceTypesOf(f.Ctx, append(ids, 999999), fac.ConsortiumID)
	f.Must(err)
	if len(all) != len(want) {
		t.Fatalf("got %d price types, want %d (a missing user is absent)", len(all), len(want))
	}
	for id, w := range want {
		if all[id] != w {
			t.Errorf("user %d: got %q in the set query, want %q", id, all[id], w)
		}
	}
	if _, err := f.DB.PriceTypeOf(f.Ctx, 999999, fac.ConsortiumID); !models.IsNotFound(err) {
		t.Errorf("missing user: got %v, want not found", err)
	}
}
