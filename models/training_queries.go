package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CourseRow is a course with the names the API shows beside its ids.
type CourseRow struct {
	Course
	FacilityName        string
	FacilityNameEn      string
	FacilityTimeZone    string
	ConsortiumID        int64
	QualificationName   string
	QualificationNameEn string
	QualificationMonths *int // the qualification's own validity
}

func (d *DB) courseQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("courses c").
		Select("c.*, f.name AS facility_name, f.name_en AS facility_name_en, f.time_zone AS facility_time_zone, f.consortium_id, " +
			"q.name AS qualification_name, q.name_en AS qualification_name_en, q.valid_months AS qualification_months").
		Joins("JOIN facilities f ON f.id = c.facility_id").
		Joins("LEFT JOIN qualifications q ON q.id = c.qualification_id")
}

// CourseFilter selects courses for the catalogue.
type CourseFilter struct {
	Query      string
	ClusterID  int64
	FacilityID int64
	Level      string
	// From and To keep courses with a scheduled session starting in [From, To).
	From, To *time.Time
	// HasSeats keeps courses with an upcoming session open for enrolment that has a seat left
	// at Now.
	HasSeats bool
	Now      time.Time
	// DraftsOf are the facilities whose drafts the reader sees (all of them when AllDrafts).
	DraftsOf  []int64
	AllDrafts bool
}

// ListCourses lists one page of the courses that match, by title, and how many match.
func (d *DB) ListCourses(ctx context.Context, f CourseFilter, limit, offset int) ([]CourseRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.ClusterID != 0 {
			q = q.Where("c.cluster_id = ?", f.ClusterID)
		}
		if f.FacilityID != 0 {
			q = q.Where("c.facility_id = ?", f.FacilityID)
		}
		if f.Level != "" {
			q = q.Where("c.level = ?", f.Level)
		}
		switch {
		case f.AllDrafts:
		case len(f.DraftsOf) > 0:
			q = q.Where("(c.status <> ? OR c.facility_id IN ?)", CourseDraft, f.DraftsOf)
		default:
			q = q.Where("c.status <> ?", CourseDraft)
		}
		if f.From != nil || f.To != nil || f.HasSeats {
			sub := d.R(ctx).Table("course_sessions s").Select("1").
				Where("s.course_id = c.id AND s.status = ?", SessionScheduled)
			if f.From != nil {
				sub = sub.Where("s.start_at >= ?", f.From.UTC())
			}
			if f.To != nil {
				sub = sub.Where("s.start_at < ?", f.To.UTC())
			}
			if f.HasSeats {
				sub = sub.Where("s.start_at > ? AND s.enrollment_closed = ? AND s.enroll_opens_at <= ? AND s.enroll_closes_at > ?",
					f.Now.UTC(), false, f.Now.UTC(), f.Now.UTC()).
					Where("s.seats > (SELECT COUNT(*) FROM enrollments e WHERE e.session_id = s.id AND e.seat_no IS NOT NULL)")
			}
			q = q.Where("EXISTS (?)", sub)
		}
		return whereContains(q, f.Query, "c.title", "c.title_en", "c.description")
	}
	return page[CourseRow](filter(d.R(ctx).Table("courses c")), filter(d.courseQuery(ctx)).Order("c.title, c.id"), limit, offset)
}

// CourseRowByID loads a course with its names.
func (d *DB) CourseRowByID(ctx context.Context, id int64) (CourseRow, error) {
	var out []CourseRow
	if err := d.courseQuery(ctx).Where("c.id = ?", id).Scan(&out).Error; err != nil {
		return CourseRow{}, err
	}
	if len(out) == 0 {
		return CourseRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// CourseByID loads a course.
func (d *DB) CourseByID(ctx context.Context, id int64) (Course, error) {
	return first[Course](d.R(ctx), id)
}

// UpdateCourse writes every column of a course.
func (d *DB) UpdateCourse(ctx context.Context, c *Course) error {
	return d.W(ctx).Select("*").Omit("id", "created_at", "created_by").Save(c).Error
}

// PrerequisiteRow is a prerequisite with the name of what it requires.
type PrerequisiteRow struct {
	CoursePrerequisite
	CourseTitle       string
	QualificationName string
}

// CoursePrerequisites lists the prerequisites of the courses, in one query.
func (d *DB) CoursePrerequisites(ctx context.Context, courseIDs []int64) ([]PrerequisiteRow, error) {
	var out []PrerequisiteRow
	if len(courseIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Table("course_prerequisites p").
		Select("p.*, rc.title AS course_title, q.name AS qualification_name").
		Joins("LEFT JOIN courses rc ON rc.id = p.required_course_id").
		Joins("LEFT JOIN qualifications q ON q.id = p.required_qualification_id").
		Where("p.course_id IN ?", courseIDs).Order("p.id").Scan(&out).Error
	return out, err
}

// SetCoursePrerequisites replaces the prerequisites of a course.
func (d *DB) SetCoursePrerequisites(ctx context.Context, courseID int64, prereqs []CoursePrerequisite) error {
	if err := d.W(ctx).Where("course_id = ?", courseID).Delete(&CoursePrerequisite{}).Error; err != nil {
		return err
	}
	for i := range prereqs {
		prereqs[i].ID, prereqs[i].CourseID = 0, courseID
	}
	if len(prereqs) == 0 {
		return nil
	}
	return d.W(ctx).Create(&prereqs).Error
}

// PassedCourseIDs lists those of the courses the user has passed a session of.
func (d *DB) PassedCourseIDs(ctx context.Context, userID int64, courseIDs []int64) ([]int64, error) {
	var out []int64
	if len(courseIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Table("enrollments e").Joins("JOIN course_sessions s ON s.id = e.session_id").
		Where("e.user_id = ? AND e.status = ? AND s.course_id IN ?", userID, EnrollmentPassed, courseIDs).
		Distinct("s.course_id").Pluck("s.course_id", &out).Error
	return out, err
}

// ValidQualificationIDs lists those of the qualifications the user holds unexpired at now.
func (d *DB) ValidQualificationIDs(ctx context.Context, userID int64, qualificationIDs []int64, now time.Time) ([]int64, error) {
	var out []int64
	if len(qualificationIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Model(&UserQualification{}).
		Where("user_id = ? AND qualification_id IN ? AND (expires_at IS NULL OR expires_at > ?)", userID, qualificationIDs, now.UTC()).
		Pluck("qualification_id", &out).Error
	return out, err
}

// SessionRow is a session with the names the API shows beside its ids and its seat counts.
type SessionRow struct {
	CourseSession
	CourseTitle    string
	CourseTitleEn  string
	FacilityID     int64
	FacilityName   string
	FacilityNameEn string
	ConsortiumID   int64
	TimeZone       string
	RoomName       string
	InstructorName string
	EnrolledCount  int `gorm:"-"`
	WaitlistCount  int `gorm:"-"`
}

func (d *DB) sessionQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("course_sessions s").
		Select("s.*, c.title AS course_title, c.title_en AS course_title_en, c.facility_id, f.name AS facility_name, " +
			"f.name_en AS facility_name_en, f.consortium_id, f.time_zone, r.name AS room_name, u.name AS instructor_name").
		Joins("JOIN courses c ON c.id = s.course_id").
		Joins("JOIN facilities f ON f.id = c.facility_id").
		Joins("LEFT JOIN resources r ON r.id = s.room_resource_id").
		Joins("JOIN users u ON u.id = s.instructor_id")
}

// SessionFilter selects sessions.
type SessionFilter struct {
	CourseID     int64
	FacilityID   int64
	InstructorID int64
	From, To     *time.Time
	// DraftsOf and AllDrafts as in CourseFilter: sessions of draft courses only to their base.
	DraftsOf  []int64
	AllDrafts bool
}

// ListSessions lists one page of the sessions that match, by start, and how many match, with
// their seat counts.
func (d *DB) ListSessions(ctx context.Context, f SessionFilter, limit, offset int) ([]SessionRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.CourseID != 0 {
			q = q.Where("s.course_id = ?", f.CourseID)
		}
		if f.FacilityID != 0 {
			q = q.Where("c.facility_id = ?", f.FacilityID)
		}
		if f.InstructorID != 0 {
			q = q.Where("s.instructor_id = ?", f.InstructorID)
		}
		if f.From != nil {
			q = q.Where("s.end_at > ?", f.From.UTC())
		}
		if f.To != nil {
			q = q.Where("s.start_at < ?", f.To.UTC())
		}
		switch {
		case f.AllDrafts:
		case len(f.DraftsOf) > 0:
			q = q.Where("(c.status <> ? OR c.facility_id IN ?)", CourseDraft, f.DraftsOf)
		default:
			q = q.Where("c.status <> ?", CourseDraft)
		}
		return q
	}
	count := d.R(ctx).Table("course_sessions s").Joins("JOIN courses c ON c.id = s.course_id")
	rows, total, err := page[SessionRow](filter(count), filter(d.sessionQuery(ctx)).Order("s.start_at, s.id"), limit, offset)
	if err != nil {
		return nil, 0, err
	}
	return rows, total, d.fillSeatCounts(ctx, rows)
}

// SessionRowByID loads a session with its names and seat counts.
func (d *DB) SessionRowByID(ctx context.Context, id int64) (SessionRow, error) {
	var out []SessionRow
	if err := d.sessionQuery(ctx).Where("s.id = ?", id).Scan(&out).Error; err != nil {
		return SessionRow{}, err
	}
	if len(out) == 0 {
		return SessionRow{}, gorm.ErrRecordNotFound
	}
	return out[0], d.fillSeatCounts(ctx, out)
}

// fillSeatCounts counts the seat holders and the waitlisted of the sessions, in one query.
func (d *DB) fillSeatCounts(ctx context.Context, rows []SessionRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var counts []struct {
		SessionID int64
		Status    EnrollmentStatus
		N         int
	}
	err := d.R(ctx).Model(&Enrollment{}).Select("session_id, status, COUNT(*) AS n").
		Where("session_id IN ? AND status <> ?", ids, EnrollmentCancelled).Group("session_id, status").Scan(&counts).Error
	if err != nil {
		return err
	}
	for i := range rows {
		for _, c := range counts {
			if c.SessionID != rows[i].ID {
				continue
			}
			if c.Status == EnrollmentWaitlisted {
				rows[i].WaitlistCount += c.N
			} else {
				rows[i].EnrolledCount += c.N
			}
		}
	}
	return nil
}

// LockSession loads a session inside the transaction of ctx and, on MySQL, first locks the row
// of its course until the transaction ends, so the enrolments of one server node queue instead
// of racing. It carries no correctness (a lock is local to a cluster node): the enrolment keys
// do (docs/enrolment.md). The course's row and not the session's: inserting an enrolment checks
// its foreign key with a shared lock on the session row, so a Galera node applying another
// node's enrolment would abort whichever local transaction held that row, and the rush would
// turn into a retry storm. SQLite has one writer already.
func (d *DB) LockSession(ctx context.Context, id int64) (CourseSession, error) {
	if d.Dialect == MySQL {
		var ids []int64
		err := d.W(ctx).Model(&Course{}).Clauses(clause.Locking{Strength: "UPDATE"}).
			Where("id = (SELECT course_id FROM course_sessions WHERE id = ?)", id).Pluck("id", &ids).Error
		if err != nil {
			return CourseSession{}, err
		}
	}
	return first[CourseSession](d.W(ctx), id)
}

// UpdateSession writes every column of a session.
func (d *DB) UpdateSession(ctx context.Context, s *CourseSession) error {
	return d.W(ctx).Select("*").Omit("id", "created_at", "created_by").Save(s).Error
}

// SessionMeetings lists the meetings of the sessions, by start.
func (d *DB) SessionMeetings(ctx context.Context, sessionIDs []int64) ([]SessionMeeting, error) {
	var out []SessionMeeting
	if len(sessionIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("session_id IN ?", sessionIDs).Order("session_id, start_at, id").Find(&out).Error
	return out, err
}

// DeleteMeeting removes a meeting (its attendance marks go with it).
func (d *DB) DeleteMeeting(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&SessionMeeting{}, id).Error
}

// SessionOrganizationIDs lists the organizations sessions of audience "organizations" are for.
func (d *DB) SessionOrganizationIDs(ctx context.Context, sessionIDs []int64) (map[int64][]int64, error) {
	out := map[int64][]int64{}
	if len(sessionIDs) == 0 {
		return out, nil
	}
	var rows []CourseSessionOrg
	if err := d.R(ctx).Where("session_id IN ?", sessionIDs).Order("organization_id").Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.SessionID] = append(out[r.SessionID], r.OrganizationID)
	}
	return out, nil
}

// SetSessionOrganizations replaces the organizations a session is for.
func (d *DB) SetSessionOrganizations(ctx context.Context, sessionID int64, orgIDs []int64) error {
	if err := d.W(ctx).Where("session_id = ?", sessionID).Delete(&CourseSessionOrg{}).Error; err != nil {
		return err
	}
	if len(orgIDs) == 0 {
		return nil
	}
	rows := make([]CourseSessionOrg, len(orgIDs))
	for i, id := range orgIDs {
		rows[i] = CourseSessionOrg{SessionID: sessionID, OrganizationID: id}
	}
	return d.W(ctx).Create(&rows).Error
}

// HeldSeatNumbers lists the seat numbers taken in a session: at most its seats rows, read
// through the (session_id, seat_no) key.
func (d *DB) HeldSeatNumbers(ctx context.Context, sessionID int64) ([]int, error) {
	var out []int
	err := d.W(ctx).Model(&Enrollment{}).Where("session_id = ? AND seat_no IS NOT NULL", sessionID).
		Order("seat_no").Pluck("seat_no", &out).Error
	return out, err
}

// LastQueueNo is the highest waitlist number of a session's waitlisted, 0 when none.
func (d *DB) LastQueueNo(ctx context.Context, sessionID int64) (int, error) {
	var n *int
	err := d.W(ctx).Model(&Enrollment{}).Where("session_id = ? AND status = ?", sessionID, EnrollmentWaitlisted).
		Select("MAX(queue_no)").Scan(&n).Error
	if n == nil {
		return 0, err
	}
	return *n, err
}

// FirstWaitlisted loads the head of a session's waitlist (lowest queue number).
func (d *DB) FirstWaitlisted(ctx context.Context, sessionID int64) (Enrollment, error) {
	return first[Enrollment](d.W(ctx).Where("session_id = ? AND status = ?", sessionID, EnrollmentWaitlisted).Order("queue_no"))
}

// WaitlistPositions gives the waitlist place (1-based) of each waitlisted enrolment of a
// session among the ids: the count of the session's waitlisted whose queue number is not above
// theirs.
func (d *DB) WaitlistPositions(ctx context.Context, enrollments []Enrollment) (map[int64]int, error) {
	out := map[int64]int{}
	for _, e := range enrollments {
		if e.Status != EnrollmentWaitlisted || e.QueueNo == nil {
			continue
		}
		var n int64
		if err := d.R(ctx).Model(&Enrollment{}).Where("session_id = ? AND status = ? AND queue_no <= ?",
			e.SessionID, EnrollmentWaitlisted, *e.QueueNo).Count(&n).Error; err != nil {
			return nil, err
		}
		out[e.ID] = int(n)
	}
	return out, nil
}

// LiveEnrollment loads a person's live (not cancelled) enrolment in a session.
func (d *DB) LiveEnrollment(ctx context.Context, sessionID, userID int64) (Enrollment, error) {
	return first[Enrollment](d.W(ctx).Where("session_id = ? AND live_user_id = ?", sessionID, userID))
}

// InsertEnrollment inserts an enrolment; a duplicate seat, waitlist number or person (another
// transaction, maybe on another cluster node, took it first) is ErrRetry.
func (d *DB) InsertEnrollment(ctx context.Context, e *Enrollment) error {
	return raced(d.W(ctx).Create(e).Error)
}

// EnrollmentByID loads an enrolment.
func (d *DB) EnrollmentByID(ctx context.Context, id int64) (Enrollment, error) {
	return first[Enrollment](d.R(ctx), id)
}

// EnrollmentChange is a move of an enrolment: the status it reaches and the other columns it
// writes, by name (a nil value writes NULL).
type EnrollmentChange struct {
	Status  EnrollmentStatus
	Columns map[string]any
}

// UpdateEnrollmentFrom applies a change to an enrolment only while it is in one of the from
// states, and reports whether it did; a duplicate seat or waitlist number is ErrRetry.
func (d *DB) UpdateEnrollmentFrom(ctx context.Context, id int64, from []EnrollmentStatus, c EnrollmentChange) (bool, error) {
	cols := map[string]any{"status": c.Status}
	for k, v := range c.Columns {
		cols[k] = v
	}
	res := d.W(ctx).Model(&Enrollment{}).Where("id = ? AND status IN ?", id, from).Updates(cols)
	return res.RowsAffected > 0, raced(res.Error)
}

// LiveEnrollments lists the live enrolments of a session (for a session's cancellation and its
// notices).
func (d *DB) LiveEnrollments(ctx context.Context, sessionID int64) ([]Enrollment, error) {
	var out []Enrollment
	err := d.W(ctx).Where("session_id = ? AND live_user_id IS NOT NULL", sessionID).Order("id").Find(&out).Error
	return out, err
}

// EnrollmentRow is an enrolment with what its lists show: the person, the session and course.
type EnrollmentRow struct {
	Enrollment
	UserName         string
	UserEmail        string
	OrganizationName string
	CourseID         int64
	CourseTitle      string
	FacilityID       int64
	FacilityName     string
	TimeZone         string
	RoomName         string
	InstructorID     int64
	StartAt          time.Time
	EndAt            time.Time
	CancelDeadline   time.Time
	CertificateID    *int64
}

func (d *DB) enrollmentQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("enrollments e").
		Select("e.*, u.name AS user_name, u.email AS user_email, o.name AS organization_name, s.course_id, " +
			"c.title AS course_title, c.facility_id, f.name AS facility_name, f.time_zone, r.name AS room_name, " +
			"s.instructor_id, s.start_at, s.end_at, s.cancel_deadline, cert.id AS certificate_id").
		Joins("JOIN users u ON u.id = e.user_id").
		Joins("LEFT JOIN organizations o ON o.id = u.organization_id").
		Joins("JOIN course_sessions s ON s.id = e.session_id").
		Joins("JOIN courses c ON c.id = s.course_id").
		Joins("JOIN facilities f ON f.id = c.facility_id").
		Joins("LEFT JOIN resources r ON r.id = s.room_resource_id").
		Joins("LEFT JOIN certificates cert ON cert.enrollment_id = e.id")
}

// EnrollmentRowByID loads an enrolment with its names.
func (d *DB) EnrollmentRowByID(ctx context.Context, id int64) (EnrollmentRow, error) {
	var out []EnrollmentRow
	if err := d.enrollmentQuery(ctx).Where("e.id = ?", id).Scan(&out).Error; err != nil {
		return EnrollmentRow{}, err
	}
	if len(out) == 0 {
		return EnrollmentRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// UserEnrollments lists one page of a user's enrolments, newest session first.
func (d *DB) UserEnrollments(ctx context.Context, userID int64, status EnrollmentStatus, limit, offset int) ([]EnrollmentRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		q = q.Where("e.user_id = ?", userID)
		if status != "" {
			q = q.Where("e.status = ?", status)
		}
		return q
	}
	return page[EnrollmentRow](filter(d.R(ctx).Table("enrollments e")),
		filter(d.enrollmentQuery(ctx)).Order("s.start_at DESC, e.id DESC"), limit, offset)
}

// SessionRoster lists a session's enrolments: the seat holders by seat, then the waitlist in
// order, then the cancelled.
func (d *DB) SessionRoster(ctx context.Context, sessionID int64, status EnrollmentStatus, limit, offset int) ([]EnrollmentRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		q = q.Where("e.session_id = ?", sessionID)
		if status != "" {
			q = q.Where("e.status = ?", status)
		}
		return q
	}
	order := "CASE WHEN e.seat_no IS NOT NULL THEN 0 WHEN e.queue_no IS NOT NULL THEN 1 ELSE 2 END, e.seat_no, e.queue_no, e.id"
	return page[EnrollmentRow](filter(d.R(ctx).Table("enrollments e")), filter(d.enrollmentQuery(ctx)).Order(order), limit, offset)
}

// MeetingAttendance lists the attendance marks of enrolments.
func (d *DB) MeetingAttendance(ctx context.Context, enrollmentIDs []int64) ([]AttendanceMark, error) {
	var out []AttendanceMark
	if len(enrollmentIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("enrollment_id IN ?", enrollmentIDs).Order("meeting_id").Find(&out).Error
	return out, err
}

// CertificateOfEnrollment loads the certificate issued for an enrolment.
func (d *DB) CertificateOfEnrollment(ctx context.Context, enrollmentID int64) (Certificate, error) {
	return first[Certificate](d.W(ctx).Where("enrollment_id = ?", enrollmentID))
}

// InsertCertificate inserts a certificate; a duplicate code or enrolment is ErrRetry.
func (d *DB) InsertCertificate(ctx context.Context, c *Certificate) error {
	return raced(d.W(ctx).Create(c).Error)
}

// DeleteEnrollmentGrant removes the qualification grant an enrolment made, and reports whether
// there was one.
func (d *DB) DeleteEnrollmentGrant(ctx context.Context, enrollmentID int64) (bool, error) {
	res := d.W(ctx).Where("enrollment_id = ?", enrollmentID).Delete(&UserQualification{})
	return res.RowsAffected > 0, res.Error
}

// RevokeEnrollmentCertificate revokes the certificate of an enrolment, if it has a live one,
// and reports whether it did.
func (d *DB) RevokeEnrollmentCertificate(ctx context.Context, enrollmentID int64, by *int64, at time.Time, reason string) (bool, error) {
	res := d.W(ctx).Model(&Certificate{}).Where("enrollment_id = ? AND revoked_at IS NULL", enrollmentID).
		Updates(map[string]any{"revoked_at": at.UTC(), "revoked_by": by, "revoke_reason": reason})
	return res.RowsAffected > 0, res.Error
}

// UpcomingSessions lists the scheduled sessions of the courses that have not started at now, by
// start, with their seat counts.
func (d *DB) UpcomingSessions(ctx context.Context, courseIDs []int64, now time.Time) ([]SessionRow, error) {
	var out []SessionRow
	if len(courseIDs) == 0 {
		return out, nil
	}
	err := d.sessionQuery(ctx).Where("s.course_id IN ? AND s.status = ? AND s.start_at > ?", courseIDs, SessionScheduled, now.UTC()).
		Order("s.start_at, s.id").Scan(&out).Error
	if err != nil {
		return nil, err
	}
	return out, d.fillSeatCounts(ctx, out)
}

// MoveSeat gives the holder of a session's seat another seat number; a number taken meanwhile
// is ErrRetry.
func (d *DB) MoveSeat(ctx context.Context, sessionID int64, from, to int) error {
	return raced(d.W(ctx).Model(&Enrollment{}).Where("session_id = ? AND seat_no = ?", sessionID, from).Update("seat_no", to).Error)
}

// SaveEnrollmentGrant grants a qualification for a passed enrolment, or renews the grant the
// user holds (which then names this enrolment).
func (d *DB) SaveEnrollmentGrant(ctx context.Context, uq *UserQualification) error {
	if err := d.SaveUserQualification(ctx, uq); err != nil {
		return err
	}
	return d.W(ctx).Model(&UserQualification{}).Where("id = ?", uq.ID).
		Updates(map[string]any{"enrollment_id": uq.EnrollmentID, "warned_month_at": nil, "warned_week_at": nil}).Error
}

// ReinstateEnrollmentCertificate lifts the revocation of an enrolment's certificate (passed
// again after a result was changed) and reports whether there was one to lift.
func (d *DB) ReinstateEnrollmentCertificate(ctx context.Context, enrollmentID int64, at time.Time) (bool, error) {
	res := d.W(ctx).Model(&Certificate{}).Where("enrollment_id = ? AND revoked_at IS NOT NULL", enrollmentID).
		Updates(map[string]any{"revoked_at": nil, "revoked_by": nil, "revoke_reason": "", "issued_at": at.UTC()})
	return res.RowsAffected > 0, res.Error
}

// UserLiveEnrollments lists a user's live enrolments in the sessions.
func (d *DB) UserLiveEnrollments(ctx context.Context, userID int64, sessionIDs []int64) ([]Enrollment, error) {
	var out []Enrollment
	if userID == 0 || len(sessionIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Where("live_user_id = ? AND session_id IN ?", userID, sessionIDs).Find(&out).Error
	return out, err
}

// SessionsByIDs loads sessions by id, in one query.
func (d *DB) SessionsByIDs(ctx context.Context, ids []int64) (map[int64]CourseSession, error) {
	out := map[int64]CourseSession{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []CourseSession
	if err := d.R(ctx).Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, err
	}
	for _, s := range rows {
		out[s.ID] = s
	}
	return out, nil
}
