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

// TestTrainingQRCodes: the sign-in screen's and the printed certificate's QR codes go to the
// people who may see the code and the certificate, and to no one else.
func TestTrainingQRCodes(t *testing.T) {
	t.Parallel()
	monday9 := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 in Shanghai
	clock := apptest.NewClock(monday9)
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	base := f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, base.ID, map[string]any{"kind": models.KindTrainingBase}))
	instructor, instructorTok := s.user("instructor@test.local", models.RoleInstructor)
	trainee, traineeTok := s.user("trainee@test.local", models.RoleStudent)
	_, otherTok := s.user("other@test.local", models.RoleStudent)

	now := clock.Now()
	course := models.Course{FacilityID: base.ID, Title: "车床安全", Level: "beginner", Hours: 8, GivesCertificate: true,
		Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &course))
	start := monday9.Add(20 * time.Minute)
	session := models.CourseSession{CourseID: course.ID, InstructorID: instructor.ID, Seats: 10, StartAt: start,
		EndAt: start.Add(2 * time.Hour), EnrollOpensAt: now.Add(-72 * time.Hour), EnrollClosesAt: start,
		CancelDeadline: start.Add(-24 * time.Hour), Audience: models.AudienceOpen, Status: models.SessionScheduled,
		CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &session))
	f.Must(f.DB.Insert(f.Ctx, &models.SessionMeeting{SessionID: session.ID, StartAt: start, EndAt: session.EndAt, SigninSecret: "s3cret"}))
	seat := 1
	enrollment := models.Enrollment{SessionID: session.ID, UserID: trainee.ID, Status: models.EnrollmentPassed, SeatNo: &seat,
		LiveUserID: &trainee.ID, ResultAt: &now, CreatedAt: now, UpdatedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &enrollment))
	cert := models.Certificate{EnrollmentID: enrollment.ID, UserID: trainee.ID, Code: "9V8T7S6R5Q4P", IssuedAt: now}
	f.Must(f.DB.Insert(f.Ctx, &cert))

	svg := func(cache string) func(t *testing.T, r response) {
		return func(t *testing.T, r response) {
			if !strings.HasPrefix(string(r.Body), "<svg") || r.Header.Get("Cache-Control") != cache {
				t.Errorf("got %.20q with Cache-Control %q, want an SVG with %q", r.Body, r.Header.Get("Cache-Control"), cache)
			}
		}
	}
	signinQR := fmt.Sprintf("/api/v1/course-sessions/%d/signin-qr.svg", session.ID)
	certQR := fmt.Sprintf("/api/v1/certificates/%d/qr.svg", cert.ID)
	s.run(t, []scenario{
		{"the instructor's sign-in QR code", instructorTok, http.MethodGet, signinQR, nil, 200, "", svg("no-store")},
		{"a trainee asks for it", traineeTok, http.MethodGet, signinQR, nil, 403, "forbidden", nil},
		{"the holder's certificate QR code", traineeTok, http.MethodGet, certQR, nil, 200, "", svg("private, max-age=86400")},
		{"another student's", otherTok, http.MethodGet, certQR, nil, 404, "not_found", nil},
	})
	clock.Set(session.EndAt.Add(time.Minute))
	s.run(t, []scenario{
		{"no meeting under way", instructorTok, http.MethodGet, signinQR, nil, 422, "rule_violation", nil},
	})
}
