package models

import "time"

// CourseStatus is whether a course is offered: a draft is seen by its base only, a published
// course by everyone, an archived one keeps its history but takes no new sessions.
type CourseStatus string

// Course statuses.
const (
	CourseDraft     CourseStatus = "draft"
	CoursePublished CourseStatus = "published"
	CourseArchived  CourseStatus = "archived"
)

// Course levels.
var CourseLevels = []string{"beginner", "intermediate", "advanced"}

// Course is a course a training base (示范性职工培训基地) offers.
type Course struct {
	ID               int64
	FacilityID       int64 // the training base
	Title            string
	TitleEn          string
	Description      string
	ClusterID        *int64
	Level            string
	Hours            int // class hours (学时)
	GivesCertificate bool
	// QualificationID is the qualification passing grants, for QualificationValidMonths (nil:
	// the qualification's own validity).
	QualificationID          *int64
	QualificationValidMonths *int
	// PassScore is the pass mark of a course with a score; nil for pass or fail only.
	PassScore *int
	Status    CourseStatus
	CreatedBy *int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// CoursePrerequisite is one thing a person must have before enrolling in a course: a passed
// course or a valid qualification (exactly one of the two is set).
type CoursePrerequisite struct {
	ID                      int64
	CourseID                int64
	RequiredCourseID        *int64
	RequiredQualificationID *int64
}

// SessionStatus is whether a session takes place.
type SessionStatus string

// Session statuses.
const (
	SessionScheduled SessionStatus = "scheduled"
	SessionCancelled SessionStatus = "cancelled"
)

// Session audiences: who may enrol.
const (
	AudienceOpen          = "open"          // anyone with an account
	AudienceConsortium    = "consortium"    // members of the organizations of the base's consortium
	AudienceOrganizations = "organizations" // employees of the organizations named (企业员工 training)
)

// Audiences lists every audience.
var Audiences = []string{AudienceOpen, AudienceConsortium, AudienceOrganizations}

// CourseSession is one run of a course: its meetings, room, instructor and seats.
type CourseSession struct {
	ID             int64
	CourseID       int64
	RoomResourceID *int64
	InstructorID   int64
	Seats          int
	// StartAt and EndAt are the first meeting's start and the last one's end.
	StartAt          time.Time
	EndAt            time.Time
	EnrollOpensAt    time.Time
	EnrollClosesAt   time.Time
	CancelDeadline   time.Time
	Audience         string
	EnrollmentClosed bool
	// Fees per seat by the trainee's type, in fen; nil is free.
	FeeInternalFen   *int64
	FeeConsortiumFen *int64
	FeeOutsideFen    *int64
	Status           SessionStatus
	Note             string
	CreatedBy        *int64
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// TableName keeps GORM from pluralising the struct's name its own way.
func (CourseSession) TableName() string { return "course_sessions" }

// CourseSessionOrg names an organization whose employees a session is for.
type CourseSessionOrg struct {
	SessionID      int64 `gorm:"primaryKey;autoIncrement:false"`
	OrganizationID int64 `gorm:"primaryKey;autoIncrement:false"`
}

// SessionMeeting is one meeting of a session, with the room booking made for it and the secret
// its rotating sign-in code comes from.
type SessionMeeting struct {
	ID           int64
	SessionID    int64
	StartAt      time.Time
	EndAt        time.Time
	BookingID    *int64
	SigninSecret string `json:"-"`
	RemindedAt   *time.Time
}

// EnrollmentStatus is where an enrolment is in its life.
type EnrollmentStatus string

// Enrolment statuses.
const (
	EnrollmentEnrolled   EnrollmentStatus = "enrolled"
	EnrollmentWaitlisted EnrollmentStatus = "waitlisted"
	EnrollmentCancelled  EnrollmentStatus = "cancelled"
	EnrollmentAttended   EnrollmentStatus = "attended"
	EnrollmentAbsent     EnrollmentStatus = "absent"
	EnrollmentPassed     EnrollmentStatus = "passed"
)

// SeatHoldingEnrollmentStatuses hold one of a session's seats (a SeatNo).
var SeatHoldingEnrollmentStatuses = []EnrollmentStatus{EnrollmentEnrolled, EnrollmentAttended,
	EnrollmentAbsent, EnrollmentPassed}

// Enrollment is a person's place in a session: a seat (SeatNo), a place on the waitlist
// (QueueNo), or neither once cancelled. Invariant 2 rests on the unique keys over
// (session, seat_no), (session, queue_no) and (session, live_user_id): docs/enrolment.md.
type Enrollment struct {
	ID          int64
	SessionID   int64
	UserID      int64
	Status      EnrollmentStatus
	SeatNo      *int
	QueueNo     *int
	LiveUserID  *int64 // UserID while the enrolment is live (not cancelled), else nil
	FeeFen      int64
	Score       *int
	ResultBy    *int64
	ResultAt    *time.Time
	PromotedAt  *time.Time
	CancelledAt *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Attendance methods: how a presence was recorded.
const (
	AttendanceByCode       = "code"       // the trainee typed the rotating code or scanned its QR
	AttendanceByInstructor = "instructor" // the instructor marked or corrected it
)

// AttendanceMark is a trainee's presence at (or absence from) one meeting.
type AttendanceMark struct {
	ID           int64
	EnrollmentID int64
	MeetingID    int64
	Present      bool
	Method       string
	MarkedBy     *int64
	MarkedAt     time.Time
}

// Certificate is issued for a passed enrolment and verified by its code without login.
type Certificate struct {
	ID           int64
	EnrollmentID int64
	UserID       int64
	Code         string
	IssuedAt     time.Time
	RevokedAt    *time.Time
	RevokedBy    *int64
	RevokeReason string
}
