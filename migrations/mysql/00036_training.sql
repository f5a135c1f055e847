-- +goose Up
-- Training bases (示范性职工培训基地) run courses; a course has sessions of one or several meetings
-- in a room resource; people enrol in a session or join its waitlist; passing grants the course's
-- qualification and a certificate. docs/enrolment.md explains the keys invariant 2 rests on.
CREATE TABLE courses (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    facility_id BIGINT NOT NULL,
    title VARCHAR(200) NOT NULL,
    title_en VARCHAR(200) NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    cluster_id BIGINT NULL,
    level VARCHAR(20) NOT NULL,
    hours INTEGER NOT NULL,
    gives_certificate BOOLEAN NOT NULL DEFAULT FALSE,
    qualification_id BIGINT NULL,
    -- How long the granted qualification lasts; NULL takes the qualification's own validity.
    qualification_valid_months INTEGER NULL,
    -- A course with a score has a pass mark; passing is then a score at or above it.
    pass_score INTEGER NULL,
    status VARCHAR(20) NOT NULL,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_courses_facility FOREIGN KEY (facility_id) REFERENCES facilities (id),
    CONSTRAINT fk_courses_cluster FOREIGN KEY (cluster_id) REFERENCES industry_clusters (id),
    CONSTRAINT fk_courses_qualification FOREIGN KEY (qualification_id) REFERENCES qualifications (id),
    CONSTRAINT fk_courses_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_courses_facility ON courses (facility_id, status);
CREATE INDEX idx_courses_qualification ON courses (qualification_id);

-- What one must have before enrolling: a passed course or a valid qualification (one of the two).
CREATE TABLE course_prerequisites (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    course_id BIGINT NOT NULL,
    required_course_id BIGINT NULL,
    required_qualification_id BIGINT NULL,
    CONSTRAINT fk_course_prerequisites_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
    CONSTRAINT fk_course_prerequisites_required_course FOREIGN KEY (required_course_id) REFERENCES courses (id),
    CONSTRAINT fk_course_prerequisites_required_qualification FOREIGN KEY (required_qualification_id) REFERENCES qualifications (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_course_prerequisites_course ON course_prerequisites (course_id);

CREATE TABLE course_sessions (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    course_id BIGINT NOT NULL,
    room_resource_id BIGINT NULL,
    instructor_id BIGINT NOT NULL,
    seats INTEGER NOT NULL,
    -- The first meeting's start and the last one's end.
    start_at DATETIME(6) NOT NULL,
    end_at DATETIME(6) NOT NULL,
    enroll_opens_at DATETIME(6) NOT NULL,
    enroll_closes_at DATETIME(6) NOT NULL,
    cancel_deadline DATETIME(6) NOT NULL,
    -- open, consortium: members of the base's consortium, or organizations: those in course_session_orgs.
    audience VARCHAR(20) NOT NULL,
    -- A manager closed enrolment before its window ended.
    enrollment_closed BOOLEAN NOT NULL DEFAULT FALSE,
    -- Fee per seat by the trainee's type, in fen; NULL is free.
    fee_internal_fen INTEGER NULL,
    fee_consortium_fen INTEGER NULL,
    fee_outside_fen INTEGER NULL,
    status VARCHAR(20) NOT NULL,
    note VARCHAR(500) NOT NULL DEFAULT '',
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_course_sessions_course FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT fk_course_sessions_room_resource FOREIGN KEY (room_resource_id) REFERENCES resources (id),
    CONSTRAINT fk_course_sessions_instructor FOREIGN KEY (instructor_id) REFERENCES users (id),
    CONSTRAINT fk_course_sessions_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_course_sessions_course ON course_sessions (course_id, start_at);
CREATE INDEX idx_course_sessions_start ON course_sessions (start_at);
CREATE INDEX idx_course_sessions_instructor ON course_sessions (instructor_id, start_at);

-- The organizations whose employees a session of audience "organizations" is for (企业员工 training).
CREATE TABLE course_session_orgs (
    session_id BIGINT NOT NULL,
    organization_id BIGINT NOT NULL,
    PRIMARY KEY (session_id, organization_id),
    CONSTRAINT fk_course_session_orgs_session FOREIGN KEY (session_id) REFERENCES course_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_course_session_orgs_organization FOREIGN KEY (organization_id) REFERENCES organizations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The meetings of a session, each with the room booking made for it through the booking engine
-- and the secret its rotating sign-in code is derived from.
CREATE TABLE session_meetings (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    session_id BIGINT NOT NULL,
    start_at DATETIME(6) NOT NULL,
    end_at DATETIME(6) NOT NULL,
    booking_id BIGINT NULL,
    signin_secret VARCHAR(64) NOT NULL,
    reminded_at DATETIME(6) NULL,
    CONSTRAINT fk_session_meetings_session FOREIGN KEY (session_id) REFERENCES course_sessions (id) ON DELETE CASCADE,
    CONSTRAINT fk_session_meetings_booking FOREIGN KEY (booking_id) REFERENCES bookings (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_session_meetings_session ON session_meetings (session_id, start_at);
CREATE INDEX idx_session_meetings_start ON session_meetings (start_at);

-- One row per attempt to take part in a session. Invariant 2 rests on three keys that every engine
-- and every cluster node enforces: seat_no (1..seats) is unique per session while the person holds
-- a seat, queue_no is unique per session while on the waitlist, and live_user_id (the person,
-- NULL once cancelled) is unique per session. Several NULLs never collide.
CREATE TABLE enrollments (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    session_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    status VARCHAR(20) NOT NULL,
    seat_no INTEGER NULL,
    queue_no INTEGER NULL,
    live_user_id BIGINT NULL,
    -- The fee per seat for the trainee's type when they enrolled, in fen.
    fee_fen INTEGER NOT NULL DEFAULT 0,
    score INTEGER NULL,
    result_by BIGINT NULL,
    result_at DATETIME(6) NULL,
    promoted_at DATETIME(6) NULL,
    cancelled_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    UNIQUE (session_id, seat_no),
    UNIQUE (session_id, queue_no),
    UNIQUE (session_id, live_user_id),
    CONSTRAINT fk_enrollments_session FOREIGN KEY (session_id) REFERENCES course_sessions (id),
    CONSTRAINT fk_enrollments_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_enrollments_result_by FOREIGN KEY (result_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_enrollments_session_status ON enrollments (session_id, status, queue_no);
CREATE INDEX idx_enrollments_user ON enrollments (user_id, created_at);

-- A trainee's sign-in to a meeting: by the rotating code or QR, or marked by the instructor.
CREATE TABLE attendance_marks (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    enrollment_id BIGINT NOT NULL,
    meeting_id BIGINT NOT NULL,
    present BOOLEAN NOT NULL,
    method VARCHAR(20) NOT NULL,
    marked_by BIGINT NULL,
    marked_at DATETIME(6) NOT NULL,
    UNIQUE (enrollment_id, meeting_id),
    CONSTRAINT fk_attendance_marks_enrollment FOREIGN KEY (enrollment_id) REFERENCES enrollments (id) ON DELETE CASCADE,
    CONSTRAINT fk_attendance_marks_meeting FOREIGN KEY (meeting_id) REFERENCES session_meetings (id) ON DELETE CASCADE,
    CONSTRAINT fk_attendance_marks_marked_by FOREIGN KEY (marked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_attendance_marks_meeting ON attendance_marks (meeting_id);

-- A certificate per passed enrolment, verifiable by its code at /verify/{code} without login.
CREATE TABLE certificates (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    enrollment_id BIGINT NOT NULL UNIQUE,
    user_id BIGINT NOT NULL,
    code VARCHAR(32) NOT NULL UNIQUE,
    issued_at DATETIME(6) NOT NULL,
    revoked_at DATETIME(6) NULL,
    revoked_by BIGINT NULL,
    revoke_reason VARCHAR(500) NOT NULL DEFAULT '',
    CONSTRAINT fk_certificates_enrollment FOREIGN KEY (enrollment_id) REFERENCES enrollments (id),
    CONSTRAINT fk_certificates_user FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT fk_certificates_revoked_by FOREIGN KEY (revoked_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_certificates_user ON certificates (user_id, issued_at);

-- Which enrolment granted a qualification, and the expiry warnings already sent for its grant.
ALTER TABLE user_qualifications ADD COLUMN enrollment_id BIGINT NULL;
ALTER TABLE user_qualifications ADD CONSTRAINT fk_user_qualifications_enrollment
    FOREIGN KEY (enrollment_id) REFERENCES enrollments (id);
ALTER TABLE user_qualifications ADD COLUMN warned_month_at DATETIME(6) NULL;
ALTER TABLE user_qualifications ADD COLUMN warned_week_at DATETIME(6) NULL;
CREATE INDEX idx_user_qualifications_expires ON user_qualifications (expires_at);

-- +goose Down
DROP INDEX idx_user_qualifications_expires ON user_qualifications;
ALTER TABLE user_qualifications DROP COLUMN warned_week_at;
ALTER TABLE user_qualifications DROP COLUMN warned_month_at;
ALTER TABLE user_qualifications DROP FOREIGN KEY fk_user_qualifications_enrollment;
ALTER TABLE user_qualifications DROP COLUMN enrollment_id;
DROP TABLE certificates;
DROP TABLE attendance_marks;
DROP TABLE enrollments;
DROP TABLE session_meetings;
DROP TABLE course_session_orgs;
DROP TABLE course_sessions;
DROP TABLE course_prerequisites;
DROP TABLE courses;
