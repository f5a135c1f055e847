package handlers

import (
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

// prerequisiteRequest names one prerequisite: a course or a qualification.
type prerequisiteRequest struct {
	CourseID        *int64 `json:"course_id" validate:"omitempty,min=1"`
	QualificationID *int64 `json:"qualification_id" validate:"omitempty,min=1"`
}

type courseRequest struct {
	FacilityID               int64                 `json:"facility_id" validate:"required,min=1"`
	Title                    string                `json:"title" validate:"required,max=200"`
	TitleEn                  string                `json:"title_en" validate:"max=200"`
	Description              string                `json:"description" validate:"max=5000"`
	ClusterID                *int64                `json:"cluster_id" validate:"omitempty,min=1"`
	Level                    string                `json:"level" validate:"required,oneof=beginner intermediate advanced"`
	Hours                    int                   `json:"hours" validate:"required,min=1,max=1000"`
	GivesCertificate         bool                  `json:"gives_certificate"`
	QualificationID          *int64                `json:"qualification_id" validate:"omitempty,min=1"`
	QualificationValidMonths *int                  `json:"qualification_valid_months" validate:"omitempty,min=1,max=120"`
	PassScore                *int                  `json:"pass_score" validate:"omitempty,min=1,max=100"`
	Prerequisites            []prerequisiteRequest `json:"prerequisites" validate:"max=20,dive"`
	Status                   string                `json:"status" validate:"omitempty,oneof=draft published archived"`
}

type coursePatchRequest struct {
	Title                    *string                `json:"title" validate:"omitempty,min=1,max=200"`
	TitleEn                  *string                `json:"title_en" validate:"omitempty,max=200"`
	Description              *string                `json:"description" validate:"omitempty,max=5000"`
	ClusterID                nullable[int64]        `json:"cluster_id"`
	Level                    *string                `json:"level" validate:"omitempty,oneof=beginner intermediate advanced"`
	Hours                    *int                   `json:"hours" validate:"omitempty,min=1,max=1000"`
	GivesCertificate         *bool                  `json:"gives_certificate"`
	QualificationID          nullable[int64]        `json:"qualification_id"`
	QualificationValidMonths nullable[int]          `json:"qualification_valid_months"`
	PassScore                nullable[int]          `json:"pass_score"`
	Prerequisites            *[]prerequisiteRequest `json:"prerequisites" validate:"omitempty,max=20,dive"`
	Status                   *string                `json:"status" validate:"omitempty,oneof=draft published archived"`
}

type courseListQuery struct {
	Paging     pageQuery
	Query      string `query:"q" validate:"max=100"`
	ClusterID  int64  `query:"cluster_id" validate:"omitempty,min=1"`
	FacilityID int64  `query:"facility_id" validate:"omitempty,min=1"`
	Level      string `query:"level" validate:"omitempty,oneof=beginner intermediate advanced"`
	From       string `query:"from"`
	To         string `query:"to"`
	HasSeats   bool   `query:"has_seats"`
}

type meetingRequest struct {
	StartAt string `json:"start_at" validate:"required"`
	EndAt   string `json:"end_at" validate:"required"`
}

type sessionRequest struct {
	CourseID         int64            `json:"course_id" validate:"required,min=1"`
	InstructorID     int64            `json:"instructor_id" validate:"required,min=1"`
	Seats            int              `json:"seats" validate:"required,min=1,max=1000"`
	Meetings         []meetingRequest `json:"meetings" validate:"required,min=1,max=60,dive"`
	RoomResourceID   *int64           `json:"room_resource_id" validate:"omitempty,min=1"`
	EnrollOpensAt    string           `json:"enroll_opens_at"`
	EnrollClosesAt   string           `json:"enroll_closes_at"`
	CancelDeadline   string           `json:"cancel_deadline"`
	Audience         string           `json:"audience" validate:"required,oneof=open consortium organizations"`
	OrganizationIDs  []int64          `json:"organization_ids" validate:"max=100,dive,min=1"`
	FeeInternalFen   *int64           `json:"fee_internal_fen" validate:"omitempty,min=0,max=100000000"`
	FeeConsortiumFen *int64           `json:"fee_consortium_fen" validate:"omitempty,min=0,max=100000000"`
	FeeOutsideFen    *int64           `json:"fee_outside_fen" validate:"omitempty,min=0,max=100000000"`
	Note             string           `json:"note" validate:"max=500"`
}

type sessionPatchRequest struct {
	InstructorID     *int64            `json:"instructor_id" validate:"omitempty,min=1"`
	Seats            *int              `json:"seats" validate:"omitempty,min=1,max=1000"`
	Meetings         *[]meetingRequest `json:"meetings" validate:"omitempty,min=1,max=60,dive"`
	RoomResourceID   nullable[int64]   `json:"room_resource_id"`
	EnrollOpensAt    *string           `json:"enroll_opens_at"`
	EnrollClosesAt   *string           `json:"enroll_closes_at"`
	CancelDeadline   *string           `json:"cancel_deadline"`
	Audience         *string           `json:"audience" validate:"omitempty,oneof=open consortium organizations"`
	OrganizationIDs  *[]int64          `json:"organization_ids" validate:"omitempty,max=100,dive,min=1"`
	FeeInternalFen   nullable[int64]   `json:"fee_internal_fen"`
	FeeConsortiumFen nullable[int64]   `json:"fee_consortium_fen"`
	FeeOutsideFen    nullable[int64]   `json:"fee_outside_fen"`
	EnrollmentClosed *bool             `json:"enrollment_closed"`
	Note             *string           `json:"note" validate:"omitempty,max=500"`
}

type sessionListQuery struct {
	Paging       pageQuery
	CourseID     int64  `query:"course_id" validate:"omitempty,min=1"`
	FacilityID   int64  `query:"facility_id" validate:"omitempty,min=1"`
	InstructorID int64  `query:"instructor_id" validate:"omitempty,min=1"`
	MineToTeach  bool   `query:"mine_to_teach"`
	From         string `query:"from"`
	To           string `query:"to"`
}

type enrollRequest struct {
	UserID int64 `json:"user_id" validate:"omitempty,min=1"`
}

type enrollmentListQuery struct {
	Paging pageQuery
	Status string `query:"status" validate:"omitempty,oneof=enrolled waitlisted cancelled attended absent passed"`
}

type moveRequest struct {
	SessionID int64 `json:"session_id" validate:"required,min=1"`
}

type resultRequest struct {
	Result string `json:"result" validate:"required,oneof=attended absent passed"`
	Score  *int   `json:"score" validate:"omitempty,min=0,max=100"`
}

// prerequisiteResponse is a course's prerequisite: a course or a qualification, with its name.
type prerequisiteResponse struct {
	CourseID          *int64 `json:"course_id,omitempty"`
	CourseTitle       string `json:"course_title,omitempty"`
	QualificationID   *int64 `json:"qualification_id,omitempty"`
	QualificationName string `json:"qualification_name,omitempty"`
}

// courseResponse is a course as the API shows it.
type courseResponse struct {
	ID                       int64                  `json:"id"`
	FacilityID               int64                  `json:"facility_id"`
	FacilityName             string                 `json:"facility_name"`
	Title                    string                 `json:"title"`
	TitleEn                  string                 `json:"title_en"`
	Description              string                 `json:"description"`
	ClusterID                *int64                 `json:"cluster_id"`
	Level                    string                 `json:"level"`
	Hours                    int                    `json:"hours"`
	GivesCertificate         bool                   `json:"gives_certificate"`
	QualificationID          *int64                 `json:"qualification_id"`
	QualificationName        *string                `json:"qualification_name"`
	QualificationValidMonths *int                   `json:"qualification_valid_months"`
	PassScore                *int                   `json:"pass_score"`
	Status                   models.CourseStatus    `json:"status"`
	Prerequisites            []prerequisiteResponse `json:"prerequisites"`
	NextSessionStartAt       *time.Time             `json:"next_session_start_at"`
	SeatsLeft                int                    `json:"seats_left"`
	Actions                  []string               `json:"actions"`
}

func toCourse(v training.CourseView) courseResponse {
	out := courseResponse{ID: v.ID, FacilityID: v.FacilityID, FacilityName: v.FacilityName, Title: v.Title, TitleEn: v.TitleEn,
		Description: v.Description, ClusterID: v.ClusterID, Level: v.Level, Hours: v.Hours, GivesCertificate: v.GivesCertificate,
		QualificationID: v.QualificationID, QualificationValidMonths: v.QualificationValidMonths, PassScore: v.PassScore,
		Status: v.Status, SeatsLeft: v.SeatsLeft, Actions: v.Actions, NextSessionStartAt: inLoc(v.NextSessionStartAt, v.Loc),
		Prerequisites: mapSlice(v.Prerequisites, func(p training.PrerequisiteView) prerequisiteResponse {
			return prerequisiteResponse{CourseID: p.CourseID, CourseTitle: p.CourseTitle, QualificationID: p.QualificationID,
				QualificationName: p.QualificationName}
		})}
	if v.QualificationID != nil {
		out.QualificationName = &v.QualificationName
		if out.QualificationValidMonths == nil {
			out.QualificationValidMonths = v.QualificationMonths
		}
	}
	return out
}

// inLoc is t in loc, nil for nil.
func inLoc(t *time.Time, loc *time.Location) *time.Time {
	if t == nil {
		return nil
	}
	l := t.In(loc)
	return &l
}

type meetingResponse struct {
	ID        int64     `json:"id"`
	StartAt   time.Time `json:"start_at"`
	EndAt     time.Time `json:"end_at"`
	BookingID *int64    `json:"booking_id"`
}

type myEnrollmentResponse struct {
	ID       int64                   `json:"id"`
	Status   models.EnrollmentStatus `json:"status"`
	Position *int                    `json:"position"`
}

// sessionResponse is a session as the API shows it; times carry the base's offset.
type sessionResponse struct {
	ID               int64                 `json:"id"`
	CourseID         int64                 `json:"course_id"`
	CourseTitle      string                `json:"course_title"`
	FacilityID       int64                 `json:"facility_id"`
	FacilityName     string                `json:"facility_name"`
	RoomResourceID   *int64                `json:"room_resource_id"`
	RoomName         *string               `json:"room_name"`
	InstructorID     int64                 `json:"instructor_id"`
	InstructorName   string                `json:"instructor_name"`
	Seats            int                   `json:"seats"`
	EnrolledCount    int                   `json:"enrolled_count"`
	WaitlistCount    int                   `json:"waitlist_count"`
	SeatsLeft        int                   `json:"seats_left"`
	StartAt          time.Time             `json:"start_at"`
	EndAt            time.Time             `json:"end_at"`
	Meetings         []meetingResponse     `json:"meetings"`
	EnrollOpensAt    time.Time             `json:"enroll_opens_at"`
	EnrollClosesAt   time.Time             `json:"enroll_closes_at"`
	CancelDeadline   time.Time             `json:"cancel_deadline"`
	EnrollmentOpen   bool                  `json:"enrollment_open"`
	EnrollmentClosed bool                  `json:"enrollment_closed"`
	Audience         string                `json:"audience"`
	OrganizationIDs  []int64               `json:"organization_ids"`
	FeeInternalFen   *int64                `json:"fee_internal_fen"`
	FeeConsortiumFen *int64                `json:"fee_consortium_fen"`
	FeeOutsideFen    *int64                `json:"fee_outside_fen"`
	MyFeeFen         *int64                `json:"my_fee_fen"`
	Status           models.SessionStatus  `json:"status"`
	Note             string                `json:"note"`
	MyEnrollment     *myEnrollmentResponse `json:"my_enrollment"`
	Actions          []string              `json:"actions"`
}

func toSession(v training.SessionView) sessionResponse {
	loc := v.Loc
	out := sessionResponse{ID: v.ID, CourseID: v.CourseID, CourseTitle: v.CourseTitle, FacilityID: v.FacilityID, FacilityName: v.FacilityName,
		RoomResourceID: v.RoomResourceID, InstructorID: v.InstructorID, InstructorName: v.InstructorName, Seats: v.Seats,
		EnrolledCount: v.EnrolledCount, WaitlistCount: v.WaitlistCount, SeatsLeft: v.SeatsLeft, StartAt: v.StartAt.In(loc),
		EndAt: v.EndAt.In(loc), EnrollOpensAt: v.EnrollOpensAt.In(loc), EnrollClosesAt: v.EnrollClosesAt.In(loc),
		CancelDeadline: v.CancelDeadline.In(loc), EnrollmentOpen: v.EnrollmentOpen, EnrollmentClosed: v.EnrollmentClosed,
		Audience: v.Audience, OrganizationIDs: v.OrganizationIDs, FeeInternalFen: v.FeeInternalFen, FeeConsortiumFen: v.FeeConsortiumFen,
		FeeOutsideFen: v.FeeOutsideFen, MyFeeFen: v.MyFeeFen, Status: v.Status, Note: v.Note, Actions: v.Actions,
		Meetings: mapSlice(v.Meetings, func(m models.SessionMeeting) meetingResponse {
			return meetingResponse{ID: m.ID, StartAt: m.StartAt.In(loc), EndAt: m.EndAt.In(loc), BookingID: m.BookingID}
		})}
	if v.RoomResourceID != nil {
		out.RoomName = &v.RoomName
	}
	if m := v.MyEnrollment; m != nil {
		out.MyEnrollment = &myEnrollmentResponse{ID: m.ID, Status: m.Status, Position: m.Position}
	}
	return out
}

type enrollmentSessionResponse struct {
	ID           int64     `json:"id"`
	CourseID     int64     `json:"course_id"`
	CourseTitle  string    `json:"course_title"`
	StartAt      time.Time `json:"start_at"`
	EndAt        time.Time `json:"end_at"`
	FacilityName string    `json:"facility_name"`
	RoomName     *string   `json:"room_name"`
}

// enrollmentResponse is an enrolment as the API shows it.
type enrollmentResponse struct {
	ID            int64                     `json:"id"`
	SessionID     int64                     `json:"session_id"`
	UserID        int64                     `json:"user_id"`
	UserName      string                    `json:"user_name"`
	Status        models.EnrollmentStatus   `json:"status"`
	Position      *int                      `json:"position"`
	SeatNo        *int                      `json:"seat_no"`
	FeeFen        int64                     `json:"fee_fen"`
	Score         *int                      `json:"score"`
	ResultAt      *time.Time                `json:"result_at"`
	CreatedAt     time.Time                 `json:"created_at"`
	PromotedAt    *time.Time                `json:"promoted_at"`
	CancelledAt   *time.Time                `json:"cancelled_at"`
	Session       enrollmentSessionResponse `json:"session"`
	CertificateID *int64                    `json:"certificate_id"`
	Actions       []string                  `json:"actions"`
}

func toEnrollment(v training.EnrollmentView) enrollmentResponse {
	loc := v.Loc
	out := enrollmentResponse{ID: v.ID, SessionID: v.SessionID, UserID: v.UserID, UserName: v.UserName, Status: v.Status,
		Position: v.Position, SeatNo: v.SeatNo, FeeFen: v.FeeFen, Score: v.Score, ResultAt: inLoc(v.ResultAt, loc),
		CreatedAt: v.CreatedAt.In(loc), PromotedAt: inLoc(v.PromotedAt, loc), CancelledAt: inLoc(v.CancelledAt, loc),
		CertificateID: v.CertificateID, Actions: v.Actions,
		Session: enrollmentSessionResponse{ID: v.SessionID, CourseID: v.CourseID, CourseTitle: v.CourseTitle, StartAt: v.StartAt.In(loc),
			EndAt: v.EndAt.In(loc), FacilityName: v.FacilityName}}
	if v.RoomName != "" {
		out.Session.RoomName = &v.RoomName
	}
	return out
}

// rosterMarkResponse is a trainee's mark at one meeting, on the roster.
type rosterMarkResponse struct {
	MeetingID int64  `json:"meeting_id"`
	Present   bool   `json:"present"`
	Method    string `json:"method"`
}

// rosterEntryResponse is an enrolment on a session's roster: with the trainee's e-mail,
// organization and attendance.
type rosterEntryResponse struct {
	enrollmentResponse
	UserEmail        string               `json:"user_email"`
	OrganizationName *string              `json:"organization_name"`
	Attendance       []rosterMarkResponse `json:"attendance"`
}

func toRosterEntry(v training.EnrollmentView) rosterEntryResponse {
	out := rosterEntryResponse{enrollmentResponse: toEnrollment(v), UserEmail: v.UserEmail,
		Attendance: mapSlice(v.Attendance, func(m models.AttendanceMark) rosterMarkResponse {
			return rosterMarkResponse{MeetingID: m.MeetingID, Present: m.Present, Method: m.Method}
		})}
	if v.OrganizationName != "" {
		out.OrganizationName = &v.OrganizationName
	}
	return out
}

func toPrerequisites(in []prerequisiteRequest) []training.Prerequisite {
	return mapSlice(in, func(p prerequisiteRequest) training.Prerequisite {
		return training.Prerequisite{CourseID: p.CourseID, QualificationID: p.QualificationID}
	})
}

func (h *Handler) listCourses(c echo.Context) error {
	q, err := bind[courseListQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := parseInterval("from", q.From, "to", q.To)
	if err != nil {
		return err
	}
	items, total, err := h.app.Training.Courses(c.Request().Context(), actor(c), training.CourseFilter{Query: q.Query,
		ClusterID: q.ClusterID, FacilityID: q.FacilityID, Level: q.Level, From: optionalTime(from), To: optionalTime(to),
		HasSeats: q.HasSeats}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toCourse), total))
}

// optionalTime is nil for the zero time (a parameter left out).
func optionalTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (h *Handler) getCourse(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Training.Course(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCourse(v))
}

func (h *Handler) createCourse(c echo.Context) error {
	req, err := bind[courseRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.CreateCourse(c.Request().Context(), actor(c), training.NewCourse{FacilityID: req.FacilityID,
		Title: req.Title, TitleEn: req.TitleEn, Description: req.Description, ClusterID: req.ClusterID, Level: req.Level,
		Hours: req.Hours, GivesCertificate: req.GivesCertificate, QualificationID: req.QualificationID,
		QualificationValidMonths: req.QualificationValidMonths, PassScore: req.PassScore,
		Prerequisites: toPrerequisites(req.Prerequisites), Status: models.CourseStatus(req.Status)})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toCourse(v))
}

func (h *Handler) updateCourse(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[coursePatchRequest](h, c)
	if err != nil {
		return err
	}
	p := training.CoursePatch{Title: req.Title, TitleEn: req.TitleEn, Description: req.Description, ClusterID: req.ClusterID.orZero(),
		Level: req.Level, Hours: req.Hours, GivesCertificate: req.GivesCertificate, QualificationID: req.QualificationID.orZero(),
		QualificationValidMonths: req.QualificationValidMonths.orZero(), PassScore: req.PassScore.orZero()}
	if req.Prerequisites != nil {
		prereqs := toPrerequisites(*req.Prerequisites)
		p.Prerequisites = &prereqs
	}
	if req.Status != nil {
		st := models.CourseStatus(*req.Status)
		p.Status = &st
	}
	v, err := h.app.Training.UpdateCourse(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCourse(v))
}

// readMeetings parses the meetings of a request, naming each bad time (meetings.<i>.start_at).
func readMeetings(fields map[string]core.Text, in []meetingRequest) []training.Meeting {
	out := make([]training.Meeting, len(in))
	for i, m := range in {
		out[i] = training.Meeting{StartAt: readTime(fields, fmt.Sprintf("meetings.%d.start_at", i), m.StartAt),
			EndAt: readTime(fields, fmt.Sprintf("meetings.%d.end_at", i), m.EndAt)}
	}
	return out
}

// readOptionalTime parses a time a request may leave out (nil or "").
func readOptionalTime(fields map[string]core.Text, field string, value *string) *time.Time {
	if value == nil || *value == "" {
		return nil
	}
	return optionalTime(readTime(fields, field, *value))
}

func (h *Handler) listSessions(c echo.Context) error {
	q, err := bind[sessionListQuery](h, c)
	if err != nil {
		return err
	}
	from, to, err := parseInterval("from", q.From, "to", q.To)
	if err != nil {
		return err
	}
	items, total, err := h.app.Training.Sessions(c.Request().Context(), actor(c), training.SessionFilter{CourseID: q.CourseID,
		FacilityID: q.FacilityID, InstructorID: q.InstructorID, MineToTeach: q.MineToTeach, From: optionalTime(from),
		To: optionalTime(to)}, q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toSession), total))
}

func (h *Handler) getSession(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Training.Session(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSession(v))
}

func (h *Handler) createSession(c echo.Context) error {
	req, err := bind[sessionRequest](h, c)
	if err != nil {
		return err
	}
	fields := map[string]core.Text{}
	in := training.NewSession{CourseID: req.CourseID, InstructorID: req.InstructorID, Seats: req.Seats,
		Meetings: readMeetings(fields, req.Meetings), RoomResourceID: req.RoomResourceID,
		EnrollOpensAt:  readOptionalTime(fields, "enroll_opens_at", &req.EnrollOpensAt),
		EnrollClosesAt: readOptionalTime(fields, "enroll_closes_at", &req.EnrollClosesAt),
		CancelDeadline: readOptionalTime(fields, "cancel_deadline", &req.CancelDeadline),
		Audience:       req.Audience, OrganizationIDs: req.OrganizationIDs, FeeInternalFen: req.FeeInternalFen,
		FeeConsortiumFen: req.FeeConsortiumFen, FeeOutsideFen: req.FeeOutsideFen, Note: req.Note}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	v, err := h.app.Training.CreateSession(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toSession(v))
}

func (h *Handler) updateSession(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[sessionPatchRequest](h, c)
	if err != nil {
		return err
	}
	fields := map[string]core.Text{}
	p := training.SessionPatch{InstructorID: req.InstructorID, Seats: req.Seats, RoomResourceID: req.RoomResourceID.orZero(),
		EnrollOpensAt:  readOptionalTime(fields, "enroll_opens_at", req.EnrollOpensAt),
		EnrollClosesAt: readOptionalTime(fields, "enroll_closes_at", req.EnrollClosesAt),
		CancelDeadline: readOptionalTime(fields, "cancel_deadline", req.CancelDeadline),
		Audience:       req.Audience, OrganizationIDs: req.OrganizationIDs, FeeInternalFen: req.FeeInternalFen.orZero(),
		FeeConsortiumFen: req.FeeConsortiumFen.orZero(), FeeOutsideFen: req.FeeOutsideFen.orZero(),
		EnrollmentClosed: req.EnrollmentClosed, Note: req.Note}
	if req.Meetings != nil {
		meetings := readMeetings(fields, *req.Meetings)
		p.Meetings = &meetings
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	v, err := h.app.Training.UpdateSession(c.Request().Context(), actor(c), id, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSession(v))
}

func (h *Handler) cancelSession(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[reasonRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.CancelSession(c.Request().Context(), actor(c), id, req.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toSession(v))
}

func (h *Handler) enroll(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	req, err := bind[enrollRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.Enroll(c.Request().Context(), actor(c), id, req.UserID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toEnrollment(v))
}

func (h *Handler) myEnrollments(c echo.Context) error {
	q, err := bind[enrollmentListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Training.MyEnrollments(c.Request().Context(), actor(c), models.EnrollmentStatus(q.Status), q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toEnrollment), total))
}

func (h *Handler) sessionRoster(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	q, err := bind[enrollmentListQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Training.Roster(c.Request().Context(), actor(c), id, models.EnrollmentStatus(q.Status), q.Paging.page())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toRosterEntry), total))
}

func (h *Handler) cancelEnrollment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Training.CancelEnrollment(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toEnrollment(v))
}

func (h *Handler) moveEnrollment(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// Before the body: whoever may not see the enrolment learns nothing from its faults.
	if _, err := h.app.Training.Enrollment(c.Request().Context(), actor(c), id); err != nil {
		return err
	}
	req, err := bind[moveRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.MoveEnrollment(c.Request().Context(), actor(c), id, req.SessionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toEnrollment(v))
}

func (h *Handler) markResult(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	if _, err := h.app.Training.Enrollment(c.Request().Context(), actor(c), id); err != nil {
		return err // before the body, as moveEnrollment
	}
	req, err := bind[resultRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.MarkResult(c.Request().Context(), actor(c), id, models.EnrollmentStatus(req.Result), req.Score)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toEnrollment(v))
}
