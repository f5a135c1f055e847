package app_test

import (
	"testing"

	"cqshare/app"
	"cqshare/models"
)

// leads returns the organizations with the lead role in a consortium.
func leads(d app.ConsortiumDetail) []int64 {
	var out []int64
	for _, m := range d.Members {
		if m.Role == models.MemberLead {
			out = append(out, m.OrganizationID)
		}
	}
	return out
}

func TestCreateConsortium(t *testing.T) {
	c := newCatalogApp(t)
	tests := []struct {
		name       string
		actor      app.Actor
		in         app.NewConsortium
		wantCode   string
		wantFields []string
	}{
		{"admin with lead, members and clusters", c.admin, app.NewConsortium{Name: "重庆市生物医药产教联合体", Level: models.LevelMunicipal,
			LeadOrganizationID: ptrTo(int64(2)), Clusters: []string{"biomedicine", "biomedicine"},
			Members: []app.MemberInput{{OrganizationID: 3, Role: models.MemberMember}}}, "", nil},
		{"lead named among the members", c.admin, app.NewConsortium{Name: "永川食品产教联合体", Level: models.LevelParkLed,
			Members: []app.MemberInput{{OrganizationID: 5, Role: models.MemberLead}, {OrganizationID: 6, Role: models.MemberMember}}}, "", nil},
		{"manager", c.manager, app.NewConsortium{Name: "x", Level: models.LevelMunicipal}, "forbidden", nil},
		{"name taken", c.admin, app.NewConsortium{Name: "渝铝轻合金材料产教联合体", Level: models.LevelMunicipal}, "name_taken", nil},
		{"unknown level", c.admin, app.NewConsortium{Name: "x", Level: "provincial"}, "validation_failed", []string{"level"}},
		{"unknown cluster", c.admin, app.NewConsortium{Name: "x", Level: models.LevelMunicipal, Clusters: []string{"steel"}}, "validation_failed", []string{"clusters"}},
		{"unknown lead", c.admin, app.NewConsortium{Name: "x", Level: models.LevelMunicipal, LeadOrganizationID: ptrTo(int64(99999))}, "validation_failed", []string{"lead_organization_id"}},
		{"two leads", c.admin, app.NewConsortium{Name: "x", Level: models.LevelMunicipal,
			Members: []app.MemberInput{{OrganizationID: 1, Role: models.MemberLead}, {OrganizationID: 2, Role: models.MemberLead}}}, "validation_failed", []string{"members"}},
		{"member twice and a bad role", c.admin, app.NewConsortium{Name: "x", Level: models.LevelMunicipal,
			Members: []app.MemberInput{{OrganizationID: 1, Role: "chair"}, {OrganizationID: 1, Role: models.MemberMember}}}, "validation_failed",
			[]string{"members[0].role", "members[1].organization_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.count(&models.Consortium{}, "1 = 1")
			d, err := c.a.CreateConsortium(c.ctx, tt.actor, tt.in)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
			if err != nil {
				if n := c.count(&models.Consortium{}, "1 = 1"); n != before {
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
	c := newCatalogApp(t)
	d, err := c.a.Consortium(c.ctx, c.student, 1)
	if err != nil {
		t.Fatal(err)
	}
	oldLead := *d.LeadOrganizationID
	newLead := d.Members[1].OrganizationID

	d, err = c.a.SetConsortiumMember(c.ctx, c.admin, 1, newLead, models.MemberLead)
	if err != nil {
		t.Fatal(err)
	}
	if l := leads(d); len(l) != 1 || l[0] != newLead || *d.LeadOrganizationID != newLead {
		t.Fatalf("got leads %v and lead %v, want only %d", l, *d.LeadOrganizationID, newLead)
	}
	d, err = c.a.SetConsortiumMember(c.ctx, c.admin, 1, 30, models.MemberMember) // a new member
	if err != nil || int(d.MemberCount) != len(d.Members) {
		t.Fatalf("got %v, %d members", err, d.MemberCount)
	}
	checkErr(t, c.a.RemoveConsortiumMember(c.ctx, c.admin, 1, newLead), "")
	d, _ = c.a.Consortium(c.ctx, c.admin, 1)
	if d.LeadOrganizationID != nil || len(leads(d)) != 0 {
		t.Errorf("got lead %v after removing it, want none", d.LeadOrganizationID)
	}
	d, err = c.a.UpdateConsortium(c.ctx, c.admin, 1, app.ConsortiumPatch{LeadOrganizationID: &oldLead, Clusters: &[]string{"software"}})
	if err != nil || *d.LeadOrganizationID != oldLead || len(d.Clusters) != 1 || d.Clusters[0].Code != "software" {
		t.Fatalf("got %v, lead %v, clusters %v", err, d.LeadOrganizationID, d.Clusters)
	}

	tests := []struct {
		name     string
		err      error
		wantCode string
	}{
		{"member by a manager", func() error { _, err := c.a.SetConsortiumMember(c.ctx, c.manager, 1, 2, "member"); return err }(), "forbidden"},
		{"bad role", func() error { _, err := c.a.SetConsortiumMember(c.ctx, c.admin, 1, 2, "chair"); return err }(), "validation_failed"},
		{"unknown organization", func() error { _, err := c.a.SetConsortiumMember(c.ctx, c.admin, 1, 99999, "member"); return err }(), "not_found"},
		{"unknown consortium", func() error { _, err := c.a.SetConsortiumMember(c.ctx, c.admin, 99999, 2, "member"); return err }(), "not_found"},
		{"remove a non-member", c.a.RemoveConsortiumMember(c.ctx, c.admin, 1, newLead), "not_found"},
		{"delete with facilities", c.a.DeleteConsortium(c.ctx, c.admin, 1), "in_use"},
		{"delete by a manager", c.a.DeleteConsortium(c.ctx, c.manager, 1), "forbidden"},
		{"rename to a taken name", func() error {
			_, err := c.a.UpdateConsortium(c.ctx, c.admin, 1, app.ConsortiumPatch{Name: ptrTo("渝铝轻合金材料产教联合体")})
			return err
		}(), "name_taken"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.wantCode) })
	}
	t.Run("delete an empty consortium", func(t *testing.T) {
		d, err := c.a.CreateConsortium(c.ctx, c.admin, app.NewConsortium{Name: "待撤销联合体", Level: models.LevelSchoolLed, LeadOrganizationID: ptrTo(int64(1))})
		if err != nil {
			t.Fatal(err)
		}
		checkErr(t, c.a.DeleteConsortium(c.ctx, c.admin, d.ID), "")
		if n := c.count(&models.ConsortiumMember{}, "consortium_id = ?", d.ID); n != 0 {
			t.Errorf("got %d memberships left, want none", n)
		}
	})
}

func TestConsortiaList(t *testing.T) {
	c := newCatalogApp(t)
	all, total, err := c.a.Consortia(c.ctx, c.student, "", "", app.NewPage(1, 100))
	if err != nil || total != 5 {
		t.Fatalf("got %d, %v; want 5", total, err)
	}
	for _, level := range models.Levels {
		got, n, err := c.a.Consortia(c.ctx, c.student, level, "", app.NewPage(1, 100))
		if err != nil || n != 1 || got[0].Level != level || got[0].FacilityCount != 3 || got[0].LeadName == nil {
			t.Errorf("%s: got %d, %v, %+v", level, n, err, got)
		}
	}
	if got, n, _ := c.a.Consortia(c.ctx, c.student, "", "轻合金", app.NewPage(1, 100)); n != 1 || got[0].ID != all[3].ID {
		t.Errorf("got %d for a name search, want the enterprise-led one", n)
	}
}
