package training_test

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

func (f *trainingFixture) notifications(userID int64, kind string) int64 {
	return f.Count(&models.Notification{}, "user_id = ? AND kind = ?", userID, kind)
}

var orgSeq atomic.Int64

// member puts a new organization in the consortium (0: none) and returns a student of it.
func (f *trainingFixture) member(consortiumID int64) core.Actor {
	f.T.Helper()
	now := f.Clock.Now()
	org := models.Organization{Name: fmt.Sprintf("单位 %d", orgSeq.Add(1)), Kind: "school", CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &org))
	if consortiumID != 0 {
		f.Must(f.DB.SaveConsortiumMember(f.Ctx, models.ConsortiumMember{ConsortiumID: consortiumID, OrganizationID: org.ID, Role: models.MemberMember}))
	}
	u := f.User(models.RoleStudent)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, u.UserID, map[string]any{"organization_id": org.ID}))
	return f.ActorOf(u.UserID)
}

func TestEnrollAudience(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	inside, outside := f.member(f.base.ConsortiumID), f.member(0)
	cons := f.session(c.ID, 5, func(in *training.NewSession) { in.Audience = models.AudienceConsortium })
	_, err := f.App.Training.Enroll(f.Ctx, outside, cons.ID, 0)
	apptest.CheckErr(t, err, "audience_restricted")
	f.enroll(inside, cons.ID)

	orgOf := func(ac core.Actor) int64 { return *ac.OrganizationID }
	named := f.session(c.ID, 5, func(in *training.NewSession) {
		in.Audience, in.OrganizationIDs = models.AudienceOrganizations, []int64{orgOf(outside)}
		in.Meetings = []training.Meeting{{StartAt: f.local(4, "09:00"), EndAt: f.local(4, "12:00")}}
	})
	_, err = f.App.Training.Enroll(f.Ctx, inside, named.ID, 0)
	apptest.CheckErr(t, err, "audience_restricted")
	f.enroll(outside, named.ID)
}

func TestEnrollPrerequisites(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	q := models.Qualification{Code: "SAFETY", Name: "安全培训合格", ValidMonths: 12}
	f.Must(f.DB.Insert(f.Ctx, &q))
	basic := f.course(func(in *training.NewCourse) { in.Title = "安全基础" })
	adv := f.course(func(in *training.NewCourse) {
		in.Title = "高级操作"
		in.Prerequisites = []training.Prerequisite{{CourseID: &basic.ID}, {QualificationID: &q.ID}}
	})
	s := f.session(adv.ID, 5, nil)
	p := f.students(1)[0]
	_, err := f.App.Training.Enroll(f.Ctx, p, s.ID, 0)
	apptest.CheckErr(t, err, "prerequisite_missing")
	var ae *core.Error
	if e, ok := err.(*core.Error); ok {
		ae = e
	}
	if ae == nil || len(ae.Details["courses"].([]training.MissingCourse)) != 1 || len(ae.Details["qualifications"].([]training.MissingQualification)) != 1 {
		t.Fatalf("details: got %v, want one course and one qualification missing", err)
	}
	// An expired grant of the qualification does not count.
	past := f.Clock.Now().Add(-time.Hour)
	f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: p.UserID, QualificationID: q.ID, GrantedAt: past.AddDate(-1, 0, 0),
		ExpiresAt: &past, Source: models.QualificationSourceManual}))
	// Pass the basic course.
	bs := f.session(basic.ID, 5, func(in *training.NewSession) {
		in.Meetings = []training.Meeting{{StartAt: f.local(1, "09:00"), EndAt: f.local(1, "12:00")}}
	})
	e := f.enroll(p, bs.ID)
	f.Clock.Set(f.local(1, "10:00"))
	_, err = f.App.Training.MarkResult(f.Ctx, f.instructor, e.ID, models.EnrollmentPassed, nil)
	f.Must(err)
	_, err = f.App.Training.Enroll(f.Ctx, p, s.ID, 0)
	apptest.CheckErr(t, err, "prerequisite_missing")
	future := f.Clock.Now().AddDate(1, 0, 0)
	f.Must(f.DB.SaveUserQualification(f.Ctx, &models.UserQualification{UserID: p.UserID, QualificationID: q.ID, GrantedAt: f.Clock.Now(),
		ExpiresAt: &future, Source: models.QualificationSourceManual}))
	f.enroll(p, s.ID)
}

func TestEnrollWindow(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	opens := f.local(1, "08:00")
	s := f.session(c.ID, 5, func(in *training.NewSession) { in.EnrollOpensAt = &opens })
	p := f.students(2)
	_, err := f.App.Training.Enroll(f.Ctx, p[0], s.ID, 0)
	apptest.CheckErr(t, err, "enrollment_not_open")
	f.Clock.Set(opens)
	f.enroll(p[0], s.ID)
	_, err = f.App.Training.UpdateSession(f.Ctx, f.manager, s.ID, training.SessionPatch{EnrollmentClosed: apptest.Ptr(true)})
	f.Must(err)
	_, err = f.App.Training.Enroll(f.Ctx, p[1], s.ID, 0)
	apptest.CheckErr(t, err, "enrollment_not_open")
	// A manager may still enrol someone.
	if _, err := f.App.Training.Enroll(f.Ctx, f.manager, s.ID, p[1].UserID); err != nil {
		t.Fatal(err)
	}
	// Enrolment closes at the first meeting's start by default.
	f.Clock.Set(f.local(3, "09:00"))
	_, err = f.App.Training.UpdateSession(f.Ctx, f.manager, s.ID, training.SessionPatch{EnrollmentClosed: apptest.Ptr(false)})
	f.Must(err)
	_, err = f.App.Training.Enroll(f.Ctx, f.students(1)[0], s.ID, 0)
	apptest.CheckErr(t, err, "enrollment_not_open")
}

// TestCancelPromotesInOrder: a cancelled seat goes to the head of the waitlist, who is told;
// the others move up; after the deadline the trainee cannot cancel, a manager can.
func TestCancelPromotesInOrder(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	s := f.session(c.ID, 2, nil)
	p := f.students(5)
	var es []training.EnrollmentView
	for _, a := range p {
		es = append(es, f.enroll(a, s.ID))
	}
	got, err := f.App.Training.CancelEnrollment(f.Ctx, p[0], es[0].ID)
	f.Must(err)
	if got.Status != models.EnrollmentCancelled || len(got.Actions) != 0 {
		t.Fatalf("cancelled: got %s %v", got.Status, got.Actions)
	}
	first, err := f.App.Training.Enrollment(f.Ctx, p[2], es[2].ID)
	f.Must(err)
	if first.Status != models.EnrollmentEnrolled || first.PromotedAt == nil || first.Position != nil {
		t.Fatalf("head of the waitlist: got %s promoted %v", first.Status, first.PromotedAt)
	}
	if n := f.notifications(p[2].UserID, training.NotifyEnrollmentPromoted); n != 1 {
		t.Fatalf("promoted person got %d notices, want 1", n)
	}
	var mail models.Email
	f.Must(f.DB.R(f.Ctx).Where("user_id = ? AND kind = ?", p[2].UserID, training.NotifyEnrollmentPromoted).First(&mail).Error)
	if !strings.Contains(mail.Subject, c.Title) || !strings.Contains(mail.Body, "2026年3月5日 09:00") {
		t.Fatalf("promotion e-mail: got %q / %q, want the course and its start in the base's time", mail.Subject, mail.Body)
	}
	for i, want := range map[int]int{3: 1, 4: 2} {
		e, err := f.App.Training.Enrollment(f.Ctx, p[i], es[i].ID)
		f.Must(err)
		if e.Position == nil || *e.Position != want {
			t.Fatalf("waitlisted %d: got position %v, want %d", i, e.Position, want)
		}
	}
	// A waitlisted person leaving promotes nobody.
	_, err = f.App.Training.CancelEnrollment(f.Ctx, p[3], es[3].ID)
	f.Must(err)
	if n := f.notifications(p[4].UserID, training.NotifyEnrollmentPromoted); n != 0 {
		t.Fatalf("got %d notices for a waitlist place freed, want 0", n)
	}
	// Past the deadline (24 hours before the start) the trainee cannot cancel; a manager can.
	f.Clock.Set(f.local(2, "10:00"))
	_, err = f.App.Training.CancelEnrollment(f.Ctx, p[1], es[1].ID)
	apptest.CheckErr(t, err, "cancel_deadline_passed")
	_, err = f.App.Training.CancelEnrollment(f.Ctx, f.manager, es[1].ID)
	f.Must(err)
	last, err := f.App.Training.Enrollment(f.Ctx, p[4], es[4].ID)
	f.Must(err)
	if last.Status != models.EnrollmentEnrolled {
		t.Fatalf("last: got %s, want enrolled", last.Status)
	}
	// Another student never sees someone's enrolment.
	_, err = f.App.Training.Enrollment(f.Ctx, p[0], es[4].ID)
	apptest.CheckErr(t, err, "not_found")
	_, err = f.App.Training.CancelEnrollment(f.Ctx, p[0], es[4].ID)
	apptest.CheckErr(t, err, "not_found")
	f.assertSeats(s.ID)
}

func TestSeatsRaiseAndLower(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	s := f.session(c.ID, 2, nil)
	p := f.students(5)
	var es []training.EnrollmentView
	for _, a := range p {
		es = append(es, f.enroll(a, s.ID))
	}
	_, err := f.App.Training.UpdateSession(f.Ctx, f.manager, s.ID, training.SessionPatch{Seats: apptest.Ptr(4)})
	f.Must(err)
	for i, want := range []models.EnrollmentStatus{models.EnrollmentEnrolled, models.EnrollmentEnrolled, models.EnrollmentEnrolled,
		models.EnrollmentEnrolled, models.EnrollmentWaitlisted} {
		e, err := f.App.Training.Enrollment(f.Ctx, p[i], es[i].ID)
		f.Must(err)
		if e.Status != want {
			t.Fatalf("enrolment %d: got %s, want %s", i, e.Status, want)
		}
	}
	if f.notifications(p[2].UserID, training.NotifyEnrollmentPromoted) != 1 || f.notifications(p[3].UserID, training.NotifyEnrollmentPromoted) != 1 {
		t.Fatal("the promoted were not told")
	}
	_, err = f.App.Training.UpdateSession(f.Ctx, f.manager, s.ID, training.SessionPatch{Seats: apptest.Ptr(3)})
	apptest.CheckErr(t, err, "rule_violation", "seats")
	// Lowering to the seats held keeps every seat number within the seats.
	_, err = f.App.Training.CancelEnrollment(f.Ctx, p[0], es[0].ID)
	f.Must(err) // seat 1 goes to the last waitlisted
	_, err = f.App.Training.CancelEnrollment(f.Ctx, p[1], es[1].ID)
	f.Must(err)
	_, err = f.App.Training.UpdateSession(f.Ctx, f.manager, s.ID, training.SessionPatch{Seats: apptest.Ptr(3)})
	f.Must(err)
	if enrolled, waitlisted := f.assertSeats(s.ID); enrolled != 3 || waitlisted != 0 {
		t.Fatalf("got %d enrolled %d waitlisted, want 3 and 0", enrolled, waitlisted)
	}
	// A student may not change the session.
	_, err = f.App.Training.UpdateSession(f.Ctx, p[2], s.ID, training.SessionPatch{Seats: apptest.Ptr(10)})
	apptest.CheckErr(t, err, "forbidden")
}

func TestMoveEnrollment(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	a := f.session(c.ID, 1, nil)
	b := f.session(c.ID, 1, func(in *training.NewSession) {
		in.Meetings = []training.Meeting{{StartAt: f.local(4, "09:00"), EndAt: f.local(4, "12:00")}}
	})
	p := f.students(3)
	ea, waiting := f.enroll(p[0], a.ID), f.enroll(p[1], a.ID)
	f.enroll(p[2], b.ID)
	moved, err := f.App.Training.MoveEnrollment(f.Ctx, f.manager, ea.ID, b.ID)
	f.Must(err)
	if moved.SessionID != b.ID || moved.Status != models.EnrollmentWaitlisted || *moved.Position != 1 {
		t.Fatalf("moved: got session %d %s %v", moved.SessionID, moved.Status, moved.Position)
	}
	w, err := f.App.Training.Enrollment(f.Ctx, p[1], waiting.ID)
	f.Must(err)
	if w.Status != models.EnrollmentEnrolled {
		t.Fatalf("waitlisted in the old session: got %s, want enrolled", w.Status)
	}
	other := f.session(f.course(func(in *training.NewCourse) { in.Title = "其他" }).ID, 5, func(in *training.NewSession) {
		in.Meetings = []training.Meeting{{StartAt: f.local(5, "09:00"), EndAt: f.local(5, "12:00")}}
	})
	_, err = f.App.Training.MoveEnrollment(f.Ctx, f.manager, w.ID, other.ID)
	apptest.CheckErr(t, err, "validation_failed", "session_id")
	_, err = f.App.Training.MoveEnrollment(f.Ctx, p[1], w.ID, b.ID)
	apptest.CheckErr(t, err, "forbidden")
}

// TestResultGrantsQualification: passing grants the course's qualification, which makes the
// gated machine bookable by exactly the passers, until it expires; a changed pass takes the
// grant back and revokes the certificate.
func TestResultGrantsQualification(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	q := models.Qualification{Code: "CNC", Name: "数控操作资格", ValidMonths: 24}
	f.Must(f.DB.Insert(f.Ctx, &q))
	c := f.course(func(in *training.NewCourse) {
		in.QualificationID, in.QualificationValidMonths, in.PassScore, in.GivesCertificate = &q.ID, apptest.Ptr(6), apptest.Ptr(60), true
	})
	s := f.session(c.ID, 5, nil)
	p := f.students(3)
	var es []training.EnrollmentView
	for _, a := range p {
		es = append(es, f.enroll(a, s.ID))
	}
	_, err := f.App.Training.MarkResult(f.Ctx, f.instructor, es[0].ID, models.EnrollmentPassed, apptest.Ptr(90))
	apptest.CheckErr(t, err, "rule_violation", "result") // not started
	f.Clock.Set(f.local(3, "11:00"))
	_, err = f.App.Training.MarkResult(f.Ctx, f.instructor, es[0].ID, models.EnrollmentPassed, nil)
	apptest.CheckErr(t, err, "validation_failed", "score")
	_, err = f.App.Training.MarkResult(f.Ctx, f.instructor, es[0].ID, models.EnrollmentPassed, apptest.Ptr(59))
	apptest.CheckErr(t, err, "rule_violation", "score")
	_, err = f.App.Training.MarkResult(f.Ctx, p[1], es[0].ID, models.EnrollmentPassed, apptest.Ptr(99))
	apptest.CheckErr(t, err, "not_found")
	got, err := f.App.Training.MarkResult(f.Ctx, f.instructor, es[0].ID, models.EnrollmentPassed, apptest.Ptr(85))
	f.Must(err)
	if got.Status != models.EnrollmentPassed || got.CertificateID == nil || *got.Score != 85 {
		t.Fatalf("passed: got %s certificate %v score %v", got.Status, got.CertificateID, got.Score)
	}
	_, err = f.App.Training.MarkResult(f.Ctx, f.manager, es[1].ID, models.EnrollmentPassed, apptest.Ptr(70))
	f.Must(err)
	_, err = f.App.Training.MarkResult(f.Ctx, f.instructor, es[2].ID, models.EnrollmentAbsent, nil)
	f.Must(err)
	if n := f.notifications(p[0].UserID, training.NotifyCourseResult); n != 1 {
		t.Fatalf("got %d result notices, want 1", n)
	}
	cert, err := f.DB.CertificateOfEnrollment(f.Ctx, es[0].ID)
	f.Must(err)
	if len(cert.Code) != training.CertificateCodeLength {
		t.Fatalf("certificate code %q", cert.Code)
	}
	uq, err := f.DB.UserQualificationFor(f.Ctx, p[0].UserID, q.ID)
	f.Must(err)
	if uq.Source != models.QualificationSourceCourse || uq.EnrollmentID == nil || *uq.EnrollmentID != es[0].ID ||
		uq.ExpiresAt == nil || !uq.ExpiresAt.Equal(f.Clock.Now().AddDate(0, 6, 0)) {
		t.Fatalf("grant: got %+v", uq)
	}

	// The machine that requires the qualification: exactly the passers may book it.
	lab := f.Facility("Asia/Shanghai")
	machine := f.Resource(lab.ID, func(r *models.Resource) { r.QualificationID = &q.ID })
	try := func(ac core.Actor, day int) error {
		_, err := f.App.Booking.CreateBooking(f.Ctx, ac, booking.Reservation{ResourceID: machine.ID, StartAt: f.local(day, "14:00"),
			EndAt: f.local(day, "15:00"), Purpose: "实训", PurposeCategory: "training"})
		return err
	}
	f.Must(try(p[0], 4))
	f.Must(try(p[1], 5))
	apptest.CheckErr(t, try(p[2], 6), "qualification_required")

	// Changing a pass takes the grant back and revokes the certificate.
	_, err = f.App.Training.MarkResult(f.Ctx, f.manager, es[1].ID, models.EnrollmentAttended, nil)
	f.Must(err)
	apptest.CheckErr(t, try(p[1], 7), "qualification_required")
	// The grant expires after six months.
	f.Clock.Set(f.local(3, "11:00").AddDate(0, 6, 1))
	apptest.CheckErr(t, try(p[0], 200), "qualification_required")
	if n := f.Count(&models.AuditLog{}, "action = ? AND object_id = ?", "enrollment.unpass", es[1].ID); n != 1 {
		t.Fatalf("got %d audit records of the changed pass, want 1", n)
	}
	cert, err = f.DB.CertificateOfEnrollment(f.Ctx, es[0].ID)
	f.Must(err)
	if cert.RevokedAt != nil {
		t.Fatal("a kept pass's certificate was revoked")
	}
}

// TestSessionRoom: a room taken by a booking refuses the session; the session's room refuses a
// booking; moving a meeting moves its booking and tells the trainees; cancelling releases it.
func TestSessionRoom(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	teacher := f.User(models.RoleTeacher)
	f.Book(teacher, booking.Reservation{ResourceID: f.room.ID, StartAt: f.local(1, "10:00"), EndAt: f.local(1, "11:00"),
		Purpose: "备课", PurposeCategory: "teaching"})
	_, err := f.App.Training.CreateSession(f.Ctx, f.manager, training.NewSession{CourseID: c.ID, InstructorID: f.instructor.UserID,
		Seats: 5, RoomResourceID: &f.room.ID, Audience: models.AudienceOpen, Meetings: []training.Meeting{
			{StartAt: f.local(2, "09:00"), EndAt: f.local(2, "12:00")}, {StartAt: f.local(1, "09:00"), EndAt: f.local(1, "12:00")}}})
	apptest.CheckErr(t, err, "booking_conflict")
	if ae, ok := err.(*core.Error); !ok || ae.Details["meeting"] != 0 {
		t.Fatalf("conflict details: got %v, want the first meeting (by time) named", err)
	}
	if n := f.Count(&models.CourseSession{}, "1 = 1"); n != 0 {
		t.Fatalf("a refused session left %d rows", n)
	}
	s := f.session(c.ID, 5, nil) // day 3 09:00–12:00
	_, err = f.App.Booking.CreateBooking(f.Ctx, teacher, booking.Reservation{ResourceID: f.room.ID, StartAt: f.local(3, "10:00"),
		EndAt: f.local(3, "11:00"), Purpose: "备课", PurposeCategory: "teaching"})
	apptest.CheckErr(t, err, "booking_conflict")
	p := f.students(1)[0]
	f.enroll(p, s.ID)

	moved, err := f.App.Training.UpdateSession(f.Ctx, f.instructor, s.ID, training.SessionPatch{Meetings: &[]training.Meeting{
		{StartAt: f.local(4, "09:00"), EndAt: f.local(4, "12:00")}}})
	f.Must(err)
	if len(moved.Meetings) != 1 || moved.Meetings[0].BookingID == nil || !moved.StartAt.Equal(f.local(4, "09:00")) {
		t.Fatalf("moved: got %+v", moved.Meetings)
	}
	b := f.Booking(*moved.Meetings[0].BookingID)
	if !b.StartAt.Equal(f.local(4, "09:00")) || b.Status != models.BookingConfirmed || b.UserID != f.instructor.UserID || b.PurposeCategory != "training" {
		t.Fatalf("room booking: got %+v", b)
	}
	f.Book(teacher, booking.Reservation{ResourceID: f.room.ID, StartAt: f.local(3, "10:00"), EndAt: f.local(3, "11:00"),
		Purpose: "备课", PurposeCategory: "teaching"}) // the old time is free again
	if n := f.notifications(p.UserID, training.NotifySessionChanged); n != 1 {
		t.Fatalf("got %d change notices, want 1", n)
	}

	_, err = f.App.Training.CancelSession(f.Ctx, f.manager, s.ID, "讲师生病")
	f.Must(err)
	if got := f.Booking(b.ID); got.Status != models.BookingCancelled {
		t.Fatalf("room booking after cancel: got %s", got.Status)
	}
	f.Book(teacher, booking.Reservation{ResourceID: f.room.ID, StartAt: f.local(4, "10:00"), EndAt: f.local(4, "11:00"),
		Purpose: "备课", PurposeCategory: "teaching"})
	if n := f.notifications(p.UserID, training.NotifySessionCancelled); n != 1 {
		t.Fatalf("got %d cancel notices, want 1", n)
	}
	_, err = f.App.Training.Enroll(f.Ctx, f.students(1)[0], s.ID, 0)
	apptest.CheckErr(t, err, "invalid_transition")
	f.AssertNoOverbooking()
}

// TestCatalogue: drafts only for their base, the next session and the seats left, and the
// filters by seats and dates.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	f := newTrainingFixture(t)
	c := f.course(nil)
	draft := f.course(func(in *training.NewCourse) { in.Title, in.Status = "草稿", models.CourseDraft })
	s := f.session(c.ID, 1, nil)
	student := f.students(1)[0]
	list := func(ac core.Actor, filter training.CourseFilter) []training.CourseView {
		t.Helper()
		got, _, err := f.App.Training.Courses(f.Ctx, ac, filter, core.NewPage(1, 20))
		f.Must(err)
		return got
	}
	if got := list(student, training.CourseFilter{}); len(got) != 1 || got[0].ID != c.ID || got[0].SeatsLeft != 1 ||
		got[0].NextSessionStartAt == nil || !got[0].NextSessionStartAt.Equal(f.local(3, "09:00")) {
		t.Fatalf("catalogue for a student: got %+v", got)
	}
	if got := list(f.manager, training.CourseFilter{}); len(got) != 2 {
		t.Fatalf("catalogue for the base's manager: got %d courses, want the draft too", len(got))
	}
	_, err := f.App.Training.Course(f.Ctx, student, draft.ID)
	apptest.CheckErr(t, err, "not_found")
	if got := list(student, training.CourseFilter{HasSeats: true}); len(got) != 1 {
		t.Fatalf("with seats: got %d", len(got))
	}
	f.enroll(student, s.ID)
	if got := list(student, training.CourseFilter{HasSeats: true}); len(got) != 0 {
		t.Fatalf("with seats once full: got %d", len(got))
	}
	from, to := f.local(4, "00:00"), f.local(5, "00:00")
	if got := list(student, training.CourseFilter{From: &from, To: &to}); len(got) != 0 {
		t.Fatalf("sessions on day 4: got %d courses", len(got))
	}
}
