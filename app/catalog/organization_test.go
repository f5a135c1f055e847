package catalog_test

import (
	"testing"

	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

func TestOrganizations(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	const valid, valid2 = "91350100M000100Y43", "91110000600037341L"
	tests := []struct {
		name       string
		actor      core.Actor
		in         catalog.NewOrganization
		wantCode   string
		wantFields []string
	}{
		{"an SME", c.Admin, catalog.NewOrganization{Name: "重庆测试科技有限公司", Kind: "enterprise", CreditCode: valid, IsSME: true}, "", nil},
		{"a school without a code", c.Admin, catalog.NewOrganization{Name: "重庆某职业学院", Kind: "school"}, "", nil},
		{"a manager", c.Manager, catalog.NewOrganization{Name: "x", Kind: "school"}, "forbidden", nil},
		{"an enterprise without a code", c.Admin, catalog.NewOrganization{Name: "x", Kind: "enterprise"}, "validation_failed", []string{"credit_code"}},
		{"a wrong check character", c.Admin, catalog.NewOrganization{Name: "x", Kind: "enterprise", CreditCode: "91350100M000100Y44"}, "validation_failed", []string{"credit_code"}},
		{"a school with a wrong code", c.Admin, catalog.NewOrganization{Name: "x", Kind: "school", CreditCode: "12345"}, "validation_failed", []string{"credit_code"}},
		{"an SME school", c.Admin, catalog.NewOrganization{Name: "x", Kind: "school", IsSME: true}, "validation_failed", []string{"is_sme"}},
		{"no name, unknown kind", c.Admin, catalog.NewOrganization{Name: " ", Kind: "club"}, "validation_failed", []string{"kind", "name"}},
		{"a code taken", c.Admin, catalog.NewOrganization{Name: "重庆另一家公司", Kind: "enterprise", CreditCode: valid}, "credit_code_taken", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.App.Catalog.CreateOrganization(c.Ctx, tt.actor, tt.in)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}

	school, _, err := c.App.Catalog.Organizations(c.Ctx, c.Student, catalog.OrganizationFilter{Query: "某职业学院"}, core.NewPage(1, 10))
	if err != nil || len(school) != 1 {
		t.Fatalf("got %v, %v; want the new school", school, err)
	}
	id := school[0].ID
	patches := []struct {
		name       string
		patch      catalog.OrganizationPatch
		wantCode   string
		wantFields []string
	}{
		{"becomes an enterprise without a code", catalog.OrganizationPatch{Kind: apptest.Ptr("enterprise")}, "validation_failed", []string{"credit_code"}},
		{"becomes an enterprise with a taken code", catalog.OrganizationPatch{Kind: apptest.Ptr("enterprise"), CreditCode: apptest.Ptr(valid)}, "credit_code_taken", nil},
		{"becomes an SME enterprise", catalog.OrganizationPatch{Kind: apptest.Ptr("enterprise"), CreditCode: apptest.Ptr(valid2), IsSME: apptest.Ptr(true)}, "", nil},
		{"an enterprise drops its code", catalog.OrganizationPatch{CreditCode: apptest.Ptr("")}, "validation_failed", []string{"credit_code"}},
		{"renamed", catalog.OrganizationPatch{NameEn: apptest.Ptr("Some Vocational College")}, "", nil},
	}
	for _, tt := range patches {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.App.Catalog.UpdateOrganization(c.Ctx, c.Admin, id, tt.patch)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
		})
	}
	o, err := c.App.Catalog.Organization(c.Ctx, c.Student, id)
	if err != nil || o.Kind != "enterprise" || !o.IsSME || o.CreditCode == nil || *o.CreditCode != valid2 || o.NameEn != "Some Vocational College" || o.Name != "重庆某职业学院" {
		t.Errorf("got %+v, %v", o, err)
	}
	if _, err := c.App.Catalog.UpdateOrganization(c.Ctx, c.Admin, 999999, catalog.OrganizationPatch{}); err == nil {
		t.Error("got an update of an unknown organization, want not_found")
	}

	smes, n, err := c.App.Catalog.Organizations(c.Ctx, c.Student, catalog.OrganizationFilter{Kind: "enterprise", SME: apptest.Ptr(true)}, core.NewPage(1, 100))
	if err != nil || n < 10 || int(n) != len(smes) {
		t.Fatalf("got %d SMEs, %v", n, err)
	}
	for _, o := range smes {
		if !o.IsSME || o.CreditCode == nil || !catalog.ValidCreditCode(*o.CreditCode) {
			t.Errorf("got %s %v %v, want an SME with a valid credit code", o.Name, o.IsSME, o.CreditCode)
		}
	}
	if got, _, _ := c.App.Catalog.Organizations(c.Ctx, c.Student, catalog.OrganizationFilter{Query: valid}, core.NewPage(1, 10)); len(got) != 1 {
		t.Errorf("got %d for a credit code search, want 1", len(got))
	}
}

func TestClustersAndQualifications(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	all, total, err := c.App.Catalog.Clusters(c.Ctx, c.Student, core.NewPage(1, 100))
	if err != nil || total != 12 || len(all) != 12 {
		t.Fatalf("got %d clusters, %v; want 12", total, err)
	}
	if page, _, _ := c.App.Catalog.Clusters(c.Ctx, c.Student, core.NewPage(3, 5)); len(page) != 2 || page[0].ID != all[10].ID {
		t.Errorf("got %d on the third page of 5, want the last 2", len(page))
	}
	tests := []struct {
		name       string
		err        func() error
		wantCode   string
		wantFields []string
	}{
		{"add a cluster", func() error {
			_, err := c.App.Catalog.CreateCluster(c.Ctx, c.Admin, catalog.NewCluster{Code: "star_chips", Name: "“新星”产业集群：功率半导体", Tier: models.TierHundredBillion})
			return err
		}, "", nil},
		{"add it twice", func() error {
			_, err := c.App.Catalog.CreateCluster(c.Ctx, c.Admin, catalog.NewCluster{Code: "star_chips", Name: "x", Tier: models.TierHundredBillion})
			return err
		}, "code_taken", nil},
		{"a bad code and tier", func() error {
			_, err := c.App.Catalog.CreateCluster(c.Ctx, c.Admin, catalog.NewCluster{Code: "Star Chips", Name: "x", Tier: "billion"})
			return err
		}, "validation_failed", []string{"code", "tier"}},
		{"a manager adds one", func() error {
			_, err := c.App.Catalog.CreateCluster(c.Ctx, c.Manager, catalog.NewCluster{Code: "x", Name: "x", Tier: models.TierTrillion})
			return err
		}, "forbidden", nil},
		{"rename a cluster", func() error {
			_, err := c.App.Catalog.UpdateCluster(c.Ctx, c.Admin, all[0].ID, catalog.ClusterPatch{NameEn: apptest.Ptr("ICV and NEV")})
			return err
		}, "", nil},
		{"an unknown cluster", func() error {
			_, err := c.App.Catalog.UpdateCluster(c.Ctx, c.Admin, 999999, catalog.ClusterPatch{NameEn: apptest.Ptr("x")})
			return err
		}, "not_found", nil},
		{"add a qualification", func() error {
			_, err := c.App.Catalog.CreateQualification(c.Ctx, c.Admin, catalog.NewQualification{Code: "crane", Name: "起重机械操作证", ValidMonths: 48})
			return err
		}, "", nil},
		{"a qualification code taken", func() error {
			_, err := c.App.Catalog.CreateQualification(c.Ctx, c.Admin, catalog.NewQualification{Code: "crane", Name: "x"})
			return err
		}, "code_taken", nil},
		{"a qualification for 20 years", func() error {
			_, err := c.App.Catalog.UpdateQualification(c.Ctx, c.Admin, 1, catalog.QualificationPatch{ValidMonths: apptest.Ptr(240)})
			return err
		}, "validation_failed", []string{"valid_months"}},
		{"a student adds a qualification", func() error {
			_, err := c.App.Catalog.CreateQualification(c.Ctx, c.Student, catalog.NewQualification{Code: "x", Name: "x"})
			return err
		}, "forbidden", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { apptest.CheckErr(t, tt.err(), tt.wantCode, tt.wantFields...) })
	}
	if got, _ := c.App.Catalog.Resource(c.Ctx, c.Student, c.resource(c.Practice, "cnc").ID); got.Cluster == nil || got.Cluster.Name == "" {
		t.Errorf("got cluster %+v on a resource", got.Cluster)
	}
	if qs, n, err := c.App.Catalog.Qualifications(c.Ctx, c.Student, core.NewPage(1, 100)); err != nil || n != 8 || len(qs) != 8 {
		t.Errorf("got %d qualifications, %v; want the 7 seeded and 1 added", n, err)
	}
}

// An administrator verifies an organization's credit code; a new code is unverified again, and
// an organization without a code cannot be verified.
func TestOrganizationVerification(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	ent, err := c.App.Catalog.CreateOrganization(c.Ctx, c.Admin, catalog.NewOrganization{Name: "重庆认证测试有限公司", Kind: "enterprise",
		CreditCode: "91350100M000100Y43", IsSME: true})
	if err != nil {
		t.Fatal(err)
	}
	school, err := c.App.Catalog.CreateOrganization(c.Ctx, c.Admin, catalog.NewOrganization{Name: "重庆认证测试学院", Kind: "school"})
	if err != nil {
		t.Fatal(err)
	}
	verify := func(id int64, v bool) (models.Organization, error) {
		return c.App.Catalog.UpdateOrganization(c.Ctx, c.Admin, id, catalog.OrganizationPatch{Verified: &v})
	}
	_, err = verify(school.ID, true)
	apptest.CheckErr(t, err, "validation_failed", "verified")
	_, err = c.App.Catalog.UpdateOrganization(c.Ctx, c.Manager, ent.ID, catalog.OrganizationPatch{Verified: apptest.Ptr(true)})
	apptest.CheckErr(t, err, "forbidden")

	o, err := verify(ent.ID, true)
	if err != nil || o.VerifiedAt == nil || o.VerifiedBy == nil || *o.VerifiedBy != c.Admin.UserID {
		t.Fatalf("verified: %+v, %v", o, err)
	}
	first := *o.VerifiedAt
	if o, err = verify(ent.ID, true); err != nil || !o.VerifiedAt.Equal(first) {
		t.Errorf("verified again: %+v, %v; want the first check kept", o, err)
	}
	// A rename keeps the check; a new code withdraws it.
	if o, err = c.App.Catalog.UpdateOrganization(c.Ctx, c.Admin, ent.ID, catalog.OrganizationPatch{NameEn: apptest.Ptr("Verified Ltd")}); err != nil || o.VerifiedAt == nil {
		t.Errorf("renamed: %+v, %v; want still verified", o, err)
	}
	if o, err = c.App.Catalog.UpdateOrganization(c.Ctx, c.Admin, ent.ID, catalog.OrganizationPatch{CreditCode: apptest.Ptr("91110000600037341L")}); err != nil || o.VerifiedAt != nil || o.VerifiedBy != nil {
		t.Errorf("new code: %+v, %v; want unverified", o, err)
	}
	if _, err = verify(ent.ID, true); err != nil {
		t.Fatal(err)
	}
	if o, err = verify(ent.ID, false); err != nil || o.VerifiedAt != nil {
		t.Errorf("withdrawn: %+v, %v", o, err)
	}
	stored, err := c.App.Catalog.Organization(c.Ctx, c.Student, ent.ID)
	if err != nil || stored.VerifiedAt != nil {
		t.Errorf("stored: %+v, %v; want unverified", stored, err)
	}
}
