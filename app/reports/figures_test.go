package reports_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/models"
)

// figures is the March week of newMarch with what the tech platform and the training base did
// in it, written as the rows stand after their lives (the reports read the rows): service
// requests of the practice and of New York, their ratings, two sessions held, one cancelled,
// their enrolments, and charges of bookings, of an enrolment, of a request and adjustments.
type figures struct {
	*world
	sme2 core.Actor // of a second SME, who only attends a course
}

func newFigures(t *testing.T) *figures {
	w := &figures{world: newMarch(t)}
	sme2Org := w.org(true)
	w.sme2 = w.person(models.RoleSME, &sme2Org)
	now := w.Clock.Now()
	p := apptest.Ptr[time.Time]
	minutes := apptest.Ptr[int]
	request := func(fac models.Facility, status models.ServiceRequestStatus, submitted time.Time, mod func(*models.ServiceRequest)) models.ServiceRequest {
		r := models.ServiceRequest{FacilityID: fac.ID, OrganizationID: w.smeOrg, RequesterID: w.sme.UserID, Title: "检测",
			Description: "样品检测", Quantity: 1, Status: status, SubmittedAt: submitted.UTC(), CreatedAt: now, UpdatedAt: now}
		if mod != nil {
			mod(&r)
		}
		w.Must(w.DB.W(w.Ctx).Create(&r).Error)
		return r
	}
	rate := func(r models.ServiceRequest, score int, at time.Time) {
		w.Must(w.DB.W(w.Ctx).Create(&models.ServiceRating{RequestID: r.ID, Score: score, RatedBy: w.sme.UserID, CreatedAt: at.UTC()}).Error)
	}
	// R1: answered in 60 working minutes, delivered on Wednesday before its due date (Friday
	// 00:00) after 300, rated 5.
	r1 := request(w.practice, models.RequestClosed, sh(2, 9, 0), func(r *models.ServiceRequest) {
		r.FirstResponseAt, r.FirstResponseMinutes, r.AcceptedAt = p(sh(2, 10, 0).UTC()), minutes(60), p(sh(2, 11, 0).UTC())
		r.DueAt, r.DeliveredAt, r.TurnaroundMinutes = p(sh(6, 0, 0).UTC()), p(sh(4, 15, 0).UTC()), minutes(300)
	})
	rate(r1, 5, sh(5, 10, 0))
	// R2: due by Wednesday 00:00, delivered late on Friday after 900 minutes, rated 2.
	r2 := request(w.practice, models.RequestDelivered, sh(2, 20, 0), func(r *models.ServiceRequest) {
		r.FirstResponseAt, r.FirstResponseMinutes, r.AcceptedAt = p(sh(3, 9, 0).UTC()), minutes(120), p(sh(3, 10, 0).UTC())
		r.DueAt, r.DeliveredAt, r.TurnaroundMinutes = p(sh(4, 0, 0).UTC()), p(sh(6, 11, 0).UTC()), minutes(900)
	})
	rate(r2, 2, sh(7, 9, 0))
	// R3: due by Thursday 00:00 and still in progress.
	request(w.practice, models.RequestInProgress, sh(3, 10, 0), func(r *models.ServiceRequest) {
		r.FirstResponseAt, r.FirstResponseMinutes, r.AcceptedAt = p(sh(3, 12, 0).UTC()), minutes(30), p(sh(3, 13, 0).UTC())
		r.DueAt = p(sh(5, 0, 0).UTC())
	})
	// R4: no first response by its target, Friday 13:00.
	request(w.practice, models.RequestSubmitted, sh(6, 9, 0), func(r *models.ServiceRequest) { r.ResponseDueAt = p(sh(6, 13, 0).UTC()) })
	// R5: cancelled unanswered: received, never overdue.
	request(w.practice, models.RequestCancelled, sh(7, 10, 0), func(r *models.ServiceRequest) { r.ResponseDueAt = p(sh(7, 11, 0).UTC()) })
	// R6: New York, submitted Monday 23:30 there (Tuesday in Shanghai), delivered with no due date.
	request(w.ny, models.RequestDelivered, at(newYork, 2, 23, 30, 0), func(r *models.ServiceRequest) {
		r.FirstResponseAt, r.FirstResponseMinutes = p(at(newYork, 3, 1, 0, 0).UTC()), minutes(90)
		r.AcceptedAt, r.DeliveredAt, r.TurnaroundMinutes = p(at(newYork, 3, 2, 0, 0).UTC()), p(at(newYork, 3, 10, 0, 0).UTC()), minutes(40)
	})

	// Training: S1 (10 seats) meets Tuesday and Thursday; S2 was cancelled; S3 (4 seats) meets Friday.
	course := models.Course{FacilityID: w.practice.ID, Title: "数控培训", Description: "课程", Level: "basic", Hours: 8,
		Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	w.Must(w.DB.W(w.Ctx).Create(&course).Error)
	session := func(seats int, status models.SessionStatus, meetings ...time.Time) models.CourseSession {
		s := models.CourseSession{CourseID: course.ID, InstructorID: w.manager.UserID, Seats: seats, StartAt: meetings[0].UTC(),
			EndAt: meetings[len(meetings)-1].Add(2 * time.Hour).UTC(), EnrollOpensAt: sh(1, 0, 0).UTC(), EnrollClosesAt: meetings[0].UTC(),
			CancelDeadline: meetings[0].UTC(), Audience: models.AudienceOpen, Status: status, CreatedAt: now, UpdatedAt: now}
		w.Must(w.DB.W(w.Ctx).Create(&s).Error)
		for i, m := range meetings {
			w.Must(w.DB.W(w.Ctx).Create(&models.SessionMeeting{SessionID: s.ID, StartAt: m.UTC(), EndAt: m.Add(2 * time.Hour).UTC(),
				SigninSecret: fmt.Sprintf("s%d-%d", s.ID, i)}).Error)
		}
		return s
	}
	enrol := func(s models.CourseSession, who core.Actor, status models.EnrollmentStatus, seat int) models.Enrollment {
		e := models.Enrollment{SessionID: s.ID, UserID: who.UserID, Status: status, CreatedAt: now, UpdatedAt: now}
		switch status {
		case models.EnrollmentWaitlisted:
			e.QueueNo, e.LiveUserID = apptest.Ptr(seat), &e.UserID
		case models.EnrollmentCancelled:
		default:
			e.SeatNo, e.LiveUserID = apptest.Ptr(seat), &e.UserID
		}
		w.Must(w.DB.W(w.Ctx).Create(&e).Error)
		return e
	}
	s1 := session(10, models.SessionScheduled, sh(3, 14, 0), sh(5, 14, 0))
	passed := enrol(s1, w.internal, models.EnrollmentPassed, 1)
	enrol(s1, w.sme, models.EnrollmentAttended, 2)
	enrol(s1, w.member, models.EnrollmentAbsent, 3)
	enrol(s1, w.loner, models.EnrollmentEnrolled, 4)
	enrol(s1, w.student, models.EnrollmentCancelled, 0)
	enrol(s1, w.admin, models.EnrollmentWaitlisted, 1)
	s2 := session(20, models.SessionCancelled, sh(4, 9, 0))
	enrol(s2, w.sme2, models.EnrollmentPassed, 1)
	s3 := session(4, models.SessionScheduled, sh(6, 9, 0))
	enrol(s3, w.internal, models.EnrollmentPassed, 1)
	enrol(s3, w.sme2, models.EnrollmentAttended, 2)

	// Charges: of the room's Monday booking (internal), of the SME's service booking (external,
	// at its check-out on Friday 00:30) and an adjustment of it on Saturday; of an enrolment
	// on Tuesday 07:30 in Shanghai (Monday in UTC), of R1, and an adjustment of no charge.
	charge := func(kind models.ChargeKind, source *int64, income string, fen int64, occurred time.Time, corrects *int64) models.Charge {
		c := models.Charge{Kind: kind, SourceID: source, FacilityID: w.practice.ID, PriceType: models.PriceInternal, IncomeType: income,
			Quantity: 1, Unit: models.UnitItem, UnitFen: fen, AmountFen: fen, OccurredAt: occurred.UTC(), Period: "2026-03",
			CorrectsChargeID: corrects, CreatedAt: now}
		w.Must(w.DB.W(w.Ctx).Create(&c).Error)
		return c
	}
	monday, service := w.bookingAt(w.room, sh(2, 10, 0), w.internal), w.bookingAt(w.room, sh(5, 21, 0), w.sme)
	charge(models.ChargeBooking, &monday, models.IncomeInternal, 1500, sh(2, 11, 40), nil)
	c := charge(models.ChargeBooking, &service, models.IncomeExternal, 8000, sh(6, 0, 30), nil)
	charge(models.ChargeAdjustment, nil, models.IncomeExternal, -1000, sh(7, 10, 0), &c.ID)
	charge(models.ChargeEnrollment, &passed.ID, models.IncomeExternal, 20000, sh(3, 7, 30), nil)
	charge(models.ChargeService, &r1.ID, models.IncomeExternal, 50000, sh(4, 15, 0), nil)
	charge(models.ChargeAdjustment, nil, models.IncomeInternal, 300, sh(8, 12, 0), nil)
	return w
}

func (w *world) bookingAt(res models.Resource, start time.Time, who core.Actor) int64 {
	var b models.Booking
	w.Must(w.DB.R(w.Ctx).Where("resource_id = ? AND user_id = ? AND start_at = ?", res.ID, who.UserID, start.UTC()).First(&b).Error)
	return b.ID
}

// TestRollupServiceFigures: the tech platform's, training base's and income figures of the
// facilities', consortia's and city's days and week are the hand computation's, and a second
// run writes the same rows.
func TestRollupServiceFigures(t *testing.T) {
	t.Parallel()
	w := newFigures(t)
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	first := rollups(w.world)
	key := func(scope string, id int64, kind, start string) [4]string {
		return [4]string{scope, fmt.Sprint(id), kind, start}
	}
	practice := func(kind, start string) [4]string { return key(models.RollupFacility, w.practice.ID, kind, start) }
	type want struct {
		models.ReportServiceFigures
		internal, external int64
	}
	s1 := models.ReportServiceFigures{SessionsHeld: 1, SeatsOffered: 10, SeatsFilled: 4, Attended: 2, Results: 3, Passed: 1, PeopleTrained: 2}
	with := func(f models.ReportServiceFigures, mod func(*models.ReportServiceFigures)) models.ReportServiceFigures {
		mod(&f)
		return f
	}
	week := models.ReportServiceFigures{RequestsReceived: 5, RequestsDelivered: 2, RequestsOnTime: 1, RequestsOverdue: 2,
		FirstResponseMedianMinutes: 60, TurnaroundMedianMinutes: 600, Ratings: 2, RatingSum: 7,
		SessionsHeld: 2, SeatsOffered: 14, SeatsFilled: 6, Attended: 4, Results: 5, Passed: 2, PeopleTrained: 3, SMEsServed: 2}
	city := with(week, func(f *models.ReportServiceFigures) {
		f.RequestsReceived, f.RequestsDelivered, f.RequestsOnTime = 6, 3, 2
		f.FirstResponseMedianMinutes, f.TurnaroundMedianMinutes = 75, 300 // 30, 60, 90, 120 and 40, 300, 900
	})
	cases := map[[4]string]want{
		// Monday: R1 and R2 received, R1 answered; the booking's charge.
		practice(models.PeriodDay, "2026-03-02"): {models.ReportServiceFigures{RequestsReceived: 2, FirstResponseMedianMinutes: 60}, 1500, 0},
		// Tuesday: R3 received; R2 and R3 answered (median of 30 and 120); S1 meets, w.sme
		// attends it; the enrolment's charge of 07:30 local.
		practice(models.PeriodDay, "2026-03-03"): {with(s1, func(f *models.ReportServiceFigures) {
			f.RequestsReceived, f.FirstResponseMedianMinutes, f.SMEsServed = 1, 75, 1
		}), 0, 20000},
		// Wednesday: R1 delivered on time; at midnight R2 is past its due date; R1's charge.
		practice(models.PeriodDay, "2026-03-04"): {models.ReportServiceFigures{RequestsDelivered: 1, RequestsOnTime: 1,
			RequestsOverdue: 1, TurnaroundMedianMinutes: 300, SMEsServed: 1}, 0, 50000},
		// Thursday: S1 meets again; at midnight R2 (delivered only on Friday) and R3 are overdue;
		// R1 rated; the SME uses the room.
		practice(models.PeriodDay, "2026-03-05"): {with(s1, func(f *models.ReportServiceFigures) {
			f.RequestsOverdue, f.Ratings, f.RatingSum, f.SMEsServed = 2, 1, 5, 1
		}), 0, 0},
		// Friday: R4 received; R2 delivered late; R3 and R4 (no first response by 13:00) overdue;
		// S3 held; the SME's booking and R2, and the second SME at S3.
		practice(models.PeriodDay, "2026-03-06"): {models.ReportServiceFigures{RequestsReceived: 1, RequestsDelivered: 1, RequestsOverdue: 2,
			TurnaroundMedianMinutes: 900, SessionsHeld: 1, SeatsOffered: 4, SeatsFilled: 2, Attended: 2, Results: 2, Passed: 1,
			PeopleTrained: 2, SMEsServed: 2}, 0, 8000},
		// Saturday: R5 received and cancelled; R2 rated; the adjustment of the booking's charge.
		practice(models.PeriodDay, "2026-03-07"):                                               {models.ReportServiceFigures{RequestsReceived: 1, RequestsOverdue: 2, Ratings: 1, RatingSum: 2}, 0, -1000},
		practice(models.PeriodDay, "2026-03-08"):                                               {models.ReportServiceFigures{RequestsOverdue: 2}, 300, 0},
		practice(models.PeriodWeek, "2026-03-02"):                                              {week, 1800, 77000},
		practice(models.PeriodMonth, "2026-03-01"):                                             {week, 1800, 77000},
		practice(models.PeriodYear, "2026-01-01"):                                              {week, 1800, 77000},
		key(models.RollupConsortium, w.practice.ConsortiumID, models.PeriodWeek, "2026-03-02"): {week, 1800, 77000},
		// New York's Monday (R6 submitted 23:30 there) and week.
		key(models.RollupFacility, w.ny.ID, models.PeriodDay, "2026-03-02"): {models.ReportServiceFigures{RequestsReceived: 1}, 0, 0},
		key(models.RollupFacility, w.ny.ID, models.PeriodWeek, "2026-03-02"): {models.ReportServiceFigures{RequestsReceived: 1,
			RequestsDelivered: 1, RequestsOnTime: 1, FirstResponseMedianMinutes: 90, TurnaroundMedianMinutes: 40, SMEsServed: 1}, 0, 0},
		key(models.RollupCity, 0, models.PeriodWeek, "2026-03-02"):  {city, 1800, 77000},
		key(models.RollupCity, 0, models.PeriodMonth, "2026-03-01"): {city, 1800, 77000},
	}
	for k, c := range cases {
		got, ok := first[k]
		if !ok {
			t.Errorf("%v: no rollup", k)
			continue
		}
		if got.ReportServiceFigures != c.ReportServiceFigures || got.IncomeInternalFen != c.internal || got.IncomeExternalFen != c.external {
			t.Errorf("%v:\n got %+v, income %d/%d\nwant %+v, income %d/%d", k, got.ReportServiceFigures, got.IncomeInternalFen,
				got.IncomeExternalFen, c.ReportServiceFigures, c.internal, c.external)
		}
	}
	// The booking charges are the room's resource-days'; the rest is the facility's alone.
	days := rows(w.world, "2026-03-02", "2026-03-08")[w.room.ID]
	for d, fen := range map[string][2]int64{"2026-03-02": {1500, 0}, "2026-03-03": {0, 0}, "2026-03-06": {0, 8000}, "2026-03-07": {0, -1000}} {
		if got := days[d]; got.IncomeInternalFen != fen[0] || got.IncomeExternalFen != fen[1] {
			t.Errorf("room on %s: income %d/%d, want %d/%d", d, got.IncomeInternalFen, got.IncomeExternalFen, fen[0], fen[1])
		}
	}

	w.Clock.Advance(time.Hour)
	_, err = w.App.Reports.Rollup(w.Ctx, "2026-03-02", "2026-03-08")
	w.Must(err)
	second := rollups(w.world)
	if len(second) != len(first) {
		t.Errorf("rollups: %d, then %d", len(first), len(second))
	}
	for k, r := range first {
		if second[k] != r {
			t.Errorf("rollup %v changed:\n got %+v\nwant %+v", k, second[k], r)
		}
	}
}

// TestQuotaYear: a year's quota minutes add up to the quota exactly: a resource's own, 1,400
// hours for general equipment that sets none, 800 for specialized equipment (one that needs
// a qualification); a retired resource has none.
func TestQuotaYear(t *testing.T) {
	t.Parallel()
	w := newWorld(t, time.Date(2026, time.January, 1, 0, 0, 0, 0, shanghai))
	q := models.Qualification{Code: fmt.Sprintf("q%d", time.Now().UnixNano()), Name: "操作证"}
	w.Must(w.DB.W(w.Ctx).Create(&q).Error)
	w.Resource(w.practice.ID, func(r *models.Resource) { r.QualificationID = &q.ID })
	w.Resource(w.practice.ID, func(r *models.Resource) { r.Status = models.ResourceRetired; r.QuotaHoursYear = 1000 })
	_, err := w.App.Reports.Rollup(w.Ctx, "2026-01-01", "2026-12-31")
	w.Must(err)
	year := rollups(w)
	for k, want := range map[[4]string]int64{
		{models.RollupFacility, fmt.Sprint(w.practice.ID), models.PeriodYear, "2026-01-01"}: (1400 + 730 + 800) * 60,
		{models.RollupFacility, fmt.Sprint(w.ny.ID), models.PeriodYear, "2026-01-01"}:       1400 * 60,
		{models.RollupCity, "0", models.PeriodYear, "2026-01-01"}:                           (2*1400 + 730 + 800) * 60,
		{models.RollupFacility, fmt.Sprint(w.practice.ID), models.PeriodMonth, "2026-02-01"}: 28*120 + 1400*60*59/365 - 1400*60*31/365 +
			800*60*59/365 - 800*60*31/365,
	} {
		if got := year[k].QuotaMinutes; got != want {
			t.Errorf("%v: quota %d minutes, want %d", k, got, want)
		}
	}
}
