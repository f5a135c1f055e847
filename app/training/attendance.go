package training

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/url"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// codeStep is how long one sign-in code lasts; the previous step's code is still accepted, so a
// code typed as it rotates is not refused.
const codeStep = time.Minute

// signinError refuses a sign-in code that is wrong, stale, of another meeting, or typed by
// someone without a seat in a meeting under way: all look the same to the person typing.
func signinError() *core.Error {
	t := core.T("training.signin_code_invalid")
	return &core.Error{Kind: core.KindRule, Code: "signin_code_invalid", Rule: "signin_code", Key: t.Key,
		Fields: map[string]core.Text{"code": t}}
}

// SigninCode is the code a meeting's trainees type (or scan) to sign in now.
type SigninCode struct {
	MeetingID int64
	Code      string
	ExpiresAt time.Time // when it stops being the current code
	URL       string    // what the QR code encodes: the sign-in page with the code filled in
}

// SigninResult is a trainee's sign-in.
type SigninResult struct {
	EnrollmentID int64
	MeetingID    int64
	MarkedAt     time.Time
}

// signinCode is the 6-digit code of a meeting for the minute that contains t: HMAC-SHA256 of
// the meeting's secret and the unix minute, truncated as HOTP does (RFC 4226).
func signinCode(secret string, t time.Time) string {
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/int64(codeStep/time.Second)))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", n%1_000_000)
}

// codeMatches reports whether code is the meeting's code of now's minute or of the one before.
func codeMatches(secret, code string, now time.Time) bool {
	for _, t := range []time.Time{now, now.Add(-codeStep)} {
		if hmac.Equal([]byte(signinCode(secret, t)), []byte(code)) {
			return true
		}
	}
	return false
}

// CurrentSigninCode gives the instructor the sign-in code of the session's meeting under way
// (from AttendanceWindow before its start to its end), and the URL its QR code encodes.
func (s *Service) CurrentSigninCode(ctx context.Context, ac core.Actor, sessionID int64, publicURL string) (SigninCode, error) {
	sess, err := s.DB.SessionRowByID(ctx, sessionID)
	if err != nil {
		return SigninCode{}, core.NotFound(err)
	}
	if partiesOf(ac, 0, sess.CourseSession, sess.FacilityID)&(partyInstructor|partyManager) == 0 {
		return SigninCode{}, core.ErrForbidden
	}
	if sess.Status != models.SessionScheduled {
		return SigninCode{}, core.ErrInvalidTransition.Say("training.session_cancelled")
	}
	now := s.Now()
	m, err := s.DB.CurrentMeeting(ctx, sessionID, now, AttendanceWindow)
	if models.IsNotFound(err) {
		return SigninCode{}, core.RuleError("session_id", "signin_window", "training.signin_not_open",
			"minutes", core.Minutes(AttendanceWindow/time.Minute))
	}
	if err != nil {
		return SigninCode{}, err
	}
	code := signinCode(m.SigninSecret, now)
	q := url.Values{"session": {fmt.Sprint(sessionID)}, "code": {code}}
	return SigninCode{MeetingID: m.ID, Code: code, ExpiresAt: now.Truncate(codeStep).Add(codeStep),
		URL: publicURL + "/training/signin?" + q.Encode()}, nil
}

// SignIn marks the trainee present at the meeting under way whose code they typed, in a session
// where they hold a seat; sessionID 0 looks through all of theirs. Signing in again changes
// nothing.
func (s *Service) SignIn(ctx context.Context, ac core.Actor, code string, sessionID int64) (SigninResult, error) {
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return SigninResult{}, core.FieldError("code", "training.signin_code_format")
	}
	now := s.Now()
	meetings, err := s.DB.CurrentSeatMeetings(ctx, ac.UserID, sessionID, now, AttendanceWindow)
	if err != nil {
		return SigninResult{}, err
	}
	for _, m := range meetings {
		if !codeMatches(m.SigninSecret, code, now) {
			continue
		}
		var out SigninResult
		err := s.Tx(ctx, func(ctx context.Context) error {
			mark, err := s.markAttendance(ctx, m.EnrollmentID, m.MeetingID, true, models.AttendanceByCode, nil, false)
			out = SigninResult{EnrollmentID: m.EnrollmentID, MeetingID: m.MeetingID, MarkedAt: mark.MarkedAt}
			return err
		})
		return out, err
	}
	return SigninResult{}, signinError()
}

// Attendance is a trainee's mark at one meeting.
type Attendance = models.AttendanceMark

// SetAttendance records the instructor's mark (or correction) of a trainee at a meeting of
// their session once the meeting's sign-in has opened: the enrolment machine's mark_attendance,
// for the session's instructor, the base's managers and admins.
func (s *Service) SetAttendance(ctx context.Context, ac core.Actor, enrollmentID, meetingID int64, present bool) (Attendance, error) {
	var out Attendance
	_, err := s.enrollmentAction(ctx, ac, enrollmentID, ActionMarkAttendance, func(ctx context.Context, e models.Enrollment, _ transition, _ models.CourseSession, _ models.Course) error {
		m, err := s.DB.MeetingByID(ctx, meetingID)
		if err != nil || m.SessionID != e.SessionID {
			return core.ErrNotFound
		}
		if s.Now().Before(m.StartAt.Add(-AttendanceWindow)) {
			return core.RuleError("meeting_id", "attendance_window", "training.attendance_too_early")
		}
		by := ac.UserID
		out, err = s.markAttendance(ctx, e.ID, m.ID, present, models.AttendanceByInstructor, &by, true)
		return err
	})
	return out, err
}

// markAttendance records a mark, inside the caller's transaction. A mark already there is kept
// when it says the same presence, unless overwrite (the instructor's correction) asks to restamp.
func (s *Service) markAttendance(ctx context.Context, enrollmentID, meetingID int64, present bool, method string, by *int64, overwrite bool) (models.AttendanceMark, error) {
	now := s.Now()
	mark := models.AttendanceMark{EnrollmentID: enrollmentID, MeetingID: meetingID, Present: present, Method: method,
		MarkedBy: by, MarkedAt: now}
	old, err := s.DB.AttendanceMarkFor(ctx, enrollmentID, meetingID)
	switch {
	case models.IsNotFound(err):
		return mark, s.DB.InsertAttendanceMark(ctx, &mark)
	case err != nil:
		return mark, err
	case old.Present == present && !overwrite:
		return old, nil
	}
	mark.ID = old.ID
	return mark, s.DB.UpdateAttendanceMark(ctx, mark)
}
