package handlers

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestUtilizationAPI rolls up a week of a facility's bookings and reads it through the router
// as each role may, as JSON and as files that parse back to the same numbers.
func TestUtilizationAPI(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, shanghai) }
	clock := apptest.NewClock(day(1, 9, 0))
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	fac := f.Facility("Asia/Shanghai")
	other := f.Facility("Asia/Shanghai")
	room := f.Resource(fac.ID, func(r *models.Resource) { r.Capacity = 2 })
	lathe := f.Resource(fac.ID, nil)
	otherRes := f.Resource(other.ID, nil)
	_, managerTok := s.user("rep.manager@test.local", models.RoleManager, fac.ID)
	_, otherManagerTok := s.user("rep.other@test.local", models.RoleManager, other.ID)
	_, adminTok := s.user("rep.admin@test.local", models.RoleAdmin)
	student, studentTok := s.user("rep.student@test.local", models.RoleStudent)
	teacher, _ := s.user("rep.teacher@test.local", models.RoleTeacher)
	book := func(res models.Resource, u models.User, start, end, in, out time.Time, purpose string) {
		i, o := in.UTC(), out.UTC()
		now := clock.Now()
		f.Must(f.DB.CreateBooking(f.Ctx, &models.Booking{ResourceID: res.ID, UserID: u.ID, StartAt: start.UTC(), EndAt: end.UTC(),
			Seats: 1, Purpose: "实验", PurposeCategory: purpose, Status: models.BookingCompleted, CheckedInAt: &i, CheckedOutAt: &o,
			CreatedAt: now, UpdatedAt: now}))
	}
	// Monday 2: the student 10:00–11:00 on the room, the teacher 10:00–12:00 beside him; Tuesday 3:
	// the student 20 minutes on the lathe. 3 user-days, 2 users.
	book(room, student, day(2, 10, 0), day(2, 11, 0), day(2, 10, 0), day(2, 11, 0), "research")
	book(room, teacher, day(2, 10, 0), day(2, 12, 0), day(2, 10, 0), day(2, 12, 0), "teaching")
	book(lathe, student, day(3, 9, 0), day(3, 10, 0), day(3, 9, 0), day(3, 9, 20), "training")
	// A booking's charge and an enrolment's (a session of 12 seats on Tuesday, the student passed).
	var monday models.Booking
	f.Must(f.DB.R(f.Ctx).Where("user_id = ?", teacher.ID).First(&monday).Error)
	charge := func(kind models.ChargeKind, source int64, income string, fen int64, at time.Time) {
		f.Must(f.DB.W(f.Ctx).Create(&models.Charge{Kind: kind, SourceID: &source, FacilityID: fac.ID, PriceType: models.PriceInternal,
			IncomeType: income, Quantity: 1, Unit: models.UnitItem, UnitFen: fen, AmountFen: fen, OccurredAt: at.UTC(),
			Period: "2026-03", CreatedAt: clock.Now()}).Error)
	}
	charge(models.ChargeBooking, monday.ID, models.IncomeInternal, 4550, day(2, 12, 0))
	course := models.Course{FacilityID: fac.ID, Title: "安全培训", Description: "课程", Level: "basic", Hours: 2,
		Status: models.CoursePublished, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	f.Must(f.DB.W(f.Ctx).Create(&course).Error)
	session := models.CourseSession{CourseID: course.ID, InstructorID: teacher.ID, Seats: 12, StartAt: day(3, 14, 0).UTC(),
		EndAt: day(3, 16, 0).UTC(), EnrollOpensAt: day(1, 9, 0).UTC(), EnrollClosesAt: day(3, 14, 0).UTC(),
		CancelDeadline: day(3, 14, 0).UTC(), Audience: models.AudienceOpen, Status: models.SessionScheduled,
		CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	f.Must(f.DB.W(f.Ctx).Create(&session).Error)
	f.Must(f.DB.W(f.Ctx).Create(&models.SessionMeeting{SessionID: session.ID, StartAt: session.StartAt, EndAt: session.EndAt,
		SigninSecret: "reports-api"}).Error)
	enrolment := models.Enrollment{SessionID: session.ID, UserID: student.ID, Status: models.EnrollmentPassed, SeatNo: apptest.Ptr(1),
		LiveUserID: &student.ID, CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	f.Must(f.DB.W(f.Ctx).Create(&enrolment).Error)
	charge(models.ChargeEnrollment, enrolment.ID, models.IncomeExternal, 12000, day(3, 16, 0))
	clock.Set(day(9, 2, 30))
	_, err := s.app.Reports.Rollup(f.Ctx, "2026-03-02", "2026-03-08")
	f.Must(err)

	week := fmt.Sprintf("/api/v1/reports/utilization?scope=facility&id=%d&period=week&from=2026-03-02&to=2026-03-08", fac.ID)
	var report utilizationResponse
	s.run(t, []scenario{
		{"the manager's facility by week", managerTok, http.MethodGet, week, nil, 200, "", func(t *testing.T, r response) {
			r.JSON(t, &report)
			// Open Monday–Friday 14 h and Saturday 8 h: 78 h a week, × 3 seats.
			if len(report.Rows) != 1 {
				t.Fatalf("got %d rows, want 1 week", len(report.Rows))
			}
			w := report.Rows[0]
			if w.Start != "2026-03-02" || w.AvailableMinutes != 3*78*60 || w.EffectiveMinutes != 200 || w.BookedMinutes != 240 ||
				w.UniqueUsers != 2 || w.Bookings != 3 || w.TeachingMinutes != 120 || w.ResearchMinutes != 60 ||
				w.TrainingMinutes != 20 || w.HourMinutes[10] != 120 || w.HourMinutes[11] != 60 || w.HourMinutes[9] != 20 {
				t.Errorf("got %+v", w)
			}
			if want := 0.0142; w.Utilization != want { // 200 / 14040
				t.Errorf("utilization %v, want %v", w.Utilization, want)
			}
			if report.Totals.UniqueUsers != 2 || report.Totals.EffectiveMinutes != 200 || report.Name != fac.Name {
				t.Errorf("totals %+v of %q", report.Totals, report.Name)
			}
			// Two resources of 1,400 hours a year: 230 minutes a day each but 231 on Saturday 7;
			// the booking charge of the teacher's Monday, the enrolment's of Tuesday.
			if w.QuotaMinutes != 2*(6*230+231) || w.QuotaHours != 53.7 || w.QuotaRatio != 0.0621 ||
				w.IncomeInternalFen != 4550 || w.IncomeExternalFen != 12000 || w.SessionsHeld != 1 || w.SeatsOffered != 12 ||
				w.SeatsFilled != 1 || w.FillRate != 0.0833 || w.Passed != 1 || w.PassRate != 1 || w.PeopleTrained != 1 {
				t.Errorf("quota, income and training: %+v", w)
			}
		}},
		{"by day", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=resource&id=%d&period=day&from=2026-03-01&to=2026-03-03", room.ID),
			nil, 200, "", func(t *testing.T, r response) {
				var u utilizationResponse
				r.JSON(t, &u)
				// Sunday 1 was not computed: no row.
				if len(u.Rows) != 2 || u.Rows[0].Start != "2026-03-02" || u.Rows[0].UniqueUsers != 2 || u.Rows[1].EffectiveMinutes != 0 {
					t.Errorf("got %+v", u.Rows)
				}
			}},
		{"by month, the city", adminTok, http.MethodGet, "/api/v1/reports/utilization?scope=city&period=month&from=2026-03-01&to=2026-03-31",
			nil, 200, "", func(t *testing.T, r response) {
				var u utilizationResponse
				r.JSON(t, &u)
				if len(u.Rows) != 1 || u.Rows[0].Start != "2026-03-01" || u.Rows[0].EffectiveMinutes != 200 || u.Rows[0].Resources < 3 {
					t.Errorf("got %+v", u.Rows)
				}
			}},
		{"the admin, a consortium by year", adminTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=consortium&id=%d&period=year&from=2026-01-01&to=2026-12-31", fac.ConsortiumID),
			nil, 200, "", func(t *testing.T, r response) {
				var u utilizationResponse
				r.JSON(t, &u)
				if len(u.Rows) != 1 || u.Rows[0].Start != "2026-01-01" || u.Rows[0].EffectiveMinutes != 200 {
					t.Errorf("got %+v", u.Rows)
				}
			}},
		{"another facility's manager", otherManagerTok, http.MethodGet, week, nil, 404, "not_found", nil},
		{"another facility's resource", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=resource&id=%d&period=day&from=2026-03-02&to=2026-03-08", otherRes.ID), nil, 404, "not_found", nil},
		{"no such facility", adminTok, http.MethodGet, "/api/v1/reports/utilization?scope=facility&id=999999&period=day&from=2026-03-02&to=2026-03-08", nil, 404, "not_found", nil},
		{"a manager, the city", managerTok, http.MethodGet, "/api/v1/reports/utilization?scope=city&period=month&from=2026-03-01&to=2026-03-31", nil, 403, "forbidden", nil},
		{"a manager, a consortium", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=consortium&id=%d&period=month&from=2026-03-01&to=2026-03-31", fac.ConsortiumID), nil, 403, "forbidden", nil},
		{"a student", studentTok, http.MethodGet, week, nil, 403, "forbidden", nil},
		{"no token", "", http.MethodGet, week, nil, 401, "unauthenticated", nil},
		{"the end before the start", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=facility&id=%d&period=day&from=2026-03-08&to=2026-03-02", fac.ID), nil, 422, "validation_failed", fields("to")},
		{"two years by day", adminTok, http.MethodGet, "/api/v1/reports/utilization?scope=city&period=day&from=2025-01-01&to=2026-12-31", nil, 422, "validation_failed", fields("to")},
		{"no id", managerTok, http.MethodGet, "/api/v1/reports/utilization?scope=facility&period=day&from=2026-03-02&to=2026-03-08", nil, 422, "validation_failed", fields("id")},
		bad(scenario{"nothing asked", managerTok, http.MethodGet, "/api/v1/reports/utilization", nil, 422, "validation_failed", fields("scope", "period", "from", "to")}),
		bad(scenario{"a bogus scope and period", managerTok, http.MethodGet, "/api/v1/reports/utilization?scope=planet&period=decade&from=2026-03-02&to=2026-03-08", nil, 422, "validation_failed", fields("scope", "period")}),
		bad(scenario{"a bogus day", managerTok, http.MethodGet, fmt.Sprintf("/api/v1/reports/utilization?scope=facility&id=%d&period=day&from=2026-02-30&to=2026-03-08", fac.ID), nil, 422, "validation_failed", fields("from")}),
		bad(scenario{"a bogus format", managerTok, http.MethodGet, week + "&format=pdf", nil, 422, "validation_failed", fields("format")}),
		bad(scenario{"an id that is no number", managerTok, http.MethodGet, "/api/v1/reports/utilization?scope=facility&id=abc&period=day&from=2026-03-02&to=2026-03-08", nil, 400, "bad_request", nil}),
	})

	// The files carry the JSON's numbers: hours, counts and ratios, a row per period and totals.
	want := func(fr figuresResponse, first string) []string {
		return []string{first, num(fr.Resources), flt(fr.AvailableHours), flt(fr.BookedHours), flt(fr.EffectiveHours),
			flt(fr.Utilization), flt(fr.BookingRate), num(fr.Bookings), num(fr.NoShows), flt(fr.NoShowRate), num(fr.UniqueUsers),
			flt(hours(fr.TeachingMinutes)), flt(hours(fr.ResearchMinutes)), flt(hours(fr.TrainingMinutes)),
			flt(hours(fr.SocialServiceMinutes)), flt(hours(fr.InternalMinutes)), flt(hours(fr.MemberMinutes)),
			flt(hours(fr.ExternalMinutes)), flt(fr.OpenShare), flt(fr.ServiceHours),
			flt(fr.QuotaHours), flt(fr.QuotaRatio), yuan(fr.IncomeInternalFen), yuan(fr.IncomeExternalFen),
			num(fr.RequestsReceived), num(fr.RequestsDelivered), num(fr.RequestsOnTime), flt(fr.OnTimeRate), num(fr.RequestsOverdue),
			flt(hours(fr.FirstResponseMedianMinutes)), flt(hours(fr.TurnaroundMedianMinutes)), num(fr.Ratings), flt(fr.MeanRating),
			num(fr.SessionsHeld), num(fr.SeatsOffered), num(fr.SeatsFilled), flt(fr.FillRate), num(fr.Attended), flt(fr.AttendanceRate),
			num(fr.Results), num(fr.Passed), flt(fr.PassRate), num(fr.PeopleTrained), num(fr.SMEsServed)}
	}
	wantRows := [][]string{want(report.Rows[0], "2026-03-02"), want(report.Totals, "Totals")}
	check := func(t *testing.T, rows [][]string, header string) {
		t.Helper()
		if len(rows) != 3 || rows[0][4] != header {
			t.Fatalf("got %q, want a header with %q and 2 rows", rows, header)
		}
		for i, w := range wantRows {
			if i == 1 && header != "Effective hours" {
				w[0] = "合计"
			}
			for j := range w {
				if !sameNumber(rows[i+1][j], w[j]) {
					t.Errorf("row %d column %d: got %q, want %q", i+1, j, rows[i+1][j], w[j])
				}
			}
		}
	}
	s.run(t, []scenario{
		{"as CSV in English", managerTok, http.MethodGet, week + "&format=csv&lang=en", nil, 200, "", func(t *testing.T, r response) {
			if !bytes.HasPrefix(r.Body, []byte("\uFEFF")) {
				t.Fatalf("no byte-order mark: %q", truncateBody(r.Body))
			}
			rows, err := csv.NewReader(bytes.NewReader(r.Body[3:])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			check(t, rows, "Effective hours")
		}},
		{"as XLSX in Chinese", managerTok, http.MethodGet, week + "&format=xlsx", nil, 200, "", func(t *testing.T, r response) {
			x, err := excelize.OpenReader(bytes.NewReader(r.Body))
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = x.Close() }()
			rows, err := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			check(t, rows, "有效机时")
			if typ, _ := x.GetCellType(x.GetSheetName(0), "E2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
				t.Errorf("E2 is of type %v, want a number", typ)
			}
		}},
	})
}

func num(n int64) string    { return strconv.FormatInt(n, 10) }
func yuan(fen int64) string { return strconv.FormatFloat(float64(fen)/100, 'f', 2, 64) }
func flt(v float64) string  { return strconv.FormatFloat(v, 'f', -1, 64) }
func hours(m int64) float64 { return float64(int64(float64(m)/60*100+0.5)) / 100 }

// sameNumber compares two cells as numbers where both are, else as text.
func sameNumber(got, want string) bool {
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(want, 64)
	if err1 == nil && err2 == nil {
		return g == w
	}
	return got == want
}

// fields checks that an error answer names each field.
func fields(names ...string) func(t *testing.T, res response) {
	return func(t *testing.T, res response) {
		t.Helper()
		got := res.Fields()
		for _, n := range names {
			if got[n] == "" {
				t.Errorf("no message for %s in %v", n, got)
			}
		}
	}
}
