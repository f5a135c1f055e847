package handlers

import (
	"bytes"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"cqshare/app/core"
	"cqshare/app/training"
	"cqshare/models"
)

type signinRequest struct {
	Code      string `json:"code" validate:"required,max=20"`
	SessionID int64  `json:"session_id" validate:"omitempty,min=1"`
}

type attendanceRequest struct {
	Present *bool `json:"present" validate:"required"`
}

type revokeRequest struct {
	Reason string `json:"reason" validate:"required,max=500"`
}

type verifyPath struct {
	Code string `param:"code" validate:"required,max=40"`
}

type recordQuery struct {
	Format string `query:"format" validate:"omitempty,oneof=json csv xlsx"`
}

// signinCodeResponse is the code a meeting's trainees sign in with now.
type signinCodeResponse struct {
	MeetingID int64     `json:"meeting_id"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	SigninURL string    `json:"signin_url"`
}

// signinResponse is a trainee's sign-in.
type signinResponse struct {
	EnrollmentID int64     `json:"enrollment_id"`
	MeetingID    int64     `json:"meeting_id"`
	MarkedAt     time.Time `json:"marked_at"`
}

// attendanceResponse is a trainee's mark at a meeting.
type attendanceResponse struct {
	EnrollmentID int64     `json:"enrollment_id"`
	MeetingID    int64     `json:"meeting_id"`
	Present      bool      `json:"present"`
	Method       string    `json:"method"`
	MarkedBy     *int64    `json:"marked_by"`
	MarkedAt     time.Time `json:"marked_at"`
}

// certificateResponse is a certificate as its holder and the issuing base see it.
type certificateResponse struct {
	ID             int64      `json:"id"`
	Code           string     `json:"code"`
	HolderName     string     `json:"holder_name"`
	CourseTitle    string     `json:"course_title"`
	CourseTitleEn  string     `json:"course_title_en"`
	Hours          int        `json:"hours"`
	StartAt        time.Time  `json:"start_at"`
	EndAt          time.Time  `json:"end_at"`
	FacilityName   string     `json:"facility_name"`
	FacilityNameEn string     `json:"facility_name_en"`
	IssuedAt       time.Time  `json:"issued_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
	RevokeReason   string     `json:"revoke_reason"`
	VerifyURL      string     `json:"verify_url"`
}

func toCertificate(v training.CertificateView) certificateResponse {
	return certificateResponse{ID: v.ID, Code: v.Code, HolderName: v.HolderName, CourseTitle: v.CourseTitle,
		CourseTitleEn: v.CourseTitleEn, Hours: v.Hours, StartAt: v.StartAt, EndAt: v.EndAt, FacilityName: v.FacilityName,
		FacilityNameEn: v.FacilityNameEn, IssuedAt: v.IssuedAt, RevokedAt: v.RevokedAt, RevokeReason: v.RevokeReason,
		VerifyURL: v.VerifyURL}
}

// verificationResponse is what anyone may see of a certificate by its code.
type verificationResponse struct {
	Status         string     `json:"status"`
	HolderMasked   string     `json:"holder_masked"`
	CourseTitle    string     `json:"course_title"`
	CourseTitleEn  string     `json:"course_title_en"`
	Hours          int        `json:"hours"`
	StartAt        time.Time  `json:"start_at"`
	EndAt          time.Time  `json:"end_at"`
	FacilityName   string     `json:"facility_name"`
	FacilityNameEn string     `json:"facility_name_en"`
	IssuedAt       time.Time  `json:"issued_at"`
	RevokedAt      *time.Time `json:"revoked_at"`
}

// recordCourseResponse is one course of a learning record.
type recordCourseResponse struct {
	EnrollmentID        int64      `json:"enrollment_id"`
	SessionID           int64      `json:"session_id"`
	CourseID            int64      `json:"course_id"`
	CourseTitle         string     `json:"course_title"`
	CourseTitleEn       string     `json:"course_title_en"`
	Hours               int        `json:"hours"`
	FacilityID          int64      `json:"facility_id"`
	FacilityName        string     `json:"facility_name"`
	FacilityNameEn      string     `json:"facility_name_en"`
	StartAt             time.Time  `json:"start_at"`
	EndAt               time.Time  `json:"end_at"`
	Status              string     `json:"status"`
	Score               *int       `json:"score"`
	ResultAt            *time.Time `json:"result_at"`
	CertificateID       *int64     `json:"certificate_id"`
	CertificateCode     *string    `json:"certificate_code"`
	CertificateRevoked  bool       `json:"certificate_revoked"`
	QualificationID     *int64     `json:"qualification_id"`
	QualificationName   *string    `json:"qualification_name"`
	QualificationNameEn *string    `json:"qualification_name_en"`
}

func toRecordCourse(r models.RecordRow) recordCourseResponse {
	return recordCourseResponse{EnrollmentID: r.EnrollmentID, SessionID: r.SessionID, CourseID: r.CourseID,
		CourseTitle: r.CourseTitle, CourseTitleEn: r.CourseTitleEn, Hours: r.Hours, FacilityID: r.FacilityID,
		FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn, StartAt: r.StartAt, EndAt: r.EndAt,
		Status: string(r.Status), Score: r.Score, ResultAt: r.ResultAt, CertificateID: r.CertificateID,
		CertificateCode: r.CertificateCode, CertificateRevoked: r.CertificateRevoked != nil,
		QualificationID: r.QualificationID, QualificationName: r.QualificationName, QualificationNameEn: r.QualificationNameEn}
}

// recordQualificationResponse is a qualification of a learning record.
type recordQualificationResponse struct {
	QualificationID int64      `json:"qualification_id"`
	Code            string     `json:"code"`
	Name            string     `json:"name"`
	NameEn          string     `json:"name_en"`
	GrantedAt       time.Time  `json:"granted_at"`
	ExpiresAt       *time.Time `json:"expires_at"`
	Source          string     `json:"source"`
	Valid           bool       `json:"valid"`
}

func toRecordQualification(q training.RecordQualification) recordQualificationResponse {
	return recordQualificationResponse{QualificationID: q.QualificationID, Code: q.Code, Name: q.Name, NameEn: q.NameEn,
		GrantedAt: q.GrantedAt, ExpiresAt: q.ExpiresAt, Source: q.Source, Valid: q.Valid}
}

// learningRecordResponse is a person's learning record (终身学习档案).
type learningRecordResponse struct {
	UserID         int64                         `json:"user_id"`
	UserName       string                        `json:"user_name"`
	CompletedHours int                           `json:"completed_hours"`
	Scoped         bool                          `json:"scoped"`
	GeneratedAt    time.Time                     `json:"generated_at"`
	Courses        []recordCourseResponse        `json:"courses"`
	Qualifications []recordQualificationResponse `json:"qualifications"`
}

func (h *Handler) signinCode(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	sc, err := h.app.Training.CurrentSigninCode(c.Request().Context(), actor(c), id, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, signinCodeResponse{MeetingID: sc.MeetingID, Code: sc.Code, ExpiresAt: sc.ExpiresAt, SigninURL: sc.URL})
}

func (h *Handler) signInToMeeting(c echo.Context) error {
	req, err := bind[signinRequest](h, c)
	if err != nil {
		return err
	}
	res, err := h.app.Training.SignIn(c.Request().Context(), actor(c), req.Code, req.SessionID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, signinResponse{EnrollmentID: res.EnrollmentID, MeetingID: res.MeetingID, MarkedAt: res.MarkedAt})
}

func (h *Handler) setAttendance(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	meetingID, err := pathID(c, "meeting_id")
	if err != nil {
		return err
	}
	if _, err := h.app.Training.Enrollment(c.Request().Context(), actor(c), id); err != nil {
		return err // before the body, as moveEnrollment
	}
	req, err := bind[attendanceRequest](h, c)
	if err != nil {
		return err
	}
	m, err := h.app.Training.SetAttendance(c.Request().Context(), actor(c), id, meetingID, *req.Present)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, attendanceResponse{EnrollmentID: m.EnrollmentID, MeetingID: m.MeetingID, Present: m.Present,
		Method: m.Method, MarkedBy: m.MarkedBy, MarkedAt: m.MarkedAt})
}

func (h *Handler) listMyCertificates(c echo.Context) error {
	q, err := bind[pageQuery](h, c)
	if err != nil {
		return err
	}
	items, total, err := h.app.Training.MyCertificates(c.Request().Context(), actor(c), q.page(), h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, list(mapSlice(items, toCertificate), total))
}

func (h *Handler) getCertificate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	v, err := h.app.Training.Certificate(c.Request().Context(), actor(c), id, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCertificate(v))
}

func (h *Handler) revokeCertificate(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	// Before the body: a manager of another base learns nothing from its faults.
	if _, err := h.app.Training.Certificate(c.Request().Context(), actor(c), id, h.app.Config().PublicURL); err != nil {
		return err
	}
	req, err := bind[revokeRequest](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.RevokeCertificate(c.Request().Context(), actor(c), id, req.Reason, h.app.Config().PublicURL)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toCertificate(v))
}

func (h *Handler) verifyCertificate(c echo.Context) error {
	req, err := bind[verifyPath](h, c)
	if err != nil {
		return err
	}
	v, err := h.app.Training.VerifyCertificate(c.Request().Context(), req.Code)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, verificationResponse{Status: v.Status, HolderMasked: v.HolderMasked, CourseTitle: v.CourseTitle,
		CourseTitleEn: v.CourseTitleEn, Hours: v.Hours, StartAt: v.StartAt, EndAt: v.EndAt, FacilityName: v.FacilityName,
		FacilityNameEn: v.FacilityNameEn, IssuedAt: v.IssuedAt, RevokedAt: v.RevokedAt})
}

func (h *Handler) myLearningRecord(c echo.Context) error {
	return h.learningRecord(c, actor(c).UserID)
}

func (h *Handler) userLearningRecord(c echo.Context) error {
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	return h.learningRecord(c, id)
}

// learningRecord answers a user's learning record as JSON, or as a CSV or XLSX file with its
// headers in the caller's language.
func (h *Handler) learningRecord(c echo.Context, userID int64) error {
	q, err := bind[recordQuery](h, c)
	if err != nil {
		return err
	}
	rec, err := h.app.Training.LearningRecord(c.Request().Context(), actor(c), userID)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	name := fmt.Sprintf("learning-record-%d-%s", rec.UserID, rec.GeneratedAt.Format("20060102"))
	switch q.Format {
	case "csv":
		if err := training.WriteRecordCSV(&b, rec, language(c)); err != nil {
			return err
		}
		return attachment(c, name+".csv", "text/csv; charset=utf-8", b.Bytes())
	case "xlsx":
		if err := training.WriteRecordXLSX(&b, rec, language(c)); err != nil {
			return err
		}
		return attachment(c, name+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b.Bytes())
	}
	return c.JSON(http.StatusOK, learningRecordResponse{UserID: rec.UserID, UserName: rec.UserName,
		CompletedHours: rec.CompletedHours, Scoped: rec.Scoped, GeneratedAt: rec.GeneratedAt,
		Courses: mapSlice(rec.Courses, toRecordCourse), Qualifications: mapSlice(rec.Qualifications, toRecordQualification)})
}

// attachment answers a file to download under its name.
func attachment(c echo.Context, name, contentType string, body []byte) error {
	c.Response().Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", name))
	return c.Blob(http.StatusOK, contentType, body)
}

// limitEach caps the requests of each key (an address, a user) at every a second with bursts of
// burst, past the server-wide limit, where a guess is cheap to send: a certificate's code, a
// meeting's sign-in code. Off when rate limits are.
func (h *Handler) limitEach(every float64, burst int, key func(echo.Context) string) echo.MiddlewareFunc {
	if !h.app.Config().RateLimits {
		return func(next echo.HandlerFunc) echo.HandlerFunc { return next }
	}
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(every), Burst: burst, ExpiresIn: 10 * time.Minute,
		}),
		IdentifierExtractor: func(c echo.Context) (string, error) { return key(c), nil },
		DenyHandler:         func(c echo.Context, _ string, _ error) error { return core.ErrRateLimited },
	})
}

// byAddress and byUser are the keys of limitEach.
func byAddress(c echo.Context) string { return c.RealIP() }

func byUser(c echo.Context) string { return fmt.Sprint(actor(c).UserID) }
