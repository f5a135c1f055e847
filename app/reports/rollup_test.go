package reports_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"cqshare/models"
)

// rows is the computed resource-days of the week, without the time they were computed, by
// resource and day.
func rows(w *world, from, to string) map[int64]map[string]models.ReportResourceDay {
	w.T.Helper()
	got, err := w.DB.ResourceDays(w.Ctx, from, to)
	w.Must(err)
	out := map[int64]map[string]models.ReportResourceDay{}
	for _, r := range got {
		r.Week = ""
		if out[r.ResourceID] == nil {
			out[r.ResourceID] = map[string]models.ReportResourceDay{}
		}
		out[r.ResourceID][r.Day] = r
	}
	return out
}

// rollups is every stored rollup, without the time it was computed.
func rollups(w *world) map[[4]string]models.ReportRollup {
	w.T.Helper()
	var all []models.ReportRollup
	w.Must(w.DB.R(w.Ctx).Find(&all).Error)
	out := map[[4]string]models.ReportRollup{}
	for _, r := range all {
		r.ComputedAt = time.Time{}
		out[[4]string{r.Scope, fmt.Sprint(r.ScopeID), r.PeriodKind, r.PeriodStart}] = r
	}
	return out
}

// TestRollupFigures: every figure of every resource-day of the week is what the hand
// computation says.
func TestRollupFigures(t *testing.T) {
	t.Parallel()
	w := newMarch(t)
	n, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	if n != 3*7 {
		t.Errorf("rows: got %d, want 21 (3 resources × 7 days)", n)
	}
	open := map[string]int64{"2026-03-02": 840, "2026-03-03": 840, "2026-03-04": 0, "2026-03-05": 840, "2026-03-06": 840,
		"2026-03-07": 480, "2026-03-08": 480}
	want := map[int64]map[string]day{w.room.ID: {}, w.lathe.ID: {}, w.nyBench.ID: {}}
	for d, m := range open {
		want[w.room.ID][d] = day{available: 2 * m}
		want[w.lathe.ID][d] = day{available: m}
	}
	for _, d := range []string{"2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"} {
		want[w.nyBench.ID][d] = day{available: 840}
	}
	want[w.nyBench.ID]["2026-03-07"] = day{available: 480}
	want[w.nyBench.ID]["2026-03-08"] = day{available: 0} // Sunday; the make-up day is Shanghai's
	want[w.room.ID]["2026-03-02"] = day{available: 1680, booked: 180, effective: 150, bookings: 2, users: 2,
		teaching: 60, research: 90, internal: 90, member: 60, hours: map[int]int64{10: 110, 11: 40}}
	want[w.room.ID]["2026-03-03"] = day{available: 1680, booked: 60, bookings: 1, noShows: 1}
	want[w.room.ID]["2026-03-05"] = day{available: 1680, booked: 360, effective: 360, bookings: 1, users: 1,
		social: 360, external: 360, service: 360, hours: map[int]int64{21: 120, 22: 120, 23: 120}}
	want[w.room.ID]["2026-03-06"] = day{available: 1680, booked: 240, effective: 105, bookings: 1, users: 2,
		training: 45, social: 60, internal: 45, external: 60, service: 60, hours: map[int]int64{0: 60, 14: 45}}
	want[w.lathe.ID]["2026-03-03"] = day{available: 720, booked: 60, effective: 60, bookings: 1, users: 1,
		research: 60, internal: 60, hours: map[int]int64{13: 60}}
	want[w.nyBench.ID]["2026-03-02"] = day{available: 840, booked: 60, effective: 60, bookings: 1, users: 1,
		teaching: 60, member: 60, hours: map[int]int64{23: 60}}
	want[w.nyBench.ID]["2026-03-03"] = day{available: 840, booked: 60, effective: 60, users: 1,
		teaching: 60, member: 60, hours: map[int]int64{0: 60}}

	// The default quota of 1,400 hours is 84,000 minutes over 365 days: day i of the year (from
	// 0) gets 84000(i+1)/365 - 84000i/365 in whole minutes, 230 or 231; the lathe's 730 hours
	// are 120 minutes every day.
	for res, days := range want {
		for d, fig := range days {
			switch {
			case res == w.lathe.ID:
				fig.quota = 120
			case d == "2026-03-07": // day 65 of the year
				fig.quota = 231
			default:
				fig.quota = 230
			}
			days[d] = fig
		}
	}

	got := rows(w, "2026-03-02", "2026-03-08")
	if len(got) != 3 || len(got[w.room.ID]) != 7 {
		t.Fatalf("got rows of %d resources, %d days of the room; want 3 and 7", len(got), len(got[w.room.ID]))
	}
	facility := map[int64]int64{w.room.ID: w.practice.ID, w.lathe.ID: w.practice.ID, w.nyBench.ID: w.ny.ID}
	for res, days := range want {
		for d, fig := range days {
			wantRow := fig.row(res, facility[res], d)
			g := got[res][d]
			g.ComputedAt = wantRow.ComputedAt
			if g != wantRow {
				t.Errorf("resource %d on %s:\n got %+v\nwant %+v", res, d, g, wantRow)
			}
		}
	}
	var weeks []string
	w.Must(w.DB.R(w.Ctx).Model(&models.ReportResourceDay{}).Distinct("week").Pluck("week", &weeks).Error)
	if len(weeks) != 1 || weeks[0] != "2026-03-02" {
		t.Errorf("weeks: got %v, want [2026-03-02]", weeks)
	}
}

// TestRollupIdempotent: running a range twice writes the same rows, and no more.
func TestRollupIdempotent(t *testing.T) {
	t.Parallel()
	w := newMarch(t)
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	first := rows(w, "2026-03-02", "2026-03-08")
	users := w.Count(&models.ReportUserDay{}, "1 = 1")
	firstRollups := rollups(w)
	w.Clock.Advance(3600e9)
	n, err := w.App.Reports.Rollup(w.Ctx, "2026-03-01", "2026-03-08")
	w.Must(err)
	if n != 3*8 {
		t.Errorf("rows: got %d, want 24", n)
	}
	second := rows(w, "2026-03-02", "2026-03-08")
	for res, days := range first {
		for d, r := range days {
			s := second[res][d]
			r.ComputedAt = s.ComputedAt
			if r != s {
				t.Errorf("resource %d on %s changed:\n got %+v\nwant %+v", res, d, s, r)
			}
		}
	}
	secondRollups := rollups(w)
	if len(firstRollups) == 0 || len(secondRollups) != len(firstRollups)+10 { // Sunday 1 adds a day and a week (from 23 February) of 2 facilities, 2 consortia and the city
		t.Errorf("rollups: got %d, then %d; want 10 more", len(firstRollups), len(secondRollups))
	}
	for k, r := range firstRollups {
		// Sunday 1 adds its quota to its month and year.
		if k[2] == models.PeriodMonth || k[2] == models.PeriodYear {
			r.QuotaMinutes += secondRollups[[4]string{k[0], k[1], models.PeriodDay, "2026-03-01"}].QuotaMinutes
		}
		if secondRollups[k] != r {
			t.Errorf("rollup %v changed:\n got %+v\nwant %+v", k, secondRollups[k], r)
		}
	}
	if n := w.Count(&models.ReportResourceDay{}, "1 = 1"); n != 24 {
		t.Errorf("resource-days: got %d, want 24", n)
	}
	if n := w.Count(&models.ReportUserDay{}, "1 = 1"); n != users || n != 8 {
		t.Errorf("user-days: got %d, want %d = 8", n, users)
	}
}

// TestLateChangeRecomputed: a booking checked out after its day was computed marks the day
// dirty, and the next nightly run, which would not otherwise read that day again, corrects it.
func TestLateChangeRecomputed(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sh(1, 9, 0))
	b := w.booking(w.room, w.internal, sh(6, 15, 0), sh(6, 17, 0), 1, "research", models.BookingCheckedIn, sh(6, 15, 0), time.Time{})
	w.Clock.Set(sh(6, 16, 0))
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-06", "2026-03-06")
	w.Must(err)
	effective := func() int64 {
		return rows(w, "2026-03-06", "2026-03-06")[w.room.ID]["2026-03-06"].EffectiveMinutes
	}
	if got := effective(); got != 60 {
		t.Fatalf("effective while checked in at 16:00: got %d, want 60", got)
	}
	w.Clock.Set(sh(6, 16, 30))
	_, err = w.App.Booking.CheckOut(w.Ctx, w.internal, b.ID)
	w.Must(err)
	if n := w.Count(&models.ReportDirtyDay{}, "resource_id = ? AND day = ?", w.room.ID, "2026-03-06"); n != 1 {
		t.Fatalf("dirty marks after the check-out: got %d, want 1", n)
	}
	// Monday 02:30: the nightly run computes Saturday and Sunday, and the dirty Friday.
	w.Clock.Set(sh(9, 2, 30))
	rowsWritten, err := w.App.Reports.RollupNightly(w.Ctx)
	w.Must(err)
	if got := effective(); got != 90 {
		t.Errorf("effective after the nightly run: got %d, want 90 (15:00–16:30)", got)
	}
	if n := w.Count(&models.ReportDirtyDay{}, "1 = 1"); n != 0 {
		t.Errorf("dirty marks left: %d", n)
	}
	// 3 resources × (7, 8 March) + 3 × 6 March.
	if rowsWritten != 9 {
		t.Errorf("rows: got %d, want 9", rowsWritten)
	}
	// A change to a day not computed yet marks nothing.
	c := w.booking(w.lathe, w.internal, sh(10, 9, 0), sh(10, 10, 0), 1, "research", models.BookingConfirmed, time.Time{}, time.Time{})
	w.Clock.Set(sh(10, 9, 5))
	_, err = w.App.Booking.CheckIn(w.Ctx, w.internal, c.ID)
	w.Must(err)
	if n := w.Count(&models.ReportDirtyDay{}, "1 = 1"); n != 0 {
		t.Errorf("dirty marks for a day never computed: %d", n)
	}
}

// TestCutRollupRepairedNextNight: a nightly run cut off after it committed its days but before
// it wrote their facilities', consortia's and city's rollups (its server killed, or a later
// write failing) leaves nothing wrong for good: the next night's run writes every rollup that
// two nights never cut off write, though its own days begin after the cut run's.
func TestCutRollupRepairedNextNight(t *testing.T) {
	t.Parallel()
	nights := func(cut bool) *world {
		w := newMarch(t)
		// Saturday 02:30 computes Friday (Thursday in New York), Sunday 02:30 Saturday (Friday).
		w.Clock.Set(sh(7, 2, 30))
		if cut {
			trigger := "CREATE TRIGGER cut_rollups BEFORE INSERT ON report_rollups BEGIN SELECT RAISE(ABORT, 'cut off'); END"
			if w.DB.Dialect == models.MySQL {
				trigger = "CREATE TRIGGER cut_rollups BEFORE INSERT ON report_rollups FOR EACH ROW " +
					"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'cut off'"
			}
			w.Must(w.DB.W(w.Ctx).Exec(trigger).Error)
			if _, err := w.App.Reports.RollupNightly(w.Ctx); err == nil || !strings.Contains(err.Error(), "cut off") {
				t.Fatalf("the cut night: got %v, want its rollups cut off", err)
			}
			if n := w.Count(&models.ReportResourceDay{}, "1 = 1"); n == 0 {
				t.Fatal("the cut night committed no day; want its days written, their rollups not")
			}
			w.Must(w.DB.W(w.Ctx).Exec("DROP TRIGGER cut_rollups").Error)
		} else {
			_, err := w.App.Reports.RollupNightly(w.Ctx)
			w.Must(err)
		}
		w.Clock.Set(sh(8, 2, 30))
		_, err := w.App.Reports.RollupNightly(w.Ctx)
		w.Must(err)
		return w
	}
	whole, cut := nights(false), nights(true)
	want, got := rollups(whole), rollups(cut)
	if len(want) == 0 {
		t.Fatal("two whole nights wrote no rollup")
	}
	var differ []string
	for k, r := range want {
		if g, ok := got[k]; !ok || g != r {
			differ = append(differ, fmt.Sprintf("%v (effective minutes %d, want %d)", k, g.EffectiveMinutes, r.EffectiveMinutes))
		}
	}
	if len(differ) > 0 || len(got) != len(want) {
		t.Errorf("after the cut night and the next: %d rollups, want %d; differing from two whole nights': %v", len(got), len(want), differ)
	}
	days := func(w *world) string {
		out := rows(w, "2026-03-01", "2026-03-08")
		for _, byDay := range out {
			for d, r := range byDay {
				r.ComputedAt = time.Time{}
				byDay[d] = r
			}
		}
		return fmt.Sprint(out)
	}
	if days(cut) != days(whole) {
		t.Error("the resource-days after the cut night and the next differ from two whole nights'")
	}
}

// TestRollupJobRun: the command line's range is a run of reports_rollup with its rows.
func TestRollupJobRun(t *testing.T) {
	t.Parallel()
	w := newMarch(t)
	run, err := w.App.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	if run.Name != "reports_rollup" || run.Status != models.JobSucceeded || run.RowsWritten != 21 {
		t.Errorf("run: got %s %s with %d rows, want reports_rollup succeeded with 21", run.Name, run.Status, run.RowsWritten)
	}
}

// TestFacilityTimeIsUse: nobody checks in to the equipment time a platform books for a service
// request, so its booked interval is its use and its external service minutes (对外服务机时);
// while it runs, it counts up to now.
func TestFacilityTimeIsUse(t *testing.T) {
	t.Parallel()
	w := newWorld(t, sh(1, 9, 0))
	var none time.Time
	b := w.booking(w.lathe, w.internal, sh(2, 10, 0), sh(2, 12, 0), 1, "social_service", models.BookingConfirmed, none, none)
	w.Must(w.DB.W(w.Ctx).Model(&b).Updates(map[string]any{"facility_time": true, "service_request_id": 4711}).Error)

	w.Clock.Set(sh(2, 11, 15))
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-02")
	w.Must(err)
	running := rows(w, "2026-03-02", "2026-03-02")[w.lathe.ID]["2026-03-02"]
	if running.EffectiveMinutes != 75 || running.ServiceMinutes != 75 {
		t.Errorf("while it runs: %d effective, %d service minutes; want 75 and 75", running.EffectiveMinutes, running.ServiceMinutes)
	}

	w.Clock.Set(sh(3, 2, 30))
	_, err = w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-02")
	w.Must(err)
	got := rows(w, "2026-03-02", "2026-03-02")[w.lathe.ID]["2026-03-02"]
	want := day{available: 840, booked: 120, effective: 120, bookings: 1, users: 1, social: 120, internal: 120, service: 120,
		quota: 120, hours: map[int]int64{10: 60, 11: 60}}.row(w.lathe.ID, w.practice.ID, "2026-03-02")
	got.ComputedAt = want.ComputedAt
	if got != want {
		t.Errorf("after it ended:\n got %+v\nwant %+v", got, want)
	}
}
