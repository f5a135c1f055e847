package handlers

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/models"
)

// TestTrainingRecordsAPI walks a meeting's sign-in, a certificate's life and a learning record
// through the router. Courses, sessions and enrolments are written as rows: their own rules are
// tested with the enrolment API.
func TestTrainingRecordsAPI(t *testing.T) {
	t.Parallel()
	monday9 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	clock := apptest.NewClock(monday9)
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	base := f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, base.ID, map[string]any{"kind": models.KindTrainingBase}))
	_, managerTok := s.user("base.manager@test.local", models.RoleManager, base.ID)
	instructor, instructorTok := s.user("instructor@test.local", models.RoleInstructor)
	trainee, traineeTok := s.user("trainee@test.local", models.RoleStudent)
	_, otherTok := s.user("other@test.local", models.RoleStudent)
	f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, trainee.ID, map[string]any{"name": "王小明"}))

	q := models.Qualification{Code: "lathe", Name: "车床上岗", NameEn: "Lathe licence", ValidMonths: 12}
	f.Must(f.DB.Insert(f.Ctx, &q))
	now := clock.Now()
	course := models.Course{FacilityID: base.ID, Title: "车床安全", TitleEn: "Lathe safety", Description: "安全", Level: "beginner",
		Hours: 8, GivesCertificate: true, QualificationID: &q.ID, Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &course))
	lathe := f.Resource(f.Facility("Asia/Shanghai").ID, func(r *models.Resource) { r.QualificationID = &q.ID })
	start := monday9.Add(20 * time.Minute)
	session := models.CourseSession{CourseID: course.ID, InstructorID: instructor.ID, Seats: 10, StartAt: start,
		EndAt: start.Add(2 * time.Hour), EnrollOpensAt: now.Add(-72 * time.Hour), EnrollClosesAt: start,
		CancelDeadline: start.Add(-24 * time.Hour), Audience: models.AudienceOpen, Status: models.SessionScheduled,
		CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &session))
	meeting := models.SessionMeeting{SessionID: session.ID, StartAt: start, EndAt: session.EndAt, SigninSecret: "s3cret"}
	f.Must(f.DB.Insert(f.Ctx, &meeting))
	seat := 1
	enrollment := models.Enrollment{SessionID: session.ID, UserID: trainee.ID, Status: models.EnrollmentPassed, SeatNo: &seat,
		LiveUserID: &trainee.ID, Score: apptest.Ptr(90), ResultAt: &now, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &enrollment))
	cert := models.Certificate{EnrollmentID: enrollment.ID, UserID: trainee.ID, Code: "9V8T7S6R5Q4P", IssuedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &cert))
	current, err := s.app.Training.CurrentSigninCode(f.Ctx, f.ActorOf(instructor.ID), session.ID, "")
	f.Must(err)
	code := current.Code
	wrong := code[:5] + string(rune('0'+(code[5]-'0'+1)%10)) // the last digit off by one

	sessionPath := fmt.Sprintf("/api/v1/course-sessions/%d/signin-code", session.ID)
	attendancePath := fmt.Sprintf("/api/v1/enrollments/%d/attendance/%d", enrollment.ID, meeting.ID)
	certPath := fmt.Sprintf("/api/v1/certificates/%d", cert.ID)
	recordPath := fmt.Sprintf("/api/v1/users/%d/learning-record", trainee.ID)
	s.run(t, []scenario{
		{"the trainee asks for the code", traineeTok, http.MethodGet, sessionPath, nil, 403, "forbidden", nil},
		{"the instructor shows the code", instructorTok, http.MethodGet, sessionPath, nil, 200, "", func(t *testing.T, r response) {
			var sc signinCodeResponse
			r.JSON(t, &sc)
			if sc.Code != code || sc.MeetingID != meeting.ID || !strings.Contains(sc.SigninURL, "/training/signin?code="+code) {
				t.Errorf("got %+v, want code %s of meeting %d", sc, code, meeting.ID)
			}
		}},
		{"a code of letters", traineeTok, http.MethodPost, "/api/v1/signin", badInput{map[string]any{"code": "12ab56"}}, 422, "validation_failed", nil},
		{"a wrong code", traineeTok, http.MethodPost, "/api/v1/signin", map[string]any{"code": wrong}, 422, "signin_code_invalid", nil},
		{"the trainee signs in", traineeTok, http.MethodPost, "/api/v1/signin", map[string]any{"code": code, "session_id": session.ID}, 200, "", field("enrollment_id", float64(enrollment.ID))},
		{"someone without a seat", otherTok, http.MethodPost, "/api/v1/signin", map[string]any{"code": code}, 422, "signin_code_invalid", nil},
		{"the trainee corrects themself", traineeTok, http.MethodPut, attendancePath, map[string]any{"present": true}, 403, "forbidden", nil},
		{"the instructor corrects the mark", instructorTok, http.MethodPut, attendancePath, map[string]any{"present": false}, 200, "", field("method", "instructor")},
		{"a correction without presence", instructorTok, http.MethodPut, attendancePath, badInput{map[string]any{}}, 422, "validation_failed", nil},

		{"the holder's certificates", traineeTok, http.MethodGet, "/api/v1/me/certificates", nil, 200, "", total(1)},
		{"the holder reads it", traineeTok, http.MethodGet, certPath, nil, 200, "", field("start_at", start.In(shanghai(t)).Format(time.RFC3339))},
		{"another student reads it", otherTok, http.MethodGet, certPath, nil, 404, "not_found", nil},
		{"the public verifies it", "", http.MethodGet, "/api/v1/verify/9v8t-7s6r-5q4p", nil, 200, "", func(t *testing.T, r response) {
			var v verificationResponse
			r.JSON(t, &v)
			if v.Status != "valid" || v.HolderMasked != "王*明" || v.Hours != 8 {
				t.Errorf("got %+v, want valid for 王*明", v)
			}
			if r.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("got Cache-Control %q, want no-store", r.Header.Get("Cache-Control"))
			}
		}},
		{"an unknown code", "", http.MethodGet, "/api/v1/verify/0000", nil, 404, "certificate_unknown", nil},
		{"the holder revokes it", traineeTok, http.MethodPost, certPath + "/revoke", map[string]any{"reason": "不要了"}, 403, "forbidden", nil},
		{"a revocation without a reason", managerTok, http.MethodPost, certPath + "/revoke", badInput{map[string]any{}}, 422, "validation_failed", nil},
		{"the base's manager revokes it", managerTok, http.MethodPost, certPath + "/revoke", map[string]any{"reason": "成绩作假"}, 200, "", field("revoke_reason", "成绩作假")},
		{"the public sees it revoked", "", http.MethodGet, "/api/v1/verify/9V8T7S6R5Q4P", nil, 200, "", field("status", "revoked")},

		{"my learning record", traineeTok, http.MethodGet, "/api/v1/me/learning-record", nil, 200, "", func(t *testing.T, r response) {
			var rec learningRecordResponse
			r.JSON(t, &rec)
			if len(rec.Courses) != 1 || rec.CompletedHours != 8 || !rec.Courses[0].CertificateRevoked || rec.Scoped {
				t.Errorf("got %+v, want the one course, 8 hours, its certificate revoked", rec)
			}
		}},
		{"as CSV", traineeTok, http.MethodGet, "/api/v1/me/learning-record?format=csv", nil, 200, "", func(t *testing.T, r response) {
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.HasPrefix(string(r.Body), "\uFEFF类型,") {
				t.Errorf("got %s %.40q, want CSV with a BOM and Chinese headers", ct, r.Body)
			}
		}},
		{"as XLSX", traineeTok, http.MethodGet, "/api/v1/me/learning-record?format=xlsx", nil, 200, "", func(t *testing.T, r response) {
			if cd := r.Header.Get("Content-Disposition"); !strings.HasSuffix(cd, `.xlsx"`) || !strings.HasPrefix(string(r.Body), "PK") {
				t.Errorf("got %s, want an XLSX attachment", cd)
			}
		}},
		{"as PDF", traineeTok, http.MethodGet, "/api/v1/me/learning-record?format=pdf", badInput{nil}, 422, "validation_failed", nil},
		{"the base's manager reads it", managerTok, http.MethodGet, recordPath, nil, 200, "", field("scoped", true)},
		{"another student reads it", otherTok, http.MethodGet, recordPath, nil, 404, "not_found", nil},

		{"the resource names the course", otherTok, http.MethodGet, fmt.Sprintf("/api/v1/resources/%d", lathe.ID), nil, 200, "", func(t *testing.T, r response) {
			var res resourceResponse
			r.JSON(t, &res)
			if len(res.QualificationCourses) != 1 || res.QualificationCourses[0].ID != course.ID {
				t.Errorf("got %+v, want the course %d", res.QualificationCourses, course.ID)
			}
		}},
	})
}

func shanghai(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestGuessLimits: the public verification page and the meeting sign-in slow down whoever sends
// guesses in a row, past the server-wide limit: per address and per person.
func TestGuessLimits(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.RateLimits = true
	s := newTestServerWithConfig(t, cfg)
	_, tok := s.user("guesser@test.local", models.RoleStudent)
	for _, tc := range []struct {
		name  string
		req   request
		burst int
	}{
		{"verification codes from one address", request{method: http.MethodGet, path: "/api/v1/verify/ZZZZZZZZZZZZ"}, 20},
		{"sign-in codes from one person", request{method: http.MethodPost, path: "/api/v1/signin", token: tok, body: map[string]any{"code": "123456"}}, 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			limited := 0
			for range 2 * tc.burst {
				if s.do(tc.req).Status == http.StatusTooManyRequests {
					limited++
				}
			}
			if limited == 0 {
				t.Errorf("got no 429 in %d tries, want the burst of %d to run out", 2*tc.burst, tc.burst)
			}
		})
	}
}
