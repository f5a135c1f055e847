package training_test

import (
	"strconv"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/training"
	"cqshare/models"
)

func TestSignIn(t *testing.T) {
	f := newRecords(t)
	c := f.courseRow(nil)
	start := monday9.Add(time.Hour)
	s, meetings := f.sessionRows(c.ID, start, start.Add(24*time.Hour))
	other, otherMeetings := f.sessionRows(c.ID, start)
	trainee := f.User(models.RoleStudent)
	waiting := f.User(models.RoleStudent)
	stranger := f.User(models.RoleStudent)
	e := f.enrollRow(s.ID, trainee.UserID, models.EnrollmentEnrolled)
	f.enrollRow(other.ID, trainee.UserID, models.EnrollmentEnrolled)
	f.enrollRow(s.ID, waiting.UserID, models.EnrollmentWaitlisted)
	svc := f.App.Training

	// An hour before the first meeting the code is not shown yet.
	_, err := svc.CurrentSigninCode(f.Ctx, f.instructor, s.ID, "https://cq.example")
	apptest.CheckErr(t, err, "rule_violation", "session_id")

	f.Clock.Set(start.Add(-10*time.Minute + 15*time.Second))
	_, err = svc.CurrentSigninCode(f.Ctx, trainee, s.ID, "https://cq.example")
	apptest.CheckErr(t, err, "forbidden")
	code, err := svc.CurrentSigninCode(f.Ctx, f.instructor, s.ID, "https://cq.example")
	f.Must(err)
	if code.MeetingID != meetings[0].ID || len(code.Code) != 6 {
		t.Fatalf("got meeting %d code %q, want meeting %d and 6 digits", code.MeetingID, code.Code, meetings[0].ID)
	}
	if want := "https://cq.example/training/signin?code=" + code.Code + "&session=" + strconv.FormatInt(s.ID, 10); code.URL != want {
		t.Errorf("got URL %s, want %s", code.URL, want)
	}
	if want := start.Add(-9 * time.Minute); !code.ExpiresAt.Equal(want) {
		t.Errorf("got expiry %s, want %s", code.ExpiresAt, want)
	}

	now := f.Clock.Now()
	for _, tc := range []struct {
		name    string
		who     int64
		code    string
		session int64
		want    string
	}{
		{"not six digits", trainee.UserID, "12ab56", s.ID, "validation_failed"},
		{"two minutes old", trainee.UserID, training.SigninCodeAt(meetings[0].SigninSecret, now.Add(-2*time.Minute)), s.ID, "signin_code_invalid"},
		{"the next meeting's", trainee.UserID, training.SigninCodeAt(meetings[1].SigninSecret, now), 0, "signin_code_invalid"},
		{"another session's", trainee.UserID, training.SigninCodeAt(otherMeetings[0].SigninSecret, now), s.ID, "signin_code_invalid"},
		{"waitlisted", waiting.UserID, code.Code, s.ID, "signin_code_invalid"},
		{"no enrolment", stranger.UserID, code.Code, 0, "signin_code_invalid"},
		{"a minute old", trainee.UserID, training.SigninCodeAt(meetings[0].SigninSecret, now.Add(-time.Minute)), s.ID, ""},
		{"again, without the session", trainee.UserID, code.Code, 0, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := svc.SignIn(f.Ctx, f.ActorOf(tc.who), tc.code, tc.session)
			apptest.CheckErr(t, err, tc.want)
			if err == nil && (res.EnrollmentID != e.ID || res.MeetingID != meetings[0].ID) {
				t.Errorf("got enrolment %d meeting %d, want %d %d", res.EnrollmentID, res.MeetingID, e.ID, meetings[0].ID)
			}
		})
	}
	if n := f.Count(&models.AttendanceMark{}, "enrollment_id = ? AND present = ?", e.ID, true); n != 1 {
		t.Errorf("got %d marks, want 1", n)
	}

	// After the meeting's end its code no longer signs anyone in.
	f.Clock.Set(start.Add(2*time.Hour + time.Second))
	_, err = svc.SignIn(f.Ctx, trainee, training.SigninCodeAt(meetings[0].SigninSecret, f.Clock.Now()), s.ID)
	apptest.CheckErr(t, err, "signin_code_invalid", "code")
}

func TestSetAttendance(t *testing.T) {
	f := newRecords(t)
	c := f.courseRow(nil)
	start := monday9.Add(time.Hour)
	s, meetings := f.sessionRows(c.ID, start, start.Add(48*time.Hour))
	trainee := f.User(models.RoleStudent)
	e := f.enrollRow(s.ID, trainee.UserID, models.EnrollmentEnrolled)
	gone := f.enrollRow(s.ID, f.User(models.RoleStudent).UserID, models.EnrollmentCancelled)
	_, strangerMeetings := f.sessionRows(c.ID, start)
	otherInstructor := f.User(models.RoleInstructor)
	svc := f.App.Training
	f.Clock.Set(start.Add(10 * time.Minute))

	for _, tc := range []struct {
		name       string
		who        int64
		enrollment int64
		meeting    int64
		want       string
	}{
		{"the trainee", trainee.UserID, e.ID, meetings[0].ID, "forbidden"},
		{"another instructor", otherInstructor.UserID, e.ID, meetings[0].ID, "not_found"},
		{"a meeting of another session", f.instructor.UserID, e.ID, strangerMeetings[0].ID, "not_found"},
		{"a meeting to come", f.instructor.UserID, e.ID, meetings[1].ID, "rule_violation"},
		{"a cancelled enrolment", f.instructor.UserID, gone.ID, meetings[0].ID, "invalid_transition"},
		{"the instructor", f.instructor.UserID, e.ID, meetings[0].ID, ""},
		{"the base's manager", f.manager.UserID, e.ID, meetings[0].ID, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := svc.SetAttendance(f.Ctx, f.ActorOf(tc.who), tc.enrollment, tc.meeting, false)
			apptest.CheckErr(t, err, tc.want)
			if err == nil && (m.Present || m.Method != models.AttendanceByInstructor || *m.MarkedBy != tc.who) {
				t.Errorf("got %+v, want absent, by the instructor's hand", m)
			}
		})
	}
	// The trainee signs in after all: the correction becomes a presence, still one mark.
	_, err := svc.SignIn(f.Ctx, trainee, training.SigninCodeAt(meetings[0].SigninSecret, f.Clock.Now()), 0)
	f.Must(err)
	if n := f.Count(&models.AttendanceMark{}, "enrollment_id = ? AND present = ?", e.ID, true); n != 1 {
		t.Errorf("got %d present marks, want 1", n)
	}
}
