package catalog_test

import (
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

func TestBlackouts(t *testing.T) {
	t.Parallel()
	c := newCatalogApp(t)
	laser := c.resource(c.Practice, "laser")
	foreign := c.resource(c.Other, "")
	start := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	valid := func(facility int64, resource *int64) catalog.NewBlackout {
		return catalog.NewBlackout{FacilityID: facility, ResourceID: resource, Kind: models.BlackoutClosure,
			StartAt: start, EndAt: start.Add(24 * time.Hour), Reason: "劳动节放假"}
	}
	tests := []struct {
		name       string
		actor      core.Actor
		in         catalog.NewBlackout
		wantCode   string
		wantFields []string
	}{
		{"manager closes their facility", c.Manager, valid(c.Practice, nil), "", nil},
		{"manager closes one of its resources", c.Manager, valid(c.Practice, &laser.ID), "", nil},
		{"manager, a make-up working day", c.Manager, func() catalog.NewBlackout {
			in := valid(c.Practice, nil)
			in.Kind = models.BlackoutMakeup
			return in
		}(), "", nil},
		{"manager, another facility", c.Manager, valid(c.Other, nil), "forbidden", nil},
		{"student", c.Student, valid(c.Practice, nil), "forbidden", nil},
		{"unknown facility", c.Admin, valid(999999, nil), "not_found", nil},
		{"a resource of another facility", c.Manager, valid(c.Practice, &foreign.ID), "validation_failed", []string{"resource_id"}},
		{"an unknown resource", c.Manager, valid(c.Practice, apptest.Ptr(int64(999999))), "validation_failed", []string{"resource_id"}},
		{"ends before it starts", c.Manager, func() catalog.NewBlackout {
			in := valid(c.Practice, nil)
			in.EndAt = in.StartAt.Add(-time.Minute)
			return in
		}(), "validation_failed", []string{"end_at"}},
		{"in the year 1000", c.Admin, func() catalog.NewBlackout {
			in := valid(c.Practice, nil)
			in.StartAt, in.EndAt = in.StartAt.AddDate(-1027, 0, 0), in.EndAt.AddDate(-1027, 0, 0)
			return in
		}(), "validation_failed", []string{"end_at", "start_at"}},
		{"longer than a year, unknown kind", c.Admin, func() catalog.NewBlackout {
			in := valid(c.Practice, nil)
			in.EndAt, in.Kind = in.StartAt.AddDate(2, 0, 0), "holiday"
			return in
		}(), "validation_failed", []string{"end_at", "kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := c.App.Catalog.CreateBlackout(c.Ctx, tt.actor, tt.in)
			apptest.CheckErr(t, err, tt.wantCode, tt.wantFields...)
			if err == nil && (b.ID == 0 || b.CreatedBy == nil || !b.StartAt.Equal(start)) {
				t.Errorf("got %+v", b)
			}
		})
	}

	window := func(f catalog.BlackoutFilter) []models.BlackoutRow {
		t.Helper()
		from, to := start.Add(-time.Hour), start.Add(time.Hour)
		f.From, f.To = &from, &to
		rows, n, err := c.App.Catalog.Blackouts(c.Ctx, c.Student, f, core.NewPage(1, 100))
		if err != nil || int(n) != len(rows) {
			t.Fatalf("got %d of %d, %v", len(rows), n, err)
		}
		return rows
	}
	if got := window(catalog.BlackoutFilter{FacilityID: c.Practice}); len(got) != 3 {
		t.Errorf("got %d blackouts of the facility in the window, want 3", len(got))
	}
	cnc := c.resource(c.Practice, "cnc")
	if got := window(catalog.BlackoutFilter{ResourceID: cnc.ID}); len(got) != 2 {
		t.Errorf("got %d blackouts for another resource, want the 2 facility-wide ones", len(got))
	}
	got := window(catalog.BlackoutFilter{ResourceID: laser.ID})
	if len(got) != 3 || got[0].StartAt.Before(start) {
		t.Fatalf("got %d blackouts for the laser, want 3", len(got))
	}
	var own models.BlackoutRow
	for _, b := range got {
		if b.ResourceID != nil {
			own = b
		}
	}
	if own.ResourceName == nil || *own.ResourceName != laser.Name {
		t.Errorf("got resource name %v, want %s", own.ResourceName, laser.Name)
	}
	checks := []struct {
		name     string
		err      error
		wantCode string
	}{
		{"list a bad window", func() error {
			from := start
			_, _, err := c.App.Catalog.Blackouts(c.Ctx, c.Student, catalog.BlackoutFilter{FacilityID: c.Practice, From: &from, To: &from}, core.NewPage(1, 10))
			return err
		}(), "validation_failed"},
		{"list an unknown facility", func() error {
			_, _, err := c.App.Catalog.Blackouts(c.Ctx, c.Student, catalog.BlackoutFilter{FacilityID: 999999}, core.NewPage(1, 10))
			return err
		}(), "not_found"},
		{"list an unknown resource", func() error {
			_, _, err := c.App.Catalog.Blackouts(c.Ctx, c.Student, catalog.BlackoutFilter{ResourceID: 999999}, core.NewPage(1, 10))
			return err
		}(), "not_found"},
		{"delete by another manager", c.App.Catalog.DeleteBlackout(c.Ctx, c.OtherManager, own.ID), "forbidden"},
		{"delete by a student", c.App.Catalog.DeleteBlackout(c.Ctx, c.Student, own.ID), "forbidden"},
		{"delete by the manager", c.App.Catalog.DeleteBlackout(c.Ctx, c.Manager, own.ID), ""},
		{"delete again", c.App.Catalog.DeleteBlackout(c.Ctx, c.Manager, own.ID), "not_found"},
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) { apptest.CheckErr(t, tt.err, tt.wantCode) })
	}
}
