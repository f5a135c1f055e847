package reports_test

import (
	"testing"

	"cqshare/app/reports"
	"cqshare/models"
)

// TestRollupScopes: the facility, consortium and city rollups of the week, month and year are
// the sums of the hand-computed resource-days, with users counted once over the period.
func TestRollupScopes(t *testing.T) {
	t.Parallel()
	w := newMarch(t)
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	practice := reports.Figures{Resources: 2, AvailableMinutes: 12840, BookedMinutes: 900, EffectiveMinutes: 675, Bookings: 6,
		NoShows: 1, UniqueUsers: 3, TeachingMinutes: 60, ResearchMinutes: 150, TrainingMinutes: 45, SocialServiceMinutes: 420,
		InternalMinutes: 195, MemberMinutes: 60, ExternalMinutes: 420, ServiceMinutes: 420, QuotaMinutes: 6*230 + 231 + 7*120,
		Utilization: 0.0526, BookingRate: 0.0701, NoShowRate: 0.1667, OpenShare: 0.7111, QuotaRatio: 0.2754}
	practice.SMEsServed = 1 // the SME's service booking
	practice.HourMinutes[10], practice.HourMinutes[11], practice.HourMinutes[13], practice.HourMinutes[14] = 110, 40, 60, 45
	practice.HourMinutes[21], practice.HourMinutes[22], practice.HourMinutes[23], practice.HourMinutes[0] = 120, 120, 120, 60
	city := practice
	city.Resources, city.AvailableMinutes, city.BookedMinutes, city.EffectiveMinutes, city.Bookings = 3, 17520, 1020, 795, 7
	city.TeachingMinutes, city.MemberMinutes = 180, 180
	city.HourMinutes[23], city.HourMinutes[0] = 180, 120
	city.Utilization, city.BookingRate, city.NoShowRate, city.OpenShare = 0.0454, 0.0582, 0.1429, 0.7547
	city.QuotaMinutes += 6*230 + 231 // New York's bench
	city.QuotaRatio = 0.1957

	cases := []struct {
		name  string
		q     reports.UtilizationQuery
		start string
		want  reports.Figures
	}{
		{"the facility's week", reports.UtilizationQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Period: models.PeriodWeek}, "2026-03-02", practice},
		{"the facility's month", reports.UtilizationQuery{Scope: reports.ScopeFacility, ID: w.practice.ID, Period: models.PeriodMonth}, "2026-03-01", practice},
		{"the consortium's year", reports.UtilizationQuery{Scope: reports.ScopeConsortium, ID: w.practice.ConsortiumID, Period: models.PeriodYear}, "2026-01-01", practice},
		{"the city's week", reports.UtilizationQuery{Scope: reports.ScopeCity, Period: models.PeriodWeek}, "2026-03-02", city},
		{"the city's year", reports.UtilizationQuery{Scope: reports.ScopeCity, Period: models.PeriodYear}, "2026-01-01", city},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.q.From, c.q.To = "2026-03-02", "2026-03-08"
			u, err := w.App.Reports.Utilization(w.Ctx, w.admin, c.q)
			w.Must(err)
			if len(u.Rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(u.Rows))
			}
			want := c.want
			want.Start = c.start
			if u.Rows[0] != want {
				t.Errorf("\n got %+v\nwant %+v", u.Rows[0], want)
			}
			want.Start = ""
			if u.Totals != want {
				t.Errorf("totals\n got %+v\nwant %+v", u.Totals, want)
			}
		})
	}
	// By day the facility's days sum to the week, and the week's users are not the days' sum.
	u, err := w.App.Reports.Utilization(w.Ctx, w.manager, reports.UtilizationQuery{Scope: reports.ScopeFacility, ID: w.practice.ID,
		Period: models.PeriodDay, From: "2026-03-02", To: "2026-03-08"})
	w.Must(err)
	var effective, users int64
	for _, r := range u.Rows {
		effective += r.EffectiveMinutes
		users += r.UniqueUsers
	}
	if len(u.Rows) != 7 || effective != 675 || users != 2+1+0+1+2+0+0 || u.Totals.UniqueUsers != 3 {
		t.Errorf("got %d days, %d effective, %d user-days, %d users; want 7, 675, 6, 3", len(u.Rows), effective, users, u.Totals.UniqueUsers)
	}
	// A span that is no stored period: its users are counted from the user-days.
	u, err = w.App.Reports.Utilization(w.Ctx, w.admin, reports.UtilizationQuery{Scope: reports.ScopeCity,
		Period: models.PeriodDay, From: "2026-03-01", To: "2026-03-10"})
	w.Must(err)
	if len(u.Rows) != 7 || u.Totals.UniqueUsers != 3 || u.Totals.EffectiveMinutes != 795 {
		t.Errorf("got %d days, %d users, %d effective; want 7, 3, 795", len(u.Rows), u.Totals.UniqueUsers, u.Totals.EffectiveMinutes)
	}
}

// TestUtilizationServiceFigures: a facility's report by day carries each day's service and
// training figures, and its totals count the week as one period (S1, which met on Tuesday and
// Thursday, is one session held; the medians are the week's), with the rates they give.
func TestUtilizationServiceFigures(t *testing.T) {
	t.Parallel()
	w := newFigures(t)
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	u, err := w.App.Reports.Utilization(w.Ctx, w.manager, reports.UtilizationQuery{Scope: reports.ScopeFacility, ID: w.practice.ID,
		Period: models.PeriodDay, From: "2026-03-02", To: "2026-03-08"})
	w.Must(err)
	if len(u.Rows) != 7 || u.Rows[1].SessionsHeld != 1 || u.Rows[1].IncomeExternalFen != 20000 || u.Rows[4].RequestsOverdue != 2 {
		t.Fatalf("rows: %+v", u.Rows)
	}
	got := u.Totals
	want := models.ReportServiceFigures{RequestsReceived: 5, RequestsDelivered: 2, RequestsOnTime: 1, RequestsOverdue: 2,
		FirstResponseMedianMinutes: 60, TurnaroundMedianMinutes: 600, Ratings: 2, RatingSum: 7,
		SessionsHeld: 2, SeatsOffered: 14, SeatsFilled: 6, Attended: 4, Results: 5, Passed: 2, PeopleTrained: 3, SMEsServed: 2}
	if got.ReportServiceFigures != want {
		t.Errorf("totals\n got %+v\nwant %+v", got.ReportServiceFigures, want)
	}
	if got.IncomeInternalFen != 1800 || got.IncomeExternalFen != 77000 || got.OnTimeRate != 0.5 || got.MeanRating != 3.5 ||
		got.FillRate != 0.4286 || got.AttendanceRate != 0.6667 || got.PassRate != 0.4 {
		t.Errorf("totals: income %d/%d, rates on time %v, rating %v, fill %v, attendance %v, pass %v; want 1800/77000, 0.5, 3.5, 0.4286, 0.6667, 0.4",
			got.IncomeInternalFen, got.IncomeExternalFen, got.OnTimeRate, got.MeanRating, got.FillRate, got.AttendanceRate, got.PassRate)
	}
}
