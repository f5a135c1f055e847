package catalog_test

import (
	"testing"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
)

// catalogApp is an App over the demo data, with the actors the catalog tests use.
type catalogApp struct{ *apptest.Demo }

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
