package training_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// trainingFixture is an App on a fresh database with one training base in Asia/Shanghai, a room
// there, a manager of it and an instructor; the clock starts on Monday 2026-03-02 08:00 local.
type trainingFixture struct {
	*apptest.Fixture
	loc        *time.Location
	base       models.Facility
	room       models.Resource
	manager    core.Actor
	instructor core.Actor
}

func newTrainingFixture(t testing.TB) *trainingFixture {
	t.Helper()
	return newTrainingFixtureOn(t, func(start time.Time) *apptest.Fixture { return apptest.NewFixture(t, start) })
}

// newTrainingFixtureOn builds the fixture on the Fixture that open makes for the start time.
func newTrainingFixtureOn(t testing.TB, open func(start time.Time) *apptest.Fixture) *trainingFixture {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	f := &trainingFixture{loc: loc}
	f.Fixture = open(time.Date(2026, 3, 2, 8, 0, 0, 0, loc))
	f.base = f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, f.base.ID, map[string]any{"kind": models.KindTrainingBase}))
	f.base.Kind = models.KindTrainingBase
	f.room = f.Resource(f.base.ID, func(r *models.Resource) { r.Category = "room"; r.Capacity = 40 })
	f.manager = f.User(models.RoleManager, f.base.ID)
	f.instructor = f.User(models.RoleInstructor)
	return f
}

// local is a wall-clock time at the base, days after Monday 2026-03-02.
func (f *trainingFixture) local(day int, hhmm string) time.Time {
	var h, m int
	if _, err := fmt.Sscanf(hhmm, "%d:%d", &h, &m); err != nil {
		panic(fmt.Sprintf("bad time %q", hhmm))
	}
	return time.Date(2026, 3, 2+day, h, m, 0, 0, f.loc)
}

// course creates a published course of the base, changed by mod.
func (f *trainingFixture) course(mod func(*training.NewCourse)) training.CourseView {
	f.T.Helper()
	in := training.NewCourse{FacilityID: f.base.ID, Title: "数控车床操作", TitleEn: "CNC lathe operation", Description: "入门",
		Level: "beginner", Hours: 16, Status: models.CoursePublished}
	if mod != nil {
		mod(&in)
	}
	c, err := f.App.Training.CreateCourse(f.Ctx, f.manager, in)
	f.Must(err)
	return c
}

// session schedules a session of the course with the seats, meeting on day 3 09:00–12:00 in
// the room, changed by mod.
func (f *trainingFixture) session(courseID int64, seats int, mod func(*training.NewSession)) training.SessionView {
	f.T.Helper()
	in := training.NewSession{CourseID: courseID, InstructorID: f.instructor.UserID, Seats: seats,
		Meetings:       []training.Meeting{{StartAt: f.local(3, "09:00"), EndAt: f.local(3, "12:00")}},
		RoomResourceID: &f.room.ID, Audience: models.AudienceOpen}
	if mod != nil {
		mod(&in)
	}
	s, err := f.App.Training.CreateSession(f.Ctx, f.manager, in)
	f.Must(err)
	return s
}

// students inserts n students.
func (f *trainingFixture) students(n int) []core.Actor {
	out := make([]core.Actor, n)
	for i := range out {
		out[i] = f.User(models.RoleStudent)
	}
	return out
}

// enroll enrols the actor and fails the test if it cannot.
func (f *trainingFixture) enroll(ac core.Actor, sessionID int64) training.EnrollmentView {
	f.T.Helper()
	e, err := f.App.Training.Enroll(f.Ctx, ac, sessionID, 0)
	f.Must(err)
	return e
}

// assertSeats checks invariant 2 on a session from the rows: at most seats seat holders, seat
// numbers within 1..seats, one live enrolment per person, and waitlist positions 1..n.
func (f *trainingFixture) assertSeats(sessionID int64) (enrolled, waitlisted int) {
	f.T.Helper()
	sess, err := f.DB.SessionRowByID(f.Ctx, sessionID)
	f.Must(err)
	var rows []models.Enrollment
	f.Must(f.DB.R(f.Ctx).Where("session_id = ? AND live_user_id IS NOT NULL", sessionID).Order("queue_no").Find(&rows).Error)
	people := map[int64]bool{}
	for _, e := range rows {
		if people[e.UserID] {
			f.T.Fatalf("user %d holds two live enrolments", e.UserID)
		}
		people[e.UserID] = true
		switch {
		case e.SeatNo != nil:
			if *e.SeatNo < 1 || *e.SeatNo > sess.Seats {
				f.T.Fatalf("seat number %d outside 1..%d", *e.SeatNo, sess.Seats)
			}
			enrolled++
		case e.Status == models.EnrollmentWaitlisted:
			waitlisted++
		}
	}
	if enrolled > sess.Seats {
		f.T.Fatalf("%d enrolled for %d seats", enrolled, sess.Seats)
	}
	if waitlisted > 0 && enrolled < sess.Seats {
		f.T.Fatalf("%d waitlisted while %d of %d seats are taken", waitlisted, enrolled, sess.Seats)
	}
	return enrolled, waitlisted
}
