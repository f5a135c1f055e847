package handlers

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// trainingAPI is a booking API test server whose facility is a training base, with a room, a
// manager of it and an instructor.
type trainingAPI struct {
	*bookingAPI
	room                              models.Resource
	manager, instructor               string // tokens
	instructorID                      int64
	managerOutside, outsideInstructor string
	student, other                    string
	studentID                         int64
}

var trainingAPISeq int

func newTrainingAPI(t *testing.T) *trainingAPI {
	t.Helper()
	b := newBookingAPI(t)
	if err := b.db.UpdateByID(t.Context(), &models.Facility{}, b.fac.ID, map[string]any{"kind": models.KindTrainingBase}); err != nil {
		t.Fatal(err)
	}
	a := &trainingAPI{bookingAPI: b}
	a.room = b.resource("多媒体教室", func(r *models.Resource) { r.Category, r.Capacity = "room", 40 })
	trainingAPISeq++
	n := fmt.Sprintf("%s-%d", strings.ToLower(strings.ReplaceAll(t.Name(), "/", "-")), trainingAPISeq)
	_, a.manager = b.user("m-"+n+"@example.cn", models.RoleManager, b.fac.ID)
	other := b.facility()
	_, a.managerOutside = b.user("mo-"+n+"@example.cn", models.RoleManager, other.ID)
	var u models.User
	u, a.instructor = b.user("i-"+n+"@example.cn", models.RoleInstructor)
	a.instructorID = u.ID
	_, a.outsideInstructor = b.user("oi-"+n+"@example.cn", models.RoleInstructor)
	u, a.student = b.user("s-"+n+"@example.cn", models.RoleStudent)
	a.studentID = u.ID
	_, a.other = b.user("o-"+n+"@example.cn", models.RoleStudent)
	return a
}

// call sends a request and fails the test unless the status is the one wanted; it decodes the
// answer into out when given.
func (a *trainingAPI) call(method, path, token string, body any, want int, out any) response {
	a.t.Helper()
	res := a.do(request{method: method, path: path, token: token, body: body})
	if res.Status != want {
		a.t.Fatalf("%s %s: got %d %s, want %d", method, path, res.Status, res.Body, want)
	}
	if out != nil {
		res.JSON(a.t, out)
	}
	return res
}

func (a *trainingAPI) createCourse(token string, body map[string]any) courseResponse {
	a.t.Helper()
	var c courseResponse
	a.call(http.MethodPost, "/api/v1/courses", token, body, http.StatusCreated, &c)
	return c
}

func (a *trainingAPI) sessionBody(courseID int64, seats int, day int) map[string]any {
	return map[string]any{"course_id": courseID, "instructor_id": a.instructorID, "seats": seats, "room_resource_id": a.room.ID,
		"audience": "open", "meetings": []map[string]any{{"start_at": a.at(day, "09:00"), "end_at": a.at(day, "12:00")}}}
}

// TestTrainingAPI walks every training endpoint: a manager defines a course and schedules a
// session, students enrol and join the waitlist, one cancels and the next is promoted, the
// roster shows both, a manager moves someone, the instructor passes a trainee, and the session
// is moved and cancelled.
func TestTrainingAPI(t *testing.T) {
	t.Parallel()
	a := newTrainingAPI(t)
	q := models.Qualification{Code: "lathe-" + fmt.Sprint(trainingAPISeq), Name: "车床操作资格", ValidMonths: 12}
	a.create(&q)
	c := a.createCourse(a.manager, map[string]any{"facility_id": a.fac.ID, "title": "数控车床操作", "title_en": "CNC lathe",
		"description": "入门课程", "level": "beginner", "hours": 16, "gives_certificate": true, "qualification_id": q.ID,
		"pass_score": 60, "status": "published"})
	if c.QualificationName == nil || *c.QualificationName != q.Name || !slices.Equal(c.Actions, []string{"edit", "add_session"}) {
		t.Fatalf("course: got %+v", c)
	}
	a.call(http.MethodPost, "/api/v1/courses", a.managerOutside, map[string]any{"facility_id": a.fac.ID, "title": "x",
		"level": "beginner", "hours": 1}, http.StatusForbidden, nil)
	a.call(http.MethodPost, "/api/v1/courses", a.student, map[string]any{"facility_id": a.fac.ID, "title": "x",
		"level": "beginner", "hours": 1}, http.StatusForbidden, nil)
	var patched courseResponse
	a.call(http.MethodPatch, fmt.Sprintf("/api/v1/courses/%d", c.ID), a.manager, map[string]any{"hours": 24, "cluster_id": nil},
		http.StatusOK, &patched)
	if patched.Hours != 24 {
		t.Fatalf("patched: got %d hours", patched.Hours)
	}
	draft := a.createCourse(a.manager, map[string]any{"facility_id": a.fac.ID, "title": "草稿课程", "level": "advanced", "hours": 8})
	a.call(http.MethodGet, fmt.Sprintf("/api/v1/courses/%d", draft.ID), a.student, nil, http.StatusNotFound, nil)
	var courses listResponse[courseResponse]
	a.call(http.MethodGet, "/api/v1/courses?q=数控", a.student, nil, http.StatusOK, &courses)
	if courses.Total != 1 || courses.Items[0].ID != c.ID {
		t.Fatalf("catalogue: got %+v", courses)
	}

	var s sessionResponse
	a.call(http.MethodPost, "/api/v1/course-sessions", a.manager, a.sessionBody(c.ID, 1, 3), http.StatusCreated, &s)
	if len(s.Meetings) != 1 || s.Meetings[0].BookingID == nil || s.StartAt.Format("-07:00") != "+08:00" || s.SeatsLeft != 1 {
		t.Fatalf("session: got %+v", s)
	}
	a.call(http.MethodPost, "/api/v1/course-sessions", a.outsideInstructor, func() map[string]any {
		body := a.sessionBody(c.ID, 1, 4)
		body["instructor_id"] = a.studentID
		return body
	}(), http.StatusForbidden, nil)
	// The room is taken at that time now.
	taken := a.do(request{method: http.MethodPost, path: "/api/v1/course-sessions", token: a.manager, body: a.sessionBody(c.ID, 5, 3),
		header: map[string]string{"Accept-Language": "en"}})
	if taken.Status != http.StatusConflict || taken.ErrorCode() != "booking_conflict" {
		t.Fatalf("room taken: got %d %s", taken.Status, taken.Body)
	}

	path := fmt.Sprintf("/api/v1/course-sessions/%d", s.ID)
	var mine, waiting enrollmentResponse
	a.call(http.MethodPost, path+"/enrollments", a.student, nil, http.StatusCreated, &mine)
	a.call(http.MethodPost, path+"/enrollments", a.other, map[string]any{}, http.StatusCreated, &waiting)
	if mine.Status != models.EnrollmentEnrolled || waiting.Status != models.EnrollmentWaitlisted || *waiting.Position != 1 {
		t.Fatalf("enrolments: got %s and %s %v", mine.Status, waiting.Status, waiting.Position)
	}
	for _, lang := range core.Langs {
		res := a.do(request{method: http.MethodPost, path: path + "/enrollments", token: a.student, header: map[string]string{"Accept-Language": string(lang)}})
		if res.Status != http.StatusConflict || res.ErrorCode() != "already_enrolled" {
			t.Fatalf("twice: got %d %s", res.Status, res.Body)
		}
	}
	var view sessionResponse
	a.call(http.MethodGet, path, a.other, nil, http.StatusOK, &view)
	if view.MyEnrollment == nil || *view.MyEnrollment.Position != 1 || view.WaitlistCount != 1 || view.EnrolledCount != 1 {
		t.Fatalf("session seen by the waitlisted: got %+v", view)
	}
	var sessions listResponse[sessionResponse]
	a.call(http.MethodGet, fmt.Sprintf("/api/v1/course-sessions?course_id=%d", c.ID), a.student, nil, http.StatusOK, &sessions)
	if sessions.Total != 1 {
		t.Fatalf("sessions: got %d", sessions.Total)
	}
	a.call(http.MethodGet, "/api/v1/course-sessions?mine_to_teach=true", a.instructor, nil, http.StatusOK, &sessions)
	if sessions.Total != 1 || !slices.Contains(sessions.Items[0].Actions, "roster") {
		t.Fatalf("sessions to teach: got %+v", sessions)
	}

	// Roster: the instructor and managers see it; a student does not, nor another's enrolment.
	var roster listResponse[rosterEntryResponse]
	a.call(http.MethodGet, path+"/enrollments", a.instructor, nil, http.StatusOK, &roster)
	if roster.Total != 2 || roster.Items[0].ID != mine.ID || roster.Items[1].ID != waiting.ID || roster.Items[0].UserEmail == "" {
		t.Fatalf("roster: got %+v", roster)
	}
	a.call(http.MethodGet, path+"/enrollments", a.student, nil, http.StatusForbidden, nil)
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/enrollments/%d/cancel", waiting.ID), a.student, nil, http.StatusNotFound, nil)

	// Cancel: the waitlisted is promoted and sees it in their list.
	var cancelled enrollmentResponse
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/enrollments/%d/cancel", mine.ID), a.student, nil, http.StatusOK, &cancelled)
	if cancelled.Status != models.EnrollmentCancelled || cancelled.CancelledAt == nil {
		t.Fatalf("cancelled: got %+v", cancelled)
	}
	var list listResponse[enrollmentResponse]
	a.call(http.MethodGet, "/api/v1/me/enrollments?status=enrolled", a.other, nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].PromotedAt == nil || list.Items[0].Session.CourseTitle != c.Title {
		t.Fatalf("my enrolments: got %+v", list)
	}
	a.call(http.MethodGet, "/api/v1/me/enrollments", a.student, nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].Status != models.EnrollmentCancelled {
		t.Fatalf("my cancelled enrolment: got %+v", list)
	}

	// Move: a manager moves the seat holder to a second session, the student takes the seat back.
	var second sessionResponse
	a.call(http.MethodPost, "/api/v1/course-sessions", a.instructor, a.sessionBody(c.ID, 3, 4), http.StatusCreated, &second)
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/enrollments/%d/move", waiting.ID), a.instructor, map[string]any{"session_id": second.ID},
		http.StatusForbidden, nil)
	var moved enrollmentResponse
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/enrollments/%d/move", waiting.ID), a.manager, map[string]any{"session_id": second.ID},
		http.StatusOK, &moved)
	if moved.SessionID != second.ID || moved.Status != models.EnrollmentEnrolled {
		t.Fatalf("moved: got %+v", moved)
	}
	a.call(http.MethodPost, path+"/enrollments", a.student, nil, http.StatusCreated, &mine)

	// Results: after the start, with the pass mark.
	resultPath := fmt.Sprintf("/api/v1/enrollments/%d/result", mine.ID)
	a.call(http.MethodPost, resultPath, a.instructor, map[string]any{"result": "passed", "score": 90}, http.StatusUnprocessableEntity, nil)
	a.clock.Set(a.clock.Now().AddDate(0, 0, 3).Add(2 * time.Hour)) // day 3, 10:00
	a.call(http.MethodPost, resultPath, a.instructor, map[string]any{"result": "passed", "score": 50}, http.StatusUnprocessableEntity, nil)
	a.call(http.MethodPost, resultPath, a.student, map[string]any{"result": "passed", "score": 90}, http.StatusForbidden, nil)
	var passed enrollmentResponse
	a.call(http.MethodPost, resultPath, a.instructor, map[string]any{"result": "passed", "score": 90}, http.StatusOK, &passed)
	if passed.Status != models.EnrollmentPassed || passed.CertificateID == nil || !slices.Contains(passed.Actions, "mark_result") {
		t.Fatalf("passed: got %+v", passed)
	}

	// Moving the second session moves its room; cancelling it releases the room.
	var movedSession sessionResponse
	a.call(http.MethodPatch, fmt.Sprintf("/api/v1/course-sessions/%d", second.ID), a.manager, map[string]any{"seats": 5,
		"meetings": []map[string]any{{"start_at": a.at(5, "14:00"), "end_at": a.at(5, "17:00")}}, "fee_outside_fen": 5000},
		http.StatusOK, &movedSession)
	if movedSession.Seats != 5 || movedSession.FeeOutsideFen == nil || movedSession.StartAt.Format(time.RFC3339) != a.at(5, "14:00") {
		t.Fatalf("moved session: got %+v", movedSession)
	}
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/cancel", second.ID), a.manager, map[string]any{"reason": ""},
		http.StatusUnprocessableEntity, nil)
	var cancelledSession sessionResponse
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/cancel", second.ID), a.manager, map[string]any{"reason": "讲师出差"},
		http.StatusOK, &cancelledSession)
	if cancelledSession.Status != models.SessionCancelled || len(cancelledSession.Actions) != 1 {
		t.Fatalf("cancelled session: got %+v", cancelledSession)
	}
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", second.ID), a.student, nil, http.StatusConflict, nil)
}

// TestTrainingRefusalsInBothLanguages: each enrolment refusal answers its code, worded in the
// reader's language.
func TestTrainingRefusalsInBothLanguages(t *testing.T) {
	t.Parallel()
	a := newTrainingAPI(t)
	basic := a.createCourse(a.manager, map[string]any{"facility_id": a.fac.ID, "title": "安全基础", "level": "beginner", "hours": 4,
		"status": "published"})
	adv := a.createCourse(a.manager, map[string]any{"facility_id": a.fac.ID, "title": "高级操作", "level": "advanced", "hours": 8,
		"status": "published", "prerequisites": []map[string]any{{"course_id": basic.ID}}})
	var open, later, consortium, prereq sessionResponse
	a.call(http.MethodPost, "/api/v1/course-sessions", a.manager, a.sessionBody(basic.ID, 5, 3), http.StatusCreated, &open)
	body := a.sessionBody(basic.ID, 5, 4)
	body["enroll_opens_at"] = a.at(2, "08:00")
	a.call(http.MethodPost, "/api/v1/course-sessions", a.manager, body, http.StatusCreated, &later)
	body = a.sessionBody(basic.ID, 5, 5)
	body["audience"] = "consortium"
	a.call(http.MethodPost, "/api/v1/course-sessions", a.manager, body, http.StatusCreated, &consortium)
	a.call(http.MethodPost, "/api/v1/course-sessions", a.manager, a.sessionBody(adv.ID, 5, 6), http.StatusCreated, &prereq)
	var e enrollmentResponse
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", open.ID), a.student, nil, http.StatusCreated, &e)
	a.call(http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", open.ID), a.other, nil, http.StatusCreated, nil)
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code, zh, en       string
	}{
		{"window", http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", later.ID), nil, 422, "enrollment_not_open", "2026年3月4日 08:00", "Mar 4, 2026 08:00"},
		{"audience", http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", consortium.ID), nil, 403, "audience_restricted", "联合体", "consortium"},
		{"prerequisite", http.MethodPost, fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", prereq.ID), nil, 422, "prerequisite_missing", "安全基础", "安全基础"},
		{"seats below enrolled", http.MethodPatch, fmt.Sprintf("/api/v1/course-sessions/%d", open.ID), map[string]any{"seats": 1}, 422, "rule_violation", "2 人", "2 people"},
	}
	for _, tt := range tests {
		for _, lang := range core.Langs {
			token := a.student
			if tt.method == http.MethodPatch {
				token = a.manager
			}
			res := a.do(request{method: tt.method, path: tt.path, token: token, body: tt.body, header: map[string]string{"Accept-Language": string(lang)}})
			if res.Status != tt.status || res.ErrorCode() != tt.code {
				t.Fatalf("%s %s: got %d %s", tt.name, lang, res.Status, res.Body)
			}
			var b struct{ Error errorDetail }
			res.JSON(t, &b)
			want := map[core.Lang]string{core.ZH: tt.zh, core.EN: tt.en}[lang]
			if !strings.Contains(b.Error.Message, want) {
				t.Errorf("%s %s: got %q, want it to say %q", tt.name, lang, b.Error.Message, want)
			}
		}
	}
	// Past the deadline, in both languages.
	a.clock.Set(a.clock.Now().AddDate(0, 0, 2).Add(3 * time.Hour)) // day 2, 11:00: the deadline was day 2, 09:00
	for _, lang := range core.Langs {
		res := a.do(request{method: http.MethodPost, path: fmt.Sprintf("/api/v1/enrollments/%d/cancel", e.ID), token: a.student,
			header: map[string]string{"Accept-Language": string(lang)}})
		if res.Status != 422 || res.ErrorCode() != "cancel_deadline_passed" {
			t.Fatalf("deadline %s: got %d %s", lang, res.Status, res.Body)
		}
	}
	bad := a.do(request{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/course-sessions/%d", open.ID), token: a.manager,
		body: map[string]any{"meetings": []map[string]any{{"start_at": "soon", "end_at": a.at(5, "12:00")}}}, invalid: true})
	if bad.Status != 422 || bad.Fields()["meetings.0.start_at"] == "" {
		t.Fatalf("bad meeting time: got %d %s", bad.Status, bad.Body)
	}
}

// TestEnrollmentActionsMatchTheDocument: the document's EnrollmentAction lists the server's.
func TestEnrollmentActionsMatchTheDocument(t *testing.T) {
	t.Parallel()
	doc, _, err := OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range doc.Components.Schemas["EnrollmentAction"].Value.Enum {
		got = append(got, v.(string))
	}
	want := mapSlice(training.EnrollmentActions, func(a training.EnrollmentAction) string { return string(a) })
	if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
		t.Fatalf("document %v, server %v", got, want)
	}
}
