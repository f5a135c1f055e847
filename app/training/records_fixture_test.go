package training_test

import (
	"fmt"
	"testing"
	"time"

	"cqshare/models"
)

// monday9 is Monday 2 March 2026, 09:00 in Shanghai.
var monday9 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// records is the training fixture with its clock at monday9, whose courses, sessions and
// enrolments the records' tests write as rows: they need a state (a past session, a pass), not
// the enrolment rules that lead to it.
type records struct{ *trainingFixture }

func newRecords(t *testing.T) *records {
	t.Helper()
	f := &records{newTrainingFixture(t)}
	f.Clock.Set(monday9)
	return f
}

// courseRow inserts a published course of the base, changed by mod.
func (f *records) courseRow(mod func(*models.Course)) models.Course {
	f.T.Helper()
	now := f.Clock.Now()
	c := models.Course{FacilityID: f.base.ID, Title: "数控车床安全操作", TitleEn: "CNC lathe safety", Description: "安全",
		Level: "beginner", Hours: 16, GivesCertificate: true, Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	if mod != nil {
		mod(&c)
	}
	f.Must(f.DB.Insert(f.Ctx, &c))
	return c
}

// sessionRows inserts a scheduled session of the course taught by the fixture's instructor, with a
// meeting for each start, each two hours long.
func (f *records) sessionRows(courseID int64, starts ...time.Time) (models.CourseSession, []models.SessionMeeting) {
	f.T.Helper()
	now := f.Clock.Now()
	s := models.CourseSession{CourseID: courseID, InstructorID: f.instructor.UserID, Seats: 30, StartAt: starts[0],
		EndAt: starts[len(starts)-1].Add(2 * time.Hour), EnrollOpensAt: now, EnrollClosesAt: starts[0],
		CancelDeadline: starts[0].Add(-24 * time.Hour), Audience: models.AudienceOpen, Status: models.SessionScheduled,
		CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &s))
	meetings := make([]models.SessionMeeting, len(starts))
	for i, st := range starts {
		meetings[i] = models.SessionMeeting{SessionID: s.ID, StartAt: st, EndAt: st.Add(2 * time.Hour),
			SigninSecret: fmt.Sprintf("secret-%d-%d", s.ID, i)}
		f.Must(f.DB.Insert(f.Ctx, &meetings[i]))
	}
	return s, meetings
}

// enrollRow inserts an enrolment of the user in the session with the status; seat holders get the
// next seat, the waitlisted the next place.
func (f *records) enrollRow(sessionID, userID int64, st models.EnrollmentStatus) models.Enrollment {
	f.T.Helper()
	now := f.Clock.Now()
	n := int(f.Count(&models.Enrollment{}, "session_id = ?", sessionID)) + 1
	e := models.Enrollment{SessionID: sessionID, UserID: userID, Status: st, CreatedAt: now, UpdatedAt: now}
	switch st {
	case models.EnrollmentWaitlisted:
		e.QueueNo, e.LiveUserID = &n, &userID
	case models.EnrollmentCancelled:
		e.CancelledAt = &now
	default:
		e.SeatNo, e.LiveUserID = &n, &userID
	}
	if st == models.EnrollmentPassed {
		e.ResultAt = &now
	}
	f.Must(f.DB.Insert(f.Ctx, &e))
	return e
}

// certificateRow inserts the certificate of a passed enrolment with the code.
func (f *records) certificateRow(e models.Enrollment, code string) models.Certificate {
	f.T.Helper()
	c := models.Certificate{EnrollmentID: e.ID, UserID: e.UserID, Code: code, IssuedAt: f.Clock.Now()}
	f.Must(f.DB.Insert(f.Ctx, &c))
	return c
}
