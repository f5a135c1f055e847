package app_test

import (
	"testing"
	"time"

	"cqshare/app"
	"cqshare/models"
)

func TestBlackouts(t *testing.T) {
	c := newCatalogApp(t)
	laser := c.resource(c.practice, "laser")
	foreign := c.resource(c.other, "")
	start := time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)
	valid := func(facility int64, resource *int64) app.NewBlackout {
		return app.NewBlackout{FacilityID: facility, ResourceID: resource, Kind: models.BlackoutClosure,
			StartAt: start, EndAt: start.Add(24 * time.Hour), Reason: "劳动节放假"}
	}
	tests := []struct {
		name       string
		actor      app.Actor
		in         app.NewBlackout
		wantCode   string
		wantFields []string
	}{
		{"manager closes their facility", c.manager, valid(c.practice, nil), "", nil},
		{"manager closes one of its resources", c.manager, valid(c.practice, &laser.ID), "", nil},
		{"manager, a make-up working day", c.manager, func() app.NewBlackout {
			in := valid(c.practice, nil)
			in.Kind = models.BlackoutMakeup
			return in
		}(), "", nil},
		{"manager, another facility", c.manager, valid(c.other, nil), "forbidden", nil},
		{"student", c.student, valid(c.practice, nil), "forbidden", nil},
		{"unknown facility", c.admin, valid(999999, nil), "not_found", nil},
		{"a resource of another facility", c.manager, valid(c.practice, &foreign.ID), "validation_failed", []string{"resource_id"}},
		{"an unknown resource", c.manager, valid(c.practice, ptrTo(int64(999999))), "validation_failed", []string{"resource_id"}},
		{"ends before it starts", c.manager, func() app.NewBlackout {
			in := valid(c.practice, nil)
			in.EndAt = in.StartAt.Add(-time.Minute)
			return in
		}(), "validation_failed", []string{"end_at"}},
		{"in the year 1000", c.admin, func() app.NewBlackout {
			in := valid(c.practice, nil)
			in.StartAt, in.EndAt = in.StartAt.AddDate(-1027, 0, 0), in.EndAt.AddDate(-1027, 0, 0)
			return in
		}(), "validation_failed", []string{"end_at", "start_at"}},
		{"longer than a year, unknown kind", c.admin, func() app.NewBlackout {
			in := valid(c.practice, nil)
			in.EndAt, in.Kind = in.StartAt.AddDate(2, 0, 0), "holiday"
			return in
		}(), "validation_failed", []string{"end_at", "kind"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := c.a.CreateBlackout(c.ctx, tt.actor, tt.in)
			checkErr(t, err, tt.wantCode, tt.wantFields...)
			if err == nil && (b.ID == 0 || b.CreatedBy == nil || !b.StartAt.Equal(start)) {
				t.Errorf("got %+v", b)
			}
		})
	}

	window := func(f app.BlackoutFilter) []models.BlackoutRow {
		t.Helper()
		from, to := start.Add(-time.Hour), start.Add(time.Hour)
		f.From, f.To = &from, &to
		rows, n, err := c.a.Blackouts(c.ctx, c.student, f, app.NewPage(1, 100))
		if err != nil || int(n) != len(rows) {
			t.Fatalf("got %d of %d, %v", len(rows), n, err)
		}
		return rows
	}
	if got := window(app.BlackoutFilter{FacilityID: c.practice}); len(got) != 3 {
		t.Errorf("got %d blackouts of the facility in the window, want 3", len(got))
	}
	cnc := c.resource(c.practice, "cnc")
	if got := window(app.BlackoutFilter{ResourceID: cnc.ID}); len(got) != 2 {
		t.Errorf("got %d blackouts for another resource, want the 2 facility-wide ones", len(got))
	}
	got := window(app.BlackoutFilter{ResourceID: laser.ID})
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
			_, _, err := c.a.Blackouts(c.ctx, c.student, app.BlackoutFilter{FacilityID: c.practice, From: &from, To: &from}, app.NewPage(1, 10))
			return err
		}(), "validation_failed"},
		{"list an unknown facility", func() error {
			_, _, err := c.a.Blackouts(c.ctx, c.student, app.BlackoutFilter{FacilityID: 999999}, app.NewPage(1, 10))
			return err
		}(), "not_found"},
		{"list an unknown resource", func() error {
			_, _, err := c.a.Blackouts(c.ctx, c.student, app.BlackoutFilter{ResourceID: 999999}, app.NewPage(1, 10))
			return err
		}(), "not_found"},
		{"delete by another manager", c.a.DeleteBlackout(c.ctx, c.otherManager, own.ID), "forbidden"},
		{"delete by a student", c.a.DeleteBlackout(c.ctx, c.student, own.ID), "forbidden"},
		{"delete by the manager", c.a.DeleteBlackout(c.ctx, c.manager, own.ID), ""},
		{"delete again", c.a.DeleteBlackout(c.ctx, c.manager, own.ID), "not_found"},
	}
	for _, tt := range checks {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.err, tt.wantCode) })
	}
}
