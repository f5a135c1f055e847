package catalog_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
)

// catalogApp is an App over the demo data, with the actors the catalog tests use.
type catalogApp struct {
	*apptest.Demo
	statements *atomic.Pointer[sync.Map]
}

func newCatalogApp(t *testing.T, opts ...app.Option) *catalogApp {
	t.Helper()
	return &catalogApp{Demo: apptest.NewDemo(t, opts...)}
}

// resource returns a resource of the facility, of the category when one is given.
func (c *catalogApp) resource(facilityID int64, category string) catalog.ResourceView {
	c.T.Helper()
	rs, _, err := c.App.Catalog.Resources(c.Ctx, c.Admin, catalog.ResourceFilter{FacilityID: facilityID, Category: category}, core.NewPage(1, 1))
	if err != nil || len(rs) == 0 {
		c.T.Fatalf("no resource in facility %d of %q: %v", facilityID, category, err)
	}
	return rs[0]
}

// countStatements counts the SQL statements run through the database handles from now on.
func (c *catalogApp) countStatements() func() int {
	c.T.Helper()
	seen := &sync.Map{}
	if c.statements == nil {
		c.statements = &atomic.Pointer[sync.Map]{}
		count := func(g *gorm.DB) { c.statements.Load().Store(g.Statement, true) }
		for i, g := range []*gorm.DB{c.DB.W(c.Ctx), c.DB.R(c.Ctx)} {
			name := fmt.Sprintf("test:catalog_statements_%d", i)
			if err := g.Callback().Query().After("gorm:query").Register(name, count); err != nil {
				c.T.Fatal(err)
			}
			if err := g.Callback().Row().After("gorm:row").Register(name, count); err != nil {
				c.T.Fatal(err)
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
