package app_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// catalogApp is an App over the demo data, with the actors the catalog tests use.
type catalogApp struct {
	t   *testing.T
	ctx context.Context
	a   *app.App
	db  *models.DB
	// admin, manager (of practice and platform), student and another facility's manager.
	admin, manager, student, otherManager app.Actor
	practice, platform, other             int64 // facility ids; other is not the demo manager's
	statements                            *atomic.Pointer[sync.Map]
}

func newCatalogApp(t *testing.T, opts ...app.Option) *catalogApp {
	t.Helper()
	c := &catalogApp{t: t, ctx: context.Background(), a: apptest.New(t, opts...)}
	c.db = app.BookingTestDB(c.a)
	if err := c.a.SeedDemo(c.ctx); err != nil {
		t.Fatalf("seed: %v", err)
	}
	c.admin = c.actor("admin@demo.local")
	c.manager = c.actor("manager@demo.local")
	c.student = c.actor("student@demo.local")
	c.otherManager = c.actor("mgr.cqcet@demo.local")
	c.practice, c.platform = c.manager.ManagedFacilityIDs[0], c.manager.ManagedFacilityIDs[1]
	c.other = c.otherManager.ManagedFacilityIDs[0]
	return c
}

func (c *catalogApp) actor(email string) app.Actor {
	c.t.Helper()
	var u models.User
	if err := c.db.R(c.ctx).Where("email = ?", email).First(&u).Error; err != nil {
		c.t.Fatalf("user %s: %v", email, err)
	}
	ac, err := c.a.CurrentActor(c.ctx, u.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	return ac
}

// resource returns a resource of the facility, of the category when one is given.
func (c *catalogApp) resource(facilityID int64, category string) app.ResourceView {
	c.t.Helper()
	rs, _, err := c.a.Resources(c.ctx, c.admin, app.ResourceFilter{FacilityID: facilityID, Category: category}, app.NewPage(1, 1))
	if err != nil || len(rs) == 0 {
		c.t.Fatalf("no resource in facility %d of %q: %v", facilityID, category, err)
	}
	return rs[0]
}

// count counts the rows of a model's table that match the condition.
func (c *catalogApp) count(model any, where string, args ...any) int64 {
	c.t.Helper()
	var n int64
	if err := c.db.R(c.ctx).Model(model).Where(where, args...).Count(&n).Error; err != nil {
		c.t.Fatal(err)
	}
	return n
}

// countStatements counts the SQL statements run through the database handles from now on.
func (c *catalogApp) countStatements() func() int {
	c.t.Helper()
	seen := &sync.Map{}
	if c.statements == nil {
		c.statements = &atomic.Pointer[sync.Map]{}
		count := func(g *gorm.DB) { c.statements.Load().Store(g.Statement, true) }
		for i, g := range []*gorm.DB{c.db.W(c.ctx), c.db.R(c.ctx)} {
			name := fmt.Sprintf("test:catalog_statements_%d", i)
			if err := g.Callback().Query().After("gorm:query").Register(name, count); err != nil {
				c.t.Fatal(err)
			}
			if err := g.Callback().Row().After("gorm:row").Register(name, count); err != nil {
				c.t.Fatal(err)
			}
		}
	}
	c.statements.Store(seen)
	return func() int {
		n := 0
		seen.Range(func(any, any) bool { n++; return true })
		return n
	}
}

// checkErr compares an error with the wanted code ("" for none) and fields.
func checkErr(t *testing.T, err error, wantCode string, wantFields ...string) {
	t.Helper()
	if wantCode == "" {
		if err != nil {
			t.Fatalf("got %v, want no error", err)
		}
		return
	}
	var ae *app.Error
	if !errors.As(err, &ae) {
		t.Fatalf("got %v, want error %s", err, wantCode)
	}
	if ae.Code != wantCode {
		t.Fatalf("got %s (%v), want %s", ae.Code, err, wantCode)
	}
	if len(wantFields) > 0 {
		if got := slices.Sorted(maps.Keys(ae.Fields)); !slices.Equal(got, slices.Sorted(slices.Values(wantFields))) {
			t.Fatalf("got fields %v, want %v", ae.Fields, wantFields)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }
