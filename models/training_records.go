package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// SeatMeeting is a meeting under way of a session in which a person holds a seat, with their
// enrolment: what a sign-in code is checked against.
type SeatMeeting struct {
	MeetingID    int64
	SessionID    int64
	StartAt      time.Time
	EndAt        time.Time
	SigninSecret string
	EnrollmentID int64
}

// CurrentSeatMeetings lists the meetings of scheduled sessions that are open for sign-in at now
// (from lead before their start to their end) in which the user holds a seat; sessionID 0 means
// any session.
func (d *DB) CurrentSeatMeetings(ctx context.Context, userID, sessionID int64, now time.Time, lead time.Duration) ([]SeatMeeting, error) {
	now = now.UTC()
	q := d.R(ctx).Table("session_meetings m").
		Select("m.id AS meeting_id, m.session_id, m.start_at, m.end_at, m.signin_secret, e.id AS enrollment_id").
		Joins("JOIN course_sessions s ON s.id = m.session_id").
		Joins("JOIN enrollments e ON e.session_id = m.session_id").
		Where("e.user_id = ? AND e.status IN ? AND s.status = ?", userID, SeatHoldingEnrollmentStatuses, SessionScheduled).
		Where("m.start_at <= ? AND m.end_at > ?", now.Add(lead), now)
	if sessionID != 0 {
		q = q.Where("m.session_id = ?", sessionID)
	}
	var out []SeatMeeting
	err := q.Order("m.start_at, m.id").Scan(&out).Error
	return out, err
}

// CurrentMeeting loads the session's meeting open for sign-in at now (from lead before its start
// to its end), the earliest when two are.
func (d *DB) CurrentMeeting(ctx context.Context, sessionID int64, now time.Time, lead time.Duration) (SessionMeeting, error) {
	now = now.UTC()
	return first[SessionMeeting](d.R(ctx).Where("session_id = ? AND start_at <= ? AND end_at > ?", sessionID, now.Add(lead), now).
		Order("start_at, id"))
}

// MeetingByID loads a meeting.
func (d *DB) MeetingByID(ctx context.Context, id int64) (SessionMeeting, error) {
	return first[SessionMeeting](d.R(ctx), id)
}

// AttendanceMarkFor loads the mark of an enrolment at a meeting.
func (d *DB) AttendanceMarkFor(ctx context.Context, enrollmentID, meetingID int64) (AttendanceMark, error) {
	return first[AttendanceMark](d.R(ctx).Where("enrollment_id = ? AND meeting_id = ?", enrollmentID, meetingID))
}

// InsertAttendanceMark records a mark; losing a race with another mark of the same enrolment
// and meeting is ErrRetry, so the transaction reads the winner on its next attempt.
func (d *DB) InsertAttendanceMark(ctx context.Context, m *AttendanceMark) error {
	return raced(d.W(ctx).Create(m).Error)
}

// UpdateAttendanceMark changes a mark's presence, method and author.
func (d *DB) UpdateAttendanceMark(ctx context.Context, m AttendanceMark) error {
	return d.W(ctx).Model(&AttendanceMark{}).Where("id = ?", m.ID).Updates(map[string]any{
		"present": m.Present, "method": m.Method, "marked_by": m.MarkedBy, "marked_at": m.MarkedAt,
	}).Error
}

// CertificateRow is a certificate with what it certifies: the holder, the course, the session
// and the training base that issued it.
type CertificateRow struct {
	Certificate
	HolderName     string
	CourseID       int64
	CourseTitle    string
	CourseTitleEn  string
	Hours          int
	SessionID      int64
	StartAt        time.Time
	EndAt          time.Time
	FacilityID     int64
	FacilityName   string
	FacilityNameEn string
	TimeZone       string
}

func (d *DB) certificateRows(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("certificates c").
		Select("c.*, u.name AS holder_name, co.id AS course_id, co.title AS course_title, co.title_en AS course_title_en, " +
			"co.hours, s.id AS session_id, s.start_at, s.end_at, f.id AS facility_id, f.name AS facility_name, " +
			"f.name_en AS facility_name_en, f.time_zone").
		Joins("JOIN users u ON u.id = c.user_id").
		Joins("JOIN enrollments e ON e.id = c.enrollment_id").
		Joins("JOIN course_sessions s ON s.id = e.session_id").
		Joins("JOIN courses co ON co.id = s.course_id").
		Joins("JOIN facilities f ON f.id = co.facility_id")
}

// CertificateRowByID loads a certificate with what it certifies.
func (d *DB) CertificateRowByID(ctx context.Context, id int64) (CertificateRow, error) {
	return first[CertificateRow](d.certificateRows(ctx).Where("c.id = ?", id))
}

// CertificateRowByCode loads the certificate of a verification code.
func (d *DB) CertificateRowByCode(ctx context.Context, code string) (CertificateRow, error) {
	return first[CertificateRow](d.certificateRows(ctx).Where("c.code = ?", code))
}

// UserCertificateRows lists one page of a user's certificates, newest first.
func (d *DB) UserCertificateRows(ctx context.Context, userID int64, limit, offset int) ([]CertificateRow, int64, error) {
	return page[CertificateRow](d.R(ctx).Model(&Certificate{}).Where("user_id = ?", userID),
		d.certificateRows(ctx).Where("c.user_id = ?", userID).Order("c.issued_at DESC, c.id DESC"), limit, offset)
}

// RevokeCertificate marks a certificate revoked unless it already is, and reports whether it
// changed it.
func (d *DB) RevokeCertificate(ctx context.Context, id, by int64, reason string, at time.Time) (bool, error) {
	var revokedBy *int64
	if by != 0 {
		revokedBy = &by
	}
	res := d.W(ctx).Model(&Certificate{}).Where("id = ? AND revoked_at IS NULL", id).
		Updates(map[string]any{"revoked_at": at.UTC(), "revoked_by": revokedBy, "revoke_reason": reason})
	return res.RowsAffected > 0, res.Error
}

// RecordRow is one course a person took, for their learning record (终身学习档案): the
// enrolment with its course, session, training base and certificate.
type RecordRow struct {
	EnrollmentID        int64
	Status              EnrollmentStatus
	Score               *int
	ResultAt            *time.Time
	SessionID           int64
	StartAt             time.Time
	EndAt               time.Time
	CourseID            int64
	CourseTitle         string
	CourseTitleEn       string
	Hours               int
	FacilityID          int64
	FacilityName        string
	FacilityNameEn      string
	TimeZone            string
	CertificateID       *int64
	CertificateCode     *string
	CertificateRevoked  *time.Time `gorm:"column:certificate_revoked_at"`
	QualificationID     *int64
	QualificationName   *string
	QualificationNameEn *string
}

// LearningRecordRows lists the courses a user took (every enrolment that held a seat), across
// all consortia, oldest first; facilityIDs, when not nil, keeps those of the training bases named.
func (d *DB) LearningRecordRows(ctx context.Context, userID int64, facilityIDs []int64) ([]RecordRow, error) {
	q := d.R(ctx).Table("enrollments e").
		Select("e.id AS enrollment_id, e.status, e.score, e.result_at, s.id AS session_id, s.start_at, s.end_at, "+
			"co.id AS course_id, co.title AS course_title, co.title_en AS course_title_en, co.hours, f.id AS facility_id, "+
			"f.name AS facility_name, f.name_en AS facility_name_en, f.time_zone, c.id AS certificate_id, "+
			"c.code AS certificate_code, c.revoked_at AS certificate_revoked_at, q.id AS qualification_id, "+
			"q.name AS qualification_name, q.name_en AS qualification_name_en").
		Joins("JOIN course_sessions s ON s.id = e.session_id").
		Joins("JOIN courses co ON co.id = s.course_id").
		Joins("JOIN facilities f ON f.id = co.facility_id").
		Joins("LEFT JOIN certificates c ON c.enrollment_id = e.id").
		Joins("LEFT JOIN qualifications q ON q.id = co.qualification_id").
		Where("e.user_id = ? AND e.status IN ?", userID, SeatHoldingEnrollmentStatuses)
	if facilityIDs != nil {
		q = q.Where("co.facility_id IN ?", facilityIDs)
	}
	var out []RecordRow
	err := q.Order("s.start_at, e.id").Scan(&out).Error
	return out, err
}

// UserEnrolledAtAny reports whether a user has held a seat in a session of a course of one of the
// training bases.
func (d *DB) UserEnrolledAtAny(ctx context.Context, userID int64, facilityIDs []int64) (bool, error) {
	if len(facilityIDs) == 0 {
		return false, nil
	}
	var n int64
	err := d.R(ctx).Table("enrollments e").
		Joins("JOIN course_sessions s ON s.id = e.session_id").
		Joins("JOIN courses co ON co.id = s.course_id").
		Where("e.user_id = ? AND e.status IN ? AND co.facility_id IN ?", userID, SeatHoldingEnrollmentStatuses, facilityIDs).
		Limit(1).Count(&n).Error
	return n > 0, err
}

// CourseRef names a course.
type CourseRef struct {
	ID              int64
	Title           string
	TitleEn         string
	QualificationID int64
}

// PublishedCoursesGranting lists, for each qualification, the published courses that grant it,
// by title.
func (d *DB) PublishedCoursesGranting(ctx context.Context, qualificationIDs []int64) (map[int64][]CourseRef, error) {
	out := map[int64][]CourseRef{}
	if len(qualificationIDs) == 0 {
		return out, nil
	}
	var rows []CourseRef
	err := d.R(ctx).Model(&Course{}).Select("id, title, title_en, qualification_id").
		Where("qualification_id IN ? AND status = ?", qualificationIDs, CoursePublished).
		Order("title, id").Scan(&rows).Error
	for _, r := range rows {
		out[r.QualificationID] = append(out[r.QualificationID], r)
	}
	return out, err
}

// ExpiringGrant is a qualification grant to warn its holder of.
type ExpiringGrant struct {
	UserQualification
	Name   string
	NameEn string
}

// GrantsExpiringBy lists up to limit grants that expire after after and at or before by, whose
// warning stamp (warned_month_at or warned_week_at, named by column) is not set, soonest first.
func (d *DB) GrantsExpiringBy(ctx context.Context, column string, after, by time.Time, limit int) ([]ExpiringGrant, error) {
	var out []ExpiringGrant
	err := d.R(ctx).Table("user_qualifications uq").Select("uq.*, q.name, q.name_en").
		Joins("JOIN qualifications q ON q.id = uq.qualification_id").
		Where("uq.expires_at > ? AND uq.expires_at <= ? AND uq."+warnColumn(column)+" IS NULL", after.UTC(), by.UTC()).
		Order("uq.expires_at, uq.id").Limit(limit).Scan(&out).Error
	return out, err
}

// MarkGrantWarned sets a grant's warning stamp (named by column) unless it is set, and reports
// whether it set it: of two runs racing over a grant, one sends its warning.
func (d *DB) MarkGrantWarned(ctx context.Context, id int64, column string, at time.Time) (bool, error) {
	c := warnColumn(column)
	res := d.W(ctx).Model(&UserQualification{}).Where("id = ? AND "+c+" IS NULL", id).Update(c, at.UTC())
	return res.RowsAffected > 0, res.Error
}

// Columns of the two expiry warnings of a grant.
const (
	WarnedMonth = "warned_month_at"
	WarnedWeek  = "warned_week_at"
)

// warnColumn keeps a column name that goes into SQL to the two it may be.
func warnColumn(column string) string {
	if column == WarnedWeek {
		return WarnedWeek
	}
	return WarnedMonth
}

// MeetingToRemind is a meeting of a scheduled session with its course and the training base's
// time zone, to remind the seat holders of.
type MeetingToRemind struct {
	SessionMeeting
	CourseID      int64
	CourseTitle   string
	CourseTitleEn string
	TimeZone      string
}

// MeetingsToRemind lists up to limit meetings of scheduled sessions that start after now and at
// or before by and whose trainees were not reminded, soonest first.
func (d *DB) MeetingsToRemind(ctx context.Context, now, by time.Time, limit int) ([]MeetingToRemind, error) {
	var out []MeetingToRemind
	err := d.R(ctx).Table("session_meetings m").
		Select("m.*, co.id AS course_id, co.title AS course_title, co.title_en AS course_title_en, f.time_zone").
		Joins("JOIN course_sessions s ON s.id = m.session_id").
		Joins("JOIN courses co ON co.id = s.course_id").
		Joins("JOIN facilities f ON f.id = co.facility_id").
		Where("s.status = ? AND m.start_at > ? AND m.start_at <= ? AND m.reminded_at IS NULL", SessionScheduled, now.UTC(), by.UTC()).
		Order("m.start_at, m.id").Limit(limit).Scan(&out).Error
	return out, err
}

// MarkMeetingReminded stamps a meeting reminded unless it is, and reports whether it did.
func (d *DB) MarkMeetingReminded(ctx context.Context, id int64, at time.Time) (bool, error) {
	res := d.W(ctx).Model(&SessionMeeting{}).Where("id = ? AND reminded_at IS NULL", id).Update("reminded_at", at.UTC())
	return res.RowsAffected > 0, res.Error
}

// SeatHolderIDs lists the users who hold a seat in a session.
func (d *DB) SeatHolderIDs(ctx context.Context, sessionID int64) ([]int64, error) {
	var out []int64
	err := d.R(ctx).Model(&Enrollment{}).Where("session_id = ? AND status IN ?", sessionID, SeatHoldingEnrollmentStatuses).
		Order("id").Pluck("user_id", &out).Error
	return out, err
}
