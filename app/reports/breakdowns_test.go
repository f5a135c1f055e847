package reports_test

import (
	"errors"
	"testing"

	"cqshare/app/core"
	"cqshare/app/reports"
	"cqshare/models"
)

// marchRolled is the March week rolled up, with an unused resource of the practice's that
// exists since before the week.
func marchRolled(t *testing.T) (*world, models.Resource) {
	w := newMarch(t)
	unused := w.Resource(w.practice.ID, func(r *models.Resource) { r.CreatedAt = sh(1, 9, 0) })
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	return w, unused
}

// TestResourceBreakdown: each resource's figures over the week are the sums of its hand-computed
// days (the room's no-show, its booking across midnight, the lathe's closure), sorted as asked.
func TestResourceBreakdown(t *testing.T) {
	t.Parallel()
	w, unused := marchRolled(t)
	week := func(scope string, id int64, sort string, asc bool, limit int) reports.ResourcesQuery {
		return reports.ResourcesQuery{Scope: scope, ID: id, From: "2026-03-02", To: "2026-03-08", Sort: sort, Asc: asc, Limit: limit}
	}
	// The room: 2 seats open 4,320 minutes; 90 + 60 on Monday, the SME's 360 + 60 across
	// Thursday's midnight, 45 on Friday; booked 180 + 60 (the no-show) + 480 + 120.
	room := reports.Figures{Resources: 1, AvailableMinutes: 8640, BookedMinutes: 840, EffectiveMinutes: 615, Bookings: 5, NoShows: 1,
		UniqueUsers: 3, TeachingMinutes: 60, ResearchMinutes: 90, TrainingMinutes: 45, SocialServiceMinutes: 420,
		InternalMinutes: 135, MemberMinutes: 60, ExternalMinutes: 420, ServiceMinutes: 420,
		// 1,400 hours a year by default: the days 60 to 66 of 2026's 365, floor(84000·67/365) − floor(84000·60/365).
		QuotaMinutes: 1611, QuotaRatio: 0.3818,
		Utilization: 0.0712, BookingRate: 0.0972, NoShowRate: 0.2, OpenShare: 0.7805}
	room.HourMinutes[10], room.HourMinutes[11], room.HourMinutes[14] = 110, 40, 45
	room.HourMinutes[21], room.HourMinutes[22], room.HourMinutes[23], room.HourMinutes[0] = 120, 120, 120, 60
	// The lathe: open 4,320 less its own two hours' closure; one hour on Tuesday; its own quota of
	// 730 hours a year is 120 minutes a day.
	lathe := reports.Figures{Resources: 1, AvailableMinutes: 4200, BookedMinutes: 60, EffectiveMinutes: 60, Bookings: 1, UniqueUsers: 1,
		ResearchMinutes: 60, InternalMinutes: 60, QuotaMinutes: 840, QuotaRatio: 0.0714, Utilization: 0.0143, BookingRate: 0.0143}
	lathe.HourMinutes[13] = 60

	l, err := w.App.Reports.Resources(w.Ctx, w.manager, week(reports.ScopeFacility, w.practice.ID, "", false, 0))
	w.Must(err)
	if l.Sort != models.SortUtilization || l.Limit != 100 || l.LastDay != "2026-03-08" || l.Name != w.practice.Name {
		t.Errorf("got sort %q, limit %d, last day %q, name %q; want utilization, 100, 2026-03-08, %q", l.Sort, l.Limit, l.LastDay, l.Name, w.practice.Name)
	}
	if len(l.Rows) != 3 {
		t.Fatalf("got %d resources, want 3", len(l.Rows))
	}
	if got := l.Rows[0]; got.ResourceID != w.room.ID || got.Figures != room || got.FacilityID != w.practice.ID || got.FacilityName != w.practice.Name {
		t.Errorf("first\n got %+v\nwant the room %+v", got, room)
	}
	if got := l.Rows[1]; got.ResourceID != w.lathe.ID || got.Figures != lathe {
		t.Errorf("second\n got %+v\nwant the lathe %+v", got, lathe)
	}
	if got := l.Rows[2]; got.ResourceID != unused.ID || got.EffectiveMinutes != 0 || got.AvailableMinutes != 4320 {
		t.Errorf("third: got %+v, want the unused resource, 4320 available", got)
	}

	ids := func(l reports.ResourceList) []int64 {
		var out []int64
		for _, r := range l.Rows {
			out = append(out, r.ResourceID)
		}
		return out
	}
	cases := []struct {
		name string
		q    reports.ResourcesQuery
		want []int64
	}{
		// New York's bench: 120 of 4,680 (0.0256) puts it between the room and the lathe.
		{"the city by utilization", week(reports.ScopeCity, 0, models.SortUtilization, false, 0), []int64{w.room.ID, w.nyBench.ID, w.lathe.ID, unused.ID}},
		{"the city, least used first", week(reports.ScopeCity, 0, models.SortUtilization, true, 0), []int64{unused.ID, w.lathe.ID, w.nyBench.ID, w.room.ID}},
		{"the top two by effective hours", week(reports.ScopeCity, 0, models.SortEffective, false, 2), []int64{w.room.ID, w.nyBench.ID}},
		// One user each: ties go by effective minutes.
		{"by users", week(reports.ScopeCity, 0, models.SortUniqueUsers, false, 0), []int64{w.room.ID, w.nyBench.ID, w.lathe.ID, unused.ID}},
		{"by no-show rate", week(reports.ScopeFacility, w.practice.ID, models.SortNoShowRate, false, 1), []int64{w.room.ID}},
		{"the consortium of New York", week(reports.ScopeConsortium, w.ny.ConsortiumID, "", false, 0), []int64{w.nyBench.ID}},
		{"a day with nothing computed", reports.ResourcesQuery{Scope: reports.ScopeCity, From: "2026-03-09", To: "2026-03-31"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := w.App.Reports.Resources(w.Ctx, w.admin, c.q)
			w.Must(err)
			if got := ids(l); !equalIDs(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	// The users are counted over the range: the room's Friday alone has the internal user and the SME.
	l, err = w.App.Reports.Resources(w.Ctx, w.admin, reports.ResourcesQuery{Scope: reports.ScopeCity, From: "2026-03-06", To: "2026-03-06", Limit: 1})
	w.Must(err)
	if len(l.Rows) != 1 || l.Rows[0].ResourceID != w.room.ID || l.Rows[0].UniqueUsers != 2 || l.Rows[0].EffectiveMinutes != 105 {
		t.Errorf("got %+v, want the room's Friday: 2 users, 105 minutes", l.Rows)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestIdleResources: a resource is idle when its last N computed days have no effective minutes.
func TestIdleResources(t *testing.T) {
	t.Parallel()
	w, unused := marchRolled(t)
	cases := []struct {
		name     string
		q        reports.IdleQuery
		from, to string
		want     []int64
		lastUsed []string
	}{
		// The room was used on Friday 6, the lathe on Tuesday 3, the third resource never.
		{"the last three days", reports.IdleQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Days: 3}, "2026-03-06", "2026-03-08",
			[]int64{unused.ID, w.lathe.ID}, []string{"", "2026-03-03"}},
		{"the last day", reports.IdleQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Days: 1}, "2026-03-08", "2026-03-08",
			[]int64{unused.ID, w.lathe.ID, w.room.ID}, []string{"", "2026-03-03", "2026-03-06"}},
		{"thirty days by default, the city", reports.IdleQuery{Scope: reports.ScopeCity}, "2026-02-07", "2026-03-08",
			[]int64{unused.ID}, []string{""}},
		{"New York's consortium, its last six days", reports.IdleQuery{Scope: reports.ScopeConsortium, ID: w.ny.ConsortiumID, Days: 6},
			"2026-03-03", "2026-03-08", nil, nil},
		{"New York's consortium, its last five days", reports.IdleQuery{Scope: reports.ScopeConsortium, ID: w.ny.ConsortiumID, Days: 5},
			"2026-03-04", "2026-03-08", []int64{w.nyBench.ID}, []string{"2026-03-03"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l, err := w.App.Reports.Idle(w.Ctx, w.admin, c.q)
			w.Must(err)
			var got []int64
			var last []string
			for _, r := range l.Rows {
				got, last = append(got, r.ResourceID), append(last, r.LastUsed)
			}
			if l.From != c.from || l.To != c.to || !equalIDs(got, c.want) || len(last) != len(c.lastUsed) {
				t.Fatalf("got %s … %s %v %q, want %s … %s %v %q", l.From, l.To, got, last, c.from, c.to, c.want, c.lastUsed)
			}
			for i := range last {
				if last[i] != c.lastUsed[i] {
					t.Errorf("last used %q, want %q", last, c.lastUsed)
				}
			}
		})
	}
	// The lathe's available minutes in the last three days: Friday to Sunday, 840 + 480 + 480.
	l, err := w.App.Reports.Idle(w.Ctx, w.manager, reports.IdleQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Days: 3})
	w.Must(err)
	if len(l.Rows) != 2 || l.Rows[1].AvailableMinutes != 1800 {
		t.Errorf("got %+v, want the lathe with 1800 available minutes", l.Rows)
	}
}

// TestHeatMap: the effective minutes per ISO weekday and local hour, from a resource's days and
// from a facility's and the city's stored days (New York's Monday night is its own Monday's).
func TestHeatMap(t *testing.T) {
	t.Parallel()
	w, _ := marchRolled(t)
	type cell struct{ weekday, hour int }
	practice := map[cell]int64{{0, 10}: 110, {0, 11}: 40, {1, 13}: 60, {3, 21}: 120, {3, 22}: 120, {3, 23}: 120, {4, 0}: 60, {4, 14}: 45}
	city := map[cell]int64{{0, 23}: 60, {1, 0}: 60}
	for k, v := range practice {
		city[k] += v
	}
	cases := []struct {
		name string
		q    reports.HeatMapQuery
		want map[cell]int64
	}{
		{"the facility", reports.HeatMapQuery{Scope: reports.ScopeFacility, ID: w.practice.ID}, practice},
		{"the city", reports.HeatMapQuery{Scope: reports.ScopeCity}, city},
		{"the consortium of New York", reports.HeatMapQuery{Scope: reports.ScopeConsortium, ID: w.ny.ConsortiumID}, map[cell]int64{{0, 23}: 60, {1, 0}: 60}},
		{"New York's bench", reports.HeatMapQuery{Scope: reports.ScopeResource, ID: w.nyBench.ID}, map[cell]int64{{0, 23}: 60, {1, 0}: 60}},
		{"the lathe", reports.HeatMapQuery{Scope: reports.ScopeResource, ID: w.lathe.ID}, map[cell]int64{{1, 13}: 60}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.From, c.q.To = "2026-03-01", "2026-03-10"
			m, err := w.App.Reports.HeatMap(w.Ctx, w.admin, c.q)
			w.Must(err)
			for wd := range 7 {
				if m.Days[wd] != 1 {
					t.Errorf("weekday %d: %d days, want 1", wd, m.Days[wd])
				}
				for h := range 24 {
					if got, want := m.Minutes[wd][h], c.want[cell{wd, h}]; got != want {
						t.Errorf("weekday %d hour %d: got %d, want %d", wd, h, got, want)
					}
				}
			}
			if m.LastDay != "2026-03-08" {
				t.Errorf("last day %q, want 2026-03-08", m.LastDay)
			}
		})
	}
	// Thursday alone: one day of one weekday.
	m, err := w.App.Reports.HeatMap(w.Ctx, w.manager, reports.HeatMapQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, From: "2026-03-05", To: "2026-03-05"})
	w.Must(err)
	if m.Days != [7]int64{3: 1} || m.Minutes[3][22] != 120 || m.Minutes[0][10] != 0 {
		t.Errorf("got %v days, Thursday 22:00 %d, Monday 10:00 %d; want one Thursday, 120, 0", m.Days, m.Minutes[3][22], m.Minutes[0][10])
	}
}

// TestBreakdownAccess: the breakdowns are scoped and validated as the utilization report is.
func TestBreakdownAccess(t *testing.T) {
	t.Parallel()
	w, _ := marchRolled(t)
	resources := func(ac core.Actor, q reports.ResourcesQuery) error {
		_, err := w.App.Reports.Resources(w.Ctx, ac, q)
		return err
	}
	idle := func(ac core.Actor, q reports.IdleQuery) error {
		_, err := w.App.Reports.Idle(w.Ctx, ac, q)
		return err
	}
	heat := func(ac core.Actor, q reports.HeatMapQuery) error {
		_, err := w.App.Reports.HeatMap(w.Ctx, ac, q)
		return err
	}
	practice := reports.ResourcesQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, From: "2026-03-02", To: "2026-03-08"}
	cases := []struct {
		name   string
		err    error
		want   error
		fields []string
	}{
		{"another facility's manager, resources", resources(w.nyManager, practice), core.ErrNotFound, nil},
		{"another facility's manager, idle", idle(w.nyManager, reports.IdleQuery{Scope: reports.ScopeFacility, ID: w.practice.ID}), core.ErrNotFound, nil},
		{"another facility's manager, a resource's map", heat(w.nyManager, reports.HeatMapQuery{Scope: reports.ScopeResource, ID: w.room.ID, From: "2026-03-02", To: "2026-03-08"}), core.ErrNotFound, nil},
		{"a student", resources(w.student, practice), core.ErrForbidden, nil},
		{"a student, idle", idle(w.student, reports.IdleQuery{Scope: reports.ScopeFacility, ID: w.practice.ID}), core.ErrForbidden, nil},
		{"a manager, the city", heat(w.manager, reports.HeatMapQuery{Scope: reports.ScopeCity, From: "2026-03-02", To: "2026-03-08"}), core.ErrForbidden, nil},
		{"a manager, a consortium", idle(w.manager, reports.IdleQuery{Scope: reports.ScopeConsortium, ID: w.practice.ConsortiumID}), core.ErrForbidden, nil},
		{"resources of a resource", resources(w.admin, reports.ResourcesQuery{Scope: reports.ScopeResource, ID: w.room.ID, From: "2026-03-02", To: "2026-03-08"}), nil, []string{"scope"}},
		{"a bad sort and limit", resources(w.admin, reports.ResourcesQuery{Scope: reports.ScopeCity, From: "2026-03-02", To: "2026-03-08", Sort: "price", Limit: 1001}), nil, []string{"sort", "limit"}},
		{"more than a year", resources(w.admin, reports.ResourcesQuery{Scope: reports.ScopeCity, From: "2025-03-01", To: "2026-03-08"}), nil, []string{"to"}},
		{"no id, no days", resources(w.admin, reports.ResourcesQuery{Scope: reports.ScopeFacility}), nil, []string{"id", "from", "to"}},
		{"idle too long", idle(w.admin, reports.IdleQuery{Scope: reports.ScopeCity, Days: 367}), nil, []string{"days"}},
		{"idle no scope", idle(w.admin, reports.IdleQuery{Days: -1}), nil, []string{"scope", "days"}},
		{"a map ending before it starts", heat(w.admin, reports.HeatMapQuery{Scope: reports.ScopeCity, From: "2026-03-08", To: "2026-03-02"}), nil, []string{"to"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.want != nil {
				if !errors.Is(c.err, c.want) {
					t.Fatalf("got %v, want %v", c.err, c.want)
				}
				return
			}
			var e *core.Error
			if !errors.As(c.err, &e) {
				t.Fatalf("got %v, want a validation error", c.err)
			}
			for _, f := range c.fields {
				if _, ok := e.Fields[f]; !ok {
					t.Errorf("no message for %s in %v", f, e.Fields)
				}
			}
			if len(e.Fields) != len(c.fields) {
				t.Errorf("fields %v, want exactly %v", e.Fields, c.fields)
			}
		})
	}
}
