package catalog_test

import (
	"testing"

	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// leads returns the organizations with the lead role in a consortium.
func leads(d catalog.ConsortiumDetail) []int64 {
	var out []int64
	for _, m := range d.Members {
		if m.Role == models.MemberLead {
			out = append(out, m.OrganizationID)
		}
	}
	return out
}

func TestCreateConsortium(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	tests := []struct {
		name       string
		actor      core.Actor
		in         catalog.NewConsortium
		wantCode   string
		wantFields []string
	}{
		{"admin with lead, members and clusters", c.Admin, catalog.NewConsortium{Name: "重庆市生物医药产教联合体", Level: models.LevelMunicipal,
			LeadOrganizationID: apptest.Ptr(int64(2)), Clusters: []string{"biomedicine", "biomedicine"},
			Members: []catalog.MemberInput{{OrganizationID: 3, Role: models.MemberMember}}}, "", nil},
		{"lead named among the members", c.Admin, catalog.NewConsortium{Name: "永川食品产教联合体", Level: models.LevelParkLed,
			Members: []catalog.MemberInput{{OrganizationID: 5, Role: models.MemberLead}, {OrganizationID: 6, Role: models.MemberMember}}}, "", nil},
		{"manager", c.Manager, catalog.NewConsortium{Name: "x", Level: models.LevelMunicipal}, "forbidden", nil},
		{"name taken", c.Admin, catalog.NewConsortium{Name: "渝铝轻合金材料产教联合体", Level: models.LevelMunicipal}, "name_taken", nil},
		{"unknown level", c.Admin, catalog.NewConsortium{Name: "x", Level: "provincial"}, "validation_failed", []string{"level"}},
		{"unknown cluster", c.Admin, catalog.NewConsortium{Name: "x", Level: models.LevelMunicipal, Clusters: []string{"steel"}}, "validation_failed", []string{"clusters"}},
		{"unknown lead", c.Admin, catalog.NewConsortium{Name: "x", Level: models.LevelMunicipal, LeadOrganizationID: apptest.Ptr(int64(99999))}, "validation_failed", []string{"lead_organization_id"}},
		{"two leads", c.Admin, catalog.NewConsortium{Name: "x", Level: models.LevelMunicipal,
			Members: []catalog.MemberInput{{OrganizationID: 1, Role: models.MemberLead}, {OrganizationID: 2, Role: models.MemberLead}}}, "validation_failed", []string{"members"}},
		{"member twice and a bad role", c.Admin, catalog.NewConsortium{Name: "x", Level: models.LevelMunicipal,
			Members: []catalog.MemberInput{{OrganizationID: 1, Role: "chair"}, {OrganizationID: 1, Role: models.MemberMember}}}, "validation_failed",
			[]string{"members[0].role", "members[1].organization_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.Count(&models.Consortium{}, "1 = 1")
			d, err := c.App.Catalog.CreateConsortium(c.Ctx, tt.actor, tt.in)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.Count(&models.Consortium{}, "1 = 1"); n != before {
					t.Errorf("got %d consortia after a refusal, want %d", n, before)
				}
				return
			}
			if l := leads(d); len(l) != 1 || d.LeadOrganizationID == nil || l[0] != *d.LeadOrganizationID || d.Members[0].Role != models.MemberLead {
				t.Errorf("got leads %v, lead %v, first member %+v; want one lead, listed first", l, d.LeadOrganizationID, d.Members[0])
			}
			if len(d.Members) != 2 || int(d.MemberCount) != len(d.Members) {
				t.Errorf("got %d members (count %d), want 2", len(d.Members), d.MemberCount)
			}
		})
	}
}

func TestConsortiumMembers(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	d, err := c.App.Catalog.Consortium(c.Ctx, c.Student, 1)
	if err != nil {
		t.Fatal(err)
	}
	oldLead := *d.LeadOrganizationID
	newLead := d.Members[1].OrganizationID

	d, err = c.App.Catalog.SetConsortiumMember(c.Ctx, c.Admin, 1, newLead, models.MemberLead)
	if err != nil {
		t.Fatal(err)
	}
	if l := leads(d); len(l) != 1 || l[0] != newLead || *d.LeadOrganizationID != newLead {
		t.Fatalf("got leads %v and lead %v, want only %d", l, *d.LeadOrganizationID, newLead)
	}
	d, err = c.App.Catalog.SetConsortiumMember(c.Ctx, c.Admin, 1, 30, models.MemberMember) // a new member
	if err != nil || int(d.MemberCount) != len(d.Members) {
		t.Fatalf("got %v, %d members", err, d.MemberCount)
	}
	apptest.CheckErr(t, c.App.Catalog.RemoveConsortiumMember(c.Ctx, c.Admin, 1, newLead), "")
	d, _ = c.App.Catalog.Consortium(c.Ctx, c.Admin, 1)
	if d.LeadOrganizationID != nil || len(leads(d)) != 0 {
		t.Errorf("got lead %v after removing it, want none", d.LeadOrganizationID)
	}
	d, err = c.App.Catalog.UpdateConsortium(c.Ctx, c.Admin, 1, catalog.ConsortiumPatch{LeadOrganizationID: &oldLead, Clusters: &[]string{"software"}})
	if err != nil || *d.LeadOrganizationID != oldLead || len(d.Clusters) != 1 || d.Clusters[0].Code != "software" {
		t.Fatalf("got %v, lead %v, clusters %v", err, d.LeadOrganizationID, d.Clusters)
	}

	tests := []struct {
		name     string
		err      error
		wantCode string
	}{
		{"member by a manager", func() error {
			_, err := c.App.Catalog.SetConsortiumMember(c.Ctx, c.Manager, 1, 2, "member")
			return err
		}(), "forbidden"},
		{"bad role", func() error { _, err := c.App.Catalog.SetConsortiumMember(c.Ctx, c.Admin, 1, 2, "chair"); return err }(), "validation_failed"},
		{"unknown organization", func() error {
			_, err := c.App.Catalog.SetConsortiumMember(c.Ctx, c.Admin, 1, 99999, "member")
			return err
		}(), "not_found"},
		{"unknown consortium", func() error {
			_, err := c.App.Catalog.SetConsortiumMember(c.Ctx, c.Admin, 99999, 2, "member")
			return err
		}(), "not_found"},
		{"remove a non-member", c.App.Catalog.RemoveConsortiumMember(c.Ctx, c.Admin, 1, newLead), "not_found"},
		{"delete with facilities", c.App.Catalog.DeleteConsortium(c.Ctx, c.Admin, 1), "in_use"},
		{"delete by a manager", c.App.Catalog.DeleteConsortium(c.Ctx, c.Manager, 1), "forbidden"},
		{"rename to a taken name", func() error {
			_, err := c.App.Catalog.UpdateConsortium(c.Ctx, c.Admin, 1, catalog.ConsortiumPatch{Name: apptest.Ptr("渝铝轻合金材料产教联合体")})
			return err
		}(), "name_taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { apptest.CheckErr(t, tt.err, tt.wantCode) })
	}
	t.Run("delete an empty consortium", func(t *testing.T) {
		d, err := c.App.Catalog.CreateConsortium(c.Ctx, c.Admin, catalog.NewConsortium{Name: "待撤销联合体", Level: models.LevelSchoolLed, LeadOrganizationID: apptest.Ptr(int64(1))})
		if err != nil {
			t.Fatal(err)
		}
		apptest.CheckErr(t, c.App.Catalog.DeleteConsortium(c.Ctx, c.Admin, d.ID), "")
		if n := c.Count(&models.ConsortiumMember{}, "consortium_id = ?", d.ID); n != 0 {
			t.Errorf("got %d memberships left, want none", n)
		}
	})
}

func TestConsortiaList(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	all, total, err := c.App.Catalog.Consortia(c.Ctx, c.Student, "", "", core.NewPage(1, 100))
	if err != nil || total != 5 {
		t.Fatalf("got %d, %v; want 5", total, err)
	}
	for _, level := range models.Levels {
		got, n, err := c.App.Catalog.Consortia(c.Ctx, c.Student, level, "", core.NewPage(1, 100))
		if err != nil || n != 1 || got[0].Level != level || got[0].FacilityCount != 3 || got[0].LeadName == nil {
			t.Errorf("%s: got %d, %v, %+v", level, n, err, got)
		}
	}
	if got, n, _ := c.App.Catalog.Consortia(c.Ctx, c.Student, "", "轻合金", core.NewPage(1, 100)); n != 1 || got[0].ID != all[3].ID {
		t.Errorf("got %d for a name search, want the enterprise-led one", n)
	}
}
