package reports_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"cqshare/app/reports"
	"cqshare/models"
)

// TestScaleReads measures the reports' reads over a year of rollups of 10,000 resources (100
// facilities of 100, 10 consortia), the figures docs/reports.md quotes. It runs only when
// REPORTS_SCALE is set: it takes a minute or so.
func TestScaleReads(t *testing.T) {
	if os.Getenv("REPORTS_SCALE") == "" {
		t.Skip("set REPORTS_SCALE=1 to measure")
	}
	w := newWorld(t, time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC))
	ctx, db := w.Ctx, w.DB.W(w.Ctx)
	start := time.Now()
	var facilities []models.Facility
	var consortia []int64
	for i := range 100 {
		if i%10 == 0 {
			consortia = append(consortia, w.Facility("Asia/Shanghai").ConsortiumID)
		}
		f := w.practice
		f.ID, f.ConsortiumID, f.Name = 0, consortia[len(consortia)-1], fmt.Sprintf("规模 %d", i)
		w.Must(db.Create(&f).Error)
		facilities = append(facilities, f)
	}
	var resources []models.Resource
	for _, f := range facilities {
		for j := range 100 {
			r := w.room
			r.ID, r.FacilityID, r.Name = 0, f.ID, fmt.Sprintf("设备 %d-%d", f.ID, j)
			resources = append(resources, r)
		}
	}
	w.Must(db.CreateInBatches(resources, 500).Error)
	w.Must(db.Exec("CREATE TABLE scale_days (n INTEGER NOT NULL, day CHAR(10) NOT NULL, week CHAR(10) NOT NULL)").Error)
	for d := range 365 {
		day := time.Date(2026, 1, 1+d, 0, 0, 0, 0, time.UTC)
		back := (int(day.Weekday()) + 6) % 7
		w.Must(db.Exec("INSERT INTO scale_days VALUES (?, ?, ?)", d, day.Format(models.DayFormat),
			day.AddDate(0, 0, -back).Format(models.DayFormat)).Error)
	}
	hours := ""
	for h := range 24 {
		hours += fmt.Sprintf(", h%02d", h)
	}
	hourValues := ""
	for h := range 24 {
		hourValues += fmt.Sprintf(", %d", h%3*10)
	}
	w.Must(db.Exec("INSERT INTO report_resource_days (resource_id, day, week, facility_id, available_minutes, booked_minutes, " +
		"effective_minutes, bookings, no_shows, unique_users, teaching_minutes, research_minutes, training_minutes, " +
		"social_service_minutes, internal_minutes, member_minutes, external_minutes, service_minutes" + hours + ", computed_at) " +
		"SELECT r.id, d.day, d.week, r.facility_id, 1680, 300, 240, 3, 1, 2, 60, 60, 60, 60, 120, 60, 60, 30" + hourValues +
		", '2026-12-31 00:00:00' FROM resources r CROSS JOIN scale_days d WHERE r.name LIKE '设备 %-%'").Error)
	w.Must(db.Exec("INSERT INTO report_user_days (resource_id, day, user_id) SELECT r.id, d.day, (r.id * 7 + d.n) % 20000 + 1 " +
		"FROM resources r CROSS JOIN scale_days d WHERE r.name LIKE '设备 %-%' AND d.n % 4 = 0").Error)
	t.Logf("%s: filled %d resource-days, %d user-days in %s", w.DB.Dialect, w.Count(&models.ReportResourceDay{}, "1 = 1"),
		w.Count(&models.ReportUserDay{}, "1 = 1"), time.Since(start).Round(time.Millisecond))

	cases := []struct {
		name string
		q    models.UtilizationQuery
	}{
		{"city by month", models.UtilizationQuery{Period: models.PeriodMonth}},
		{"city by year", models.UtilizationQuery{Period: models.PeriodYear}},
		{"consortium by month", models.UtilizationQuery{Period: models.PeriodMonth, ConsortiumID: consortia[3]}},
		{"facility by month", models.UtilizationQuery{Period: models.PeriodMonth, FacilityIDs: []int64{facilities[42].ID}}},
		{"facility by day", models.UtilizationQuery{Period: models.PeriodDay, FacilityIDs: []int64{facilities[42].ID}}},
		{"facility by week", models.UtilizationQuery{Period: models.PeriodWeek, FacilityIDs: []int64{facilities[42].ID}}},
		{"resource by day", models.UtilizationQuery{Period: models.PeriodDay, ResourceID: resources[4242].ID}},
	}
	for _, c := range cases {
		c.q.From, c.q.To = "2026-01-01", "2026-12-31"
		if c.q.ConsortiumID != 0 || c.q.FacilityIDs == nil && c.q.ResourceID == 0 {
			if os.Getenv("REPORTS_SCALE") != "all" {
				continue // tens of seconds each on SQLite: the reason the rollups are stored
			}
		}
		var best [2]time.Duration
		for range 3 {
			t0 := time.Now()
			rows, err := w.DB.UtilizationPeriods(ctx, c.q)
			w.Must(err)
			t1 := time.Now()
			_, err = w.DB.UtilizationUsers(ctx, c.q)
			w.Must(err)
			t2 := time.Now()
			if len(rows) == 0 {
				t.Fatalf("%s: no rows", c.name)
			}
			if best[0] == 0 || t1.Sub(t0) < best[0] {
				best[0] = t1.Sub(t0)
			}
			if best[1] == 0 || t2.Sub(t1) < best[1] {
				best[1] = t2.Sub(t1)
			}
		}
		t.Logf("%s %s from the resource-days: sums %s, unique users %s", w.DB.Dialect, c.name, best[0].Round(time.Millisecond), best[1].Round(time.Millisecond))
	}

	// The stored rollups: a year's backfill writes them once; a night rewrites its day, week,
	// month and year.
	for _, r := range [][2]string{{"2026-01-01", "2026-12-31"}, {"2026-12-30", "2026-12-30"}} {
		spans := reportsSpans(r[0], r[1])
		t0 := time.Now()
		w.Must(w.DB.WriteRollups(ctx, spans, time.Now()))
		t1 := time.Now()
		users, err := w.DB.CountRollupUsers(ctx, spans)
		w.Must(err)
		t2 := time.Now()
		w.Must(w.DB.SetRollupUsers(ctx, spans, users))
		t.Logf("%s: rollups of %s … %s: sums written in %s, users counted in %s, written in %s", w.DB.Dialect, r[0], r[1],
			t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond), time.Since(t2).Round(time.Millisecond))
	}
	reads := []struct {
		name string
		q    reports.UtilizationQuery
	}{
		{"city by month", reports.UtilizationQuery{Scope: reports.ScopeCity, Period: models.PeriodMonth}},
		{"city by day", reports.UtilizationQuery{Scope: reports.ScopeCity, Period: models.PeriodDay}},
		{"consortium by week", reports.UtilizationQuery{Scope: reports.ScopeConsortium, ID: consortia[3], Period: models.PeriodWeek}},
		{"facility by month", reports.UtilizationQuery{Scope: reports.ScopeFacility, ID: facilities[42].ID, Period: models.PeriodMonth}},
	}
	for _, c := range reads {
		c.q.From, c.q.To = "2026-01-01", "2026-12-31"
		var best time.Duration
		for range 3 {
			t0 := time.Now()
			u, err := w.App.Reports.Utilization(ctx, w.admin, c.q)
			w.Must(err)
			if len(u.Rows) == 0 || u.Totals.UniqueUsers == 0 {
				t.Fatalf("%s: %d rows, %d users", c.name, len(u.Rows), u.Totals.UniqueUsers)
			}
			if d := time.Since(t0); best == 0 || d < best {
				best = d
			}
		}
		t.Logf("%s %s from the rollups (totals' users from the user-days): %s", w.DB.Dialect, c.name, best.Round(time.Millisecond))
	}
}

// reportsSpans are the rollup spans of the days [from, to], as the rollup computes them.
func reportsSpans(from, to string) models.RollupSpans {
	return reports.RollupSpansOf(from, to)
}
