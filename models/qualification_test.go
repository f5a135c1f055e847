package models_test

import (
	"context"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestQualificationOwnersBackfill: migration 00029 gives a qualification that the resources of
// exactly one facility require to that facility, and leaves any other city-wide; facilities get
// the default series horizon.
func TestQualificationOwnersBackfill(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dialect, dsn, err := app.ParseDatabaseURL(apptest.DatabaseURL(t))
	if err != nil {
		t.Fatal(err)
	}
	db, err := models.Open(dialect, dsn, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.MigrateUpTo(ctx, 28); err != nil {
		t.Fatal(err)
	}
	g := db.W(ctx)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().UTC().Truncate(time.Second)
	con := models.Consortium{Name: "联合体", Level: models.LevelMunicipal, CreatedAt: now, UpdatedAt: now}
	must(g.Create(&con).Error)
	var facs [2]models.Facility
	for i := range facs {
		facs[i] = models.Facility{ConsortiumID: con.ID, Kind: models.KindPracticeCenter, Name: "中心", TimeZone: "Asia/Shanghai",
			DefaultRules: models.JSONColumn[models.Rules]{V: models.DefaultRules()}, CreatedAt: now, UpdatedAt: now}
		must(g.Omit("series_horizon_days", "version").Create(&facs[i]).Error) // columns of later migrations
	}
	quals := map[string]*models.Qualification{"one_facility": {}, "two_facilities": {}, "unused": {}}
	for code, q := range quals {
		*q = models.Qualification{Code: code, Name: code}
		must(g.Omit("owner_facility_id").Create(q).Error)
	}
	resource := func(facility int, code string) {
		r := models.Resource{FacilityID: facs[facility].ID, Name: "设备", Category: "equipment", Capacity: 1,
			Status: models.ResourceAvailable, Rules: models.DefaultRules(), CreatedAt: now, UpdatedAt: now}
		r.QualificationID = &quals[code].ID
		must(g.Omit("version").Create(&r).Error)
	}
	resource(0, "one_facility")
	resource(0, "one_facility")
	resource(0, "two_facilities")
	resource(1, "two_facilities")

	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := map[string]*int64{"one_facility": &facs[0].ID, "two_facilities": nil, "unused": nil}
	for code, owner := range want {
		q, err := db.QualificationByID(ctx, quals[code].ID)
		must(err)
		if (q.OwnerFacilityID == nil) != (owner == nil) || (owner != nil && *q.OwnerFacilityID != *owner) {
			t.Errorf("%s: got owner %v, want %v", code, q.OwnerFacilityID, owner)
		}
	}
	for _, f := range facs {
		got, err := db.FacilityByID(ctx, f.ID)
		must(err)
		if got.SeriesHorizonDays != models.DefaultSeriesHorizonDays {
			t.Errorf("facility %d: got a series horizon of %d days, want %d", f.ID, got.SeriesHorizonDays, models.DefaultSeriesHorizonDays)
		}
	}
}
