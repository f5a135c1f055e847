package seed_test

import (
	"context"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/app/seed"
	"cqshare/models"
)

func TestSeedDemo(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.PasswordCost = bcrypt.DefaultCost // as in production: the hash is made once
	a := apptest.NewWithConfig(t, cfg)
	ctx := context.Background()
	start := time.Now()
	if err := a.SeedDemo(ctx); err != nil {
		t.Fatalf("SeedDemo: %v", err)
	}
	t.Logf("seeded on %s in %v", apptest.Engine(), time.Since(start))
	db := a.DB()
	all := func(dest any) {
		t.Helper()
		if err := db.R(ctx).Order("id").Find(dest).Error; err != nil {
			t.Fatal(err)
		}
	}

	t.Run("the 33618 clusters", func(t *testing.T) {
		var clusters []models.IndustryCluster
		all(&clusters)
		tiers := map[string]int{}
		for _, c := range clusters {
			tiers[c.Tier]++
		}
		if len(clusters) != 12 || tiers[models.TierTrillion] != 3 || tiers[models.TierFiveHundredBillion] != 3 || tiers[models.TierHundredBillion] != 6 {
			t.Errorf("got %d clusters by tier %v, want 3, 3 and 6", len(clusters), tiers)
		}
	})
	t.Run("one consortium per level, three kinds of facility each", func(t *testing.T) {
		var consortia []models.Consortium
		var facilities []models.Facility
		all(&consortia)
		all(&facilities)
		levels := map[string]int{}
		for _, c := range consortia {
			levels[c.Level]++
			if c.LeadOrganizationID == nil || c.NameEn == "" {
				t.Errorf("%s: got no lead or English name", c.Name)
			}
			kinds := map[string]bool{}
			for _, f := range facilities {
				if f.ConsortiumID == c.ID {
					kinds[f.Kind] = true
				}
			}
			if len(kinds) != 3 {
				t.Errorf("%s: got facility kinds %v, want all three", c.Name, kinds)
			}
		}
		for _, l := range models.Levels {
			if levels[l] != 1 {
				t.Errorf("got %d consortia of level %s, want 1", levels[l], l)
			}
		}
		for _, f := range facilities {
			if f.TimeZone != "Asia/Shanghai" || len(f.OpeningHours.V) == 0 || f.District == "" || f.NameEn == "" {
				t.Errorf("%s: got zone %q, %d opening periods, district %q", f.Name, f.TimeZone, len(f.OpeningHours.V), f.District)
			}
		}
	})
	t.Run("resources", func(t *testing.T) {
		var resources []models.Resource
		all(&resources)
		var exclusive, pooled, approval, open, qualified, maintenance, specialized int
		for _, r := range resources {
			switch {
			case r.Capacity == 1:
				exclusive++
			case r.Capacity >= 6 && r.Capacity <= 50:
				pooled++
			default:
				t.Errorf("%s: got capacity %d", r.Name, r.Capacity)
			}
			if r.RequiresApproval {
				approval++
			} else {
				open++
			}
			if r.QualificationID != nil {
				qualified++
			}
			if r.Status == models.ResourceMaintenance {
				maintenance++
			}
			if r.QuotaHoursYear == 800 {
				specialized++
			}
			if r.Category == "" || r.ClusterID == nil || r.AssetNo == "" || r.NameEn == "" {
				t.Errorf("%s: got category %q, cluster %v, asset %q", r.Name, r.Category, r.ClusterID, r.AssetNo)
			}
		}
		if len(resources) < 40 || exclusive == 0 || pooled == 0 || approval == 0 || open == 0 || qualified == 0 || maintenance != 1 || specialized == 0 {
			t.Errorf("got %d resources: %d exclusive, %d pooled, %d with approval, %d without, %d requiring a qualification, %d in maintenance, %d specialized",
				len(resources), exclusive, pooled, approval, open, qualified, maintenance, specialized)
		}
	})
	t.Run("organizations", func(t *testing.T) {
		var orgs []models.Organization
		all(&orgs)
		smes := 0
		for _, o := range orgs {
			if o.Kind == "enterprise" && (o.CreditCode == nil || !catalog.ValidCreditCode(*o.CreditCode)) {
				t.Errorf("%s: got credit code %v, want a valid one", o.Name, o.CreditCode)
			}
			if o.IsSME {
				smes++
			}
		}
		if smes < 5 {
			t.Errorf("got %d SMEs, want several", smes)
		}
	})
	t.Run("demo accounts", func(t *testing.T) {
		var hashes = map[string]bool{}
		for _, d := range seed.DemoAccounts {
			login, err := a.Accounts.LoginWithPassword(ctx, d.Email, seed.DemoPassword, "127.0.0.1", "test")
			if err != nil {
				t.Errorf("%s: %v", d.Email, err)
				continue
			}
			if login.Actor.Role != d.Role {
				t.Errorf("%s: got role %s, want %s", d.Email, login.Actor.Role, d.Role)
			}
			u, _ := db.UserByID(ctx, login.Actor.UserID)
			hashes[u.PasswordHash] = true
		}
		if len(seed.DemoAccounts) != 6 || len(hashes) != 1 {
			t.Errorf("got %d demo accounts with %d password hashes, want 6 sharing 1", len(seed.DemoAccounts), len(hashes))
		}
		var users []models.User
		all(&users)
		if len(users) < 40 {
			t.Errorf("got %d accounts, want a few dozen", len(users))
		}
	})
	t.Run("the demo manager, SME user and student", func(t *testing.T) {
		actor := func(email string) core.Actor {
			u, err := db.UserByEmail(ctx, email)
			if err != nil {
				t.Fatal(err)
			}
			ac, err := a.Accounts.CurrentActor(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ac
		}
		mgr := actor("manager@demo.local")
		var first []models.Facility
		for _, kind := range []string{models.KindPracticeCenter, models.KindTechPlatform} {
			var f models.Facility
			if err := db.R(ctx).Where("kind = ?", kind).Order("id").First(&f).Error; err != nil {
				t.Fatal(err)
			}
			first = append(first, f)
		}
		if len(mgr.ManagedFacilityIDs) != 2 || mgr.ManagedFacilityIDs[0] != first[0].ID || mgr.ManagedFacilityIDs[1] != first[1].ID {
			t.Errorf("got the manager managing %v, want the first practice center and tech platform", mgr.ManagedFacilityIDs)
		}
		sme := actor("sme@demo.local")
		if sme.OrganizationID == nil {
			t.Fatal("got the SME user without an organization")
		}
		if org, _ := db.OrganizationByID(ctx, *sme.OrganizationID); !org.IsSME {
			t.Errorf("got the SME user in %s, not an SME", org.Name)
		}
		student := actor("student@demo.local")
		held, err := a.Catalog.UserQualifications(ctx, student, student.UserID)
		if err != nil || len(held) != 1 || !held[0].Valid {
			t.Errorf("got %+v, %v; want one valid qualification", held, err)
		}
	})
	t.Run("qualifications: each issued where its equipment is, or city-wide", func(t *testing.T) {
		var quals []models.Qualification
		var resources []models.Resource
		all(&quals)
		all(&resources)
		owner := map[int64]*int64{}
		issued := 0
		for _, q := range quals {
			owner[q.ID] = q.OwnerFacilityID
			if q.OwnerFacilityID != nil {
				issued++
			}
		}
		// As migration 00029 would have set them: a facility's own equipment alone requires what it issues.
		for _, r := range resources {
			if r.QualificationID == nil {
				continue
			}
			if o := owner[*r.QualificationID]; o != nil && *o != r.FacilityID {
				t.Errorf("%s of facility %d requires qualification %d, issued by facility %d", r.Name, r.FacilityID, *r.QualificationID, *o)
			}
		}
		if issued == 0 || issued == len(quals) {
			t.Errorf("got %d of %d qualifications issued by a facility, want some issued and some city-wide", issued, len(quals))
		}
		u, err := db.UserByEmail(ctx, "manager@demo.local")
		if err != nil {
			t.Fatal(err)
		}
		mgr, err := a.Accounts.CurrentActor(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range quals {
			if q.Code == "five_axis" && (q.OwnerFacilityID == nil || !mgr.ManagesFacility(*q.OwnerFacilityID)) {
				t.Errorf("got five_axis issued by %v, want the demo manager's practice center", q.OwnerFacilityID)
			}
		}
	})
	t.Run("blackouts", func(t *testing.T) {
		var bs []models.Blackout
		all(&bs)
		kinds := map[string]int{}
		perResource := 0
		for _, b := range bs {
			kinds[b.Kind]++
			if b.ResourceID != nil {
				perResource++
			}
		}
		if kinds[models.BlackoutClosure] < 15 || kinds[models.BlackoutMakeup] != 1 || perResource != 2 {
			t.Errorf("got %v, %d per resource", kinds, perResource)
		}
	})
	t.Run("a second seed does nothing", func(t *testing.T) {
		var before, after int64
		db.R(ctx).Model(&models.Resource{}).Count(&before)
		if err := a.SeedDemo(ctx); err != nil {
			t.Fatal(err)
		}
		db.R(ctx).Model(&models.Resource{}).Count(&after)
		if after != before {
			t.Errorf("got %d resources after seeding twice, want %d", after, before)
		}
	})
}

func TestSeedDemoLeavesUsedDatabases(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	ctx := context.Background()
	if _, err := a.Accounts.CreateUser(ctx, core.System, accounts.NewUser{Email: "first@example.cn", Password: "pass-word-1", Name: "first", Role: models.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := a.SeedDemo(ctx); err != nil {
		t.Fatal(err)
	}
	if _, total, _ := a.Catalog.Resources(ctx, core.System, catalog.ResourceFilter{}, core.NewPage(1, 1)); total != 0 {
		t.Errorf("got %d resources seeded into a database with accounts, want none", total)
	}
}
