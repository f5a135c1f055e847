-- +goose Up
-- Training bases (示范性职工培训基地) run courses; a course has sessions of one or several meetings
-- in a room resource; people enrol in a session or join its waitlist; passing grants the course's
-- qualification and a certificate. docs/enrolment.md explains the keys invariant 2 rests on.
CREATE TABLE courses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    title VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    cluster_id INTEGER NULL REFERENCES industry_clusters (id),
    level VARCHAR(20) NOT NULL,
    hours INTEGER NOT NULL,
    gives_certificate BOOLEAN NOT NULL DEFAULT 0,
    qualification_id INTEGER NULL REFERENCES qualifications (id),
    -- How long the granted qualification lasts; NULL takes the qualification's own validity.
    qualification_valid_months INTEGER NULL,
    -- A course with a score has a pass mark; passing is then a score at or above it.
    pass_score INTEGER NULL,
    status VARCHAR(20) NOT NULL,
    created_by INTEGER NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_courses_facility ON courses (facility_id, status);
CREATE INDEX idx_courses_qualification ON courses (qualification_id);

-- What one must have before enrolling: a passed course or a valid qualification (one of the two).
CREATE TABLE course_prerequisites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
    required_course_id INTEGER NULL REFERENCES courses (id),
    required_qualification_id INTEGER NULL REFERENCES qualifications (id)
);
CREATE INDEX idx_course_prerequisites_course ON course_prerequisites (course_id);

CREATE TABLE course_sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id INTEGER NOT NULL REFERENCES courses (id),
    room_resource_id INTEGER NULL REFERENCES resources (id),
    instructor_id INTEGER NOT NULL REFERENCES users (id),
    seats INTEGER NOT NULL,
    -- The first meeting's start and the last one's end.
    start_at DATETIME NOT NULL,
    end_at DATETIME NOT NULL,
    enroll_opens_at DATETIME NOT NULL,
    enroll_closes_at DATETIME NOT NULL,
    cancel_deadline DATETIME NOT NULL,
    -- open, consortium: members of the base's consortium, or organizations: those in course_session_orgs.
    audience VARCHAR(20) NOT NULL,
    -- A manager closed enrolment before its window ended.
    enrollment_closed BOOLEAN NOT NULL DEFAULT 0,
    -- Fee per seat by the trainee's type, in fen; NULL is free.
    fee_internal_fen INTEGER NULL,
    fee_consortium_fen INTEGER NULL,
    fee_outside_fen INTEGER NULL,
    status VARCHAR(20) NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    created_by INTEGER NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_course_sessions_course ON course_sessions (course_id, start_at);
CREATE INDEX idx_course_sessions_start ON course_sessions (start_at);
CREATE INDEX idx_course_sessions_instructor ON course_sessions (instructor_id, start_at);

-- The organizations whose employees a session of audience "organizations" is for (企业员工 training).
CREATE TABLE course_session_orgs (
    session_id INTEGER NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    PRIMARY KEY (session_id, organization_id)
);

-- The meetings of a session, each with the room booking made for it through the booking engine
-- and the secret its rotating sign-in code is derived from.
CREATE TABLE session_meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES course_sessions (id) ON DELETE CASCADE,
    start_at DATETIME NOT NULL,
    end_at DATETIME NOT NULL,
    booking_id INTEGER NULL REFERENCES bookings (id),
    signin_secret VARCHAR(64) NOT NULL,
    reminded_at DATETIME NULL
);
CREATE INDEX idx_session_meetings_session ON session_meetings (session_id, start_at);
CREATE INDEX idx_session_meetings_start ON session_meetings (start_at);

-- One row per attempt to take part in a session. Invariant 2 rests on three keys that every engine
-- and every cluster node enforces: seat_no (1..seats) is unique per session while the person holds
-- a seat, queue_no is unique per session while on the waitlist, and live_user_id (the person,
-- NULL once cancelled) is unique per session. Several NULLs never collide.
CREATE TABLE enrollments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id INTEGER NOT NULL REFERENCES course_sessions (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    status VARCHAR(20) NOT NULL,
    seat_no INTEGER NULL,
    queue_no INTEGER NULL,
    live_user_id INTEGER NULL,
    -- The fee per seat for the trainee's type when they enrolled, in fen.
    fee_fen INTEGER NOT NULL DEFAULT 0,
    score INTEGER NULL,
    result_by INTEGER NULL REFERENCES users (id),
    result_at DATETIME NULL,
    promoted_at DATETIME NULL,
    cancelled_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (session_id, seat_no),
    UNIQUE (session_id, queue_no),
    UNIQUE (session_id, live_user_id)
);
CREATE INDEX idx_enrollments_session_status ON enrollments (session_id, status, queue_no);
CREATE INDEX idx_enrollments_user ON enrollments (user_id, created_at);

-- A trainee's sign-in to a meeting: by the rotating code or QR, or marked by the instructor.
CREATE TABLE attendance_marks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_id INTEGER NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE,
    meeting_id INTEGER NOT NULL REFERENCES session_meetings (id) ON DELETE CASCADE,
    present BOOLEAN NOT NULL,
    method VARCHAR(20) NOT NULL,
    marked_by INTEGER NULL REFERENCES users (id),
    marked_at DATETIME NOT NULL,
    UNIQUE (enrollment_id, meeting_id)
);
CREATE INDEX idx_attendance_marks_meeting ON attendance_marks (meeting_id);

-- A certificate per passed enrolment, verifiable by its code at /verify/{code} without login.
CREATE TABLE certificates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_id INTEGER NOT NULL UNIQUE REFERENCES enrollments (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    code VARCHAR(32) NOT NULL UNIQUE,
    issued_at DATETIME NOT NULL,
    revoked_at DATETIME NULL,
    revoked_by INTEGER NULL REFERENCES users (id),
    revoke_reason VARCHAR(500) NOT NULL DEFAULT ''
);
CREATE INDEX idx_certificates_user ON certificates (user_id, issued_at);

-- Which enrolment granted a qualification, and the expiry warnings already sent for its grant.
ALTER TABLE user_qualifications ADD COLUMN enrollment_id INTEGER NULL;
ALTER TABLE user_qualifications ADD COLUMN warned_month_at DATETIME NULL;
ALTER TABLE user_qualifications ADD COLUMN warned_week_at DATETIME NULL;
CREATE INDEX idx_user_qualifications_expires ON user_qualifications (expires_at);

-- +goose Down
DROP INDEX idx_user_qualifications_expires;
ALTER TABLE user_qualifications DROP COLUMN warned_week_at;
ALTER TABLE user_qualifications DROP COLUMN warned_month_at;
ALTER TABLE user_qualifications DROP COLUMN enrollment_id;
DROP TABLE certificates;
DROP TABLE attendance_marks;
DROP TABLE enrollments;
DROP TABLE session_meetings;
DROP TABLE course_session_orgs;
DROP TABLE course_sessions;
DROP TABLE course_prerequisites;
DROP TABLE courses;
