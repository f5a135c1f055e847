-- +goose Up
-- The talent supply–demand board (人才供需信息服务): enterprises post needs (positions,
-- internships, apprenticeships 现代学徒制, skill demands), schools and training bases answer with
-- offers (courses, student cohorts, graduates), students apply to openings sharing what they
-- choose. Closed posts stay, with their outcome, for the reports.
CREATE TABLE talent_needs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    posted_by INTEGER NOT NULL REFERENCES users(id),
    -- position, internship, apprenticeship or skill
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cluster_id INTEGER NOT NULL REFERENCES industry_clusters(id),
    headcount INTEGER NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    -- local YYYY-MM-DD, or empty
    starts_on TEXT NOT NULL DEFAULT '',
    ends_on TEXT NOT NULL DEFAULT '',
    -- open or closed; a closed need has an outcome: is filled or withdrawn, with the number filled
    status TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    filled_count INTEGER NOT NULL DEFAULT 0,
    closed_at DATETIME NULL,
    closed_by INTEGER NULL REFERENCES users(id),
    close_note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_talent_needs_status ON talent_needs (status, cluster_id, kind);
CREATE INDEX idx_talent_needs_org ON talent_needs (organization_id, status);
CREATE INDEX idx_talent_needs_created ON talent_needs (created_at);
CREATE INDEX idx_talent_needs_closed ON talent_needs (closed_at);

CREATE TABLE talent_need_skills (
    need_id INTEGER NOT NULL REFERENCES talent_needs(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (need_id, skill)
);
CREATE INDEX idx_talent_need_skills_skill ON talent_need_skills (skill);

CREATE TABLE talent_offers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    -- course, cohort or graduates
    kind TEXT NOT NULL,
    -- the need it answers, or NULL for an offer that stands alone
    need_id INTEGER NULL REFERENCES talent_needs(id),
    -- the school (for a teacher) or the training base (for its managers or instructors)
    organization_id INTEGER NULL REFERENCES organizations(id),
    facility_id INTEGER NULL REFERENCES facilities(id),
    course_id INTEGER NULL REFERENCES courses(id),
    posted_by INTEGER NOT NULL REFERENCES users(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    cluster_id INTEGER NOT NULL REFERENCES industry_clusters(id),
    headcount INTEGER NOT NULL DEFAULT 0,
    available_on TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    closed_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_talent_offers_status ON talent_offers (status, cluster_id);
CREATE INDEX idx_talent_offers_need ON talent_offers (need_id);
CREATE INDEX idx_talent_offers_org ON talent_offers (organization_id);
CREATE INDEX idx_talent_offers_facility ON talent_offers (facility_id);

CREATE TABLE talent_offer_skills (
    offer_id INTEGER NOT NULL REFERENCES talent_offers(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    PRIMARY KEY (offer_id, skill)
);
CREATE INDEX idx_talent_offer_skills_skill ON talent_offer_skills (skill);

-- One application per need per student; share_* say what the enterprise may see of them.
CREATE TABLE talent_applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    need_id INTEGER NOT NULL REFERENCES talent_needs(id),
    student_id INTEGER NOT NULL REFERENCES users(id),
    statement TEXT NOT NULL DEFAULT '',
    share_name BOOLEAN NOT NULL DEFAULT FALSE,
    share_email BOOLEAN NOT NULL DEFAULT FALSE,
    share_student_number BOOLEAN NOT NULL DEFAULT FALSE,
    share_school BOOLEAN NOT NULL DEFAULT FALSE,
    -- submitted, shortlisted, accepted, declined or withdrawn
    status TEXT NOT NULL,
    decided_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX uq_talent_applications_need_student ON talent_applications (need_id, student_id);
CREATE INDEX idx_talent_applications_student ON talent_applications (student_id);
CREATE INDEX idx_talent_applications_created ON talent_applications (created_at);

-- +goose Down
DROP TABLE talent_applications;
DROP TABLE talent_offer_skills;
DROP TABLE talent_offers;
DROP TABLE talent_need_skills;
DROP TABLE talent_needs;
