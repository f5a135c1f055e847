-- +goose Up
-- The talent supply–demand board (人才供需信息服务): enterprises post needs (positions,
-- internships, apprenticeships 现代学徒制, skill demands), schools and training bases answer with
-- offers (courses, student cohorts, graduates), students apply to openings sharing what they
-- choose. Closed posts stay, with their outcome, for the reports.
CREATE TABLE talent_needs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    organization_id BIGINT NOT NULL,
    posted_by BIGINT NOT NULL,
    -- position, internship, apprenticeship or skill
    kind VARCHAR(20) NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    cluster_id BIGINT NOT NULL,
    headcount INTEGER NOT NULL,
    place VARCHAR(200) NOT NULL DEFAULT '',
    -- local YYYY-MM-DD, or empty
    starts_on VARCHAR(10) NOT NULL DEFAULT '',
    ends_on VARCHAR(10) NOT NULL DEFAULT '',
    -- open or closed; a closed need has an outcome: is filled or withdrawn, with the number filled
    status VARCHAR(20) NOT NULL,
    outcome VARCHAR(20) NOT NULL DEFAULT '',
    filled_count INTEGER NOT NULL DEFAULT 0,
    closed_at DATETIME(6) NULL,
    closed_by BIGINT NULL,
    close_note TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    INDEX idx_talent_needs_status (status, cluster_id, kind),
    INDEX idx_talent_needs_org (organization_id, status),
    INDEX idx_talent_needs_created (created_at),
    INDEX idx_talent_needs_closed (closed_at),
    CONSTRAINT fk_talent_needs_org FOREIGN KEY (organization_id) REFERENCES organizations (id),
    CONSTRAINT fk_talent_needs_poster FOREIGN KEY (posted_by) REFERENCES users (id),
    CONSTRAINT fk_talent_needs_cluster FOREIGN KEY (cluster_id) REFERENCES industry_clusters (id),
    CONSTRAINT fk_talent_needs_closer FOREIGN KEY (closed_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_need_skills (
    need_id BIGINT NOT NULL,
    skill VARCHAR(30) NOT NULL,
    PRIMARY KEY (need_id, skill),
    INDEX idx_talent_need_skills_skill (skill),
    CONSTRAINT fk_talent_need_skills_need FOREIGN KEY (need_id) REFERENCES talent_needs (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_offers (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    -- course, cohort or graduates
    kind VARCHAR(20) NOT NULL,
    -- the need it answers, or NULL for an offer that stands alone
    need_id BIGINT NULL,
    -- the school (for a teacher) or the training base (for its managers or instructors)
    organization_id BIGINT NULL,
    facility_id BIGINT NULL,
    course_id BIGINT NULL,
    posted_by BIGINT NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    cluster_id BIGINT NOT NULL,
    headcount INTEGER NOT NULL DEFAULT 0,
    available_on VARCHAR(10) NOT NULL DEFAULT '',
    status VARCHAR(20) NOT NULL,
    closed_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    INDEX idx_talent_offers_status (status, cluster_id),
    INDEX idx_talent_offers_need (need_id),
    INDEX idx_talent_offers_org (organization_id),
    INDEX idx_talent_offers_facility (facility_id),
    CONSTRAINT fk_talent_offers_need FOREIGN KEY (need_id) REFERENCES talent_needs (id),
    CONSTRAINT fk_talent_offers_org FOREIGN KEY (organization_id) REFERENCES organizations (id),
    CONSTRAINT fk_talent_offers_facility FOREIGN KEY (facility_id) REFERENCES facilities (id),
    CONSTRAINT fk_talent_offers_course FOREIGN KEY (course_id) REFERENCES courses (id),
    CONSTRAINT fk_talent_offers_poster FOREIGN KEY (posted_by) REFERENCES users (id),
    CONSTRAINT fk_talent_offers_cluster FOREIGN KEY (cluster_id) REFERENCES industry_clusters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE talent_offer_skills (
    offer_id BIGINT NOT NULL,
    skill VARCHAR(30) NOT NULL,
    PRIMARY KEY (offer_id, skill),
    INDEX idx_talent_offer_skills_skill (skill),
    CONSTRAINT fk_talent_offer_skills_offer FOREIGN KEY (offer_id) REFERENCES talent_offers (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One application per need per student; share_* say what the enterprise may see of them.
CREATE TABLE talent_applications (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    need_id BIGINT NOT NULL,
    student_id BIGINT NOT NULL,
    statement TEXT NOT NULL,
    share_name BOOLEAN NOT NULL DEFAULT FALSE,
    share_email BOOLEAN NOT NULL DEFAULT FALSE,
    share_student_number BOOLEAN NOT NULL DEFAULT FALSE,
    share_school BOOLEAN NOT NULL DEFAULT FALSE,
    -- submitted, shortlisted, accepted, declined or withdrawn
    status VARCHAR(20) NOT NULL,
    decided_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    UNIQUE INDEX uq_talent_applications_need_student (need_id, student_id),
    INDEX idx_talent_applications_student (student_id),
    INDEX idx_talent_applications_created (created_at),
    CONSTRAINT fk_talent_applications_need FOREIGN KEY (need_id) REFERENCES talent_needs (id),
    CONSTRAINT fk_talent_applications_student FOREIGN KEY (student_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE talent_applications;
DROP TABLE talent_offer_skills;
DROP TABLE talent_offers;
DROP TABLE talent_need_skills;
DROP TABLE talent_needs;
