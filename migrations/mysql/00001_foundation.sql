-- +goose Up
CREATE TABLE industry_clusters (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    code VARCHAR(40) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    name_en VARCHAR(100) NOT NULL DEFAULT '',
    tier VARCHAR(30) NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE organizations (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    kind VARCHAR(20) NOT NULL,
    credit_code VARCHAR(18) NULL UNIQUE,
    is_sme BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_organizations_name ON organizations (name);

CREATE TABLE users (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(254) NOT NULL UNIQUE,
    password_hash VARCHAR(100) NOT NULL,
    name VARCHAR(100) NOT NULL,
    role VARCHAR(20) NOT NULL,
    organization_id BIGINT NULL REFERENCES organizations (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_users_organization ON users (organization_id);

CREATE TABLE sessions (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash CHAR(64) NOT NULL UNIQUE,
    csrf_token CHAR(43) NOT NULL,
    ip VARCHAR(45) NOT NULL DEFAULT '',
    user_agent VARCHAR(300) NOT NULL DEFAULT '',
    created_at DATETIME(6) NOT NULL,
    last_seen_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_sessions_user ON sessions (user_id);
CREATE INDEX idx_sessions_expires ON sessions (expires_at);

CREATE TABLE consortia (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(200) NOT NULL UNIQUE,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    level VARCHAR(20) NOT NULL,
    lead_organization_id BIGINT NULL REFERENCES organizations (id),
    description TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_consortia_level ON consortia (level);

CREATE TABLE consortium_members (
    consortium_id BIGINT NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    organization_id BIGINT NOT NULL REFERENCES organizations (id),
    role VARCHAR(10) NOT NULL,
    PRIMARY KEY (consortium_id, organization_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_consortium_members_org ON consortium_members (organization_id);

CREATE TABLE consortium_clusters (
    consortium_id BIGINT NOT NULL REFERENCES consortia (id) ON DELETE CASCADE,
    cluster_id BIGINT NOT NULL REFERENCES industry_clusters (id),
    PRIMARY KEY (consortium_id, cluster_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE facilities (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    consortium_id BIGINT NOT NULL REFERENCES consortia (id),
    kind VARCHAR(20) NOT NULL,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    district VARCHAR(50) NOT NULL DEFAULT '',
    address VARCHAR(300) NOT NULL DEFAULT '',
    time_zone VARCHAR(64) NOT NULL DEFAULT '',
    opening_hours TEXT NOT NULL,
    default_rules TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_facilities_consortium ON facilities (consortium_id);
CREATE INDEX idx_facilities_kind ON facilities (kind);

CREATE TABLE facility_managers (
    facility_id BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (facility_id, user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_facility_managers_user ON facility_managers (user_id);

CREATE TABLE qualifications (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    code VARCHAR(40) NOT NULL UNIQUE,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    valid_months INTEGER NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_qualifications (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    qualification_id BIGINT NOT NULL REFERENCES qualifications (id),
    granted_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NULL,
    granted_by BIGINT NULL REFERENCES users (id),
    source VARCHAR(20) NOT NULL,
    UNIQUE (user_id, qualification_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE resources (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    facility_id BIGINT NOT NULL REFERENCES facilities (id),
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    category VARCHAR(30) NOT NULL,
    cluster_id BIGINT NULL REFERENCES industry_clusters (id),
    model VARCHAR(100) NOT NULL DEFAULT '',
    asset_no VARCHAR(60) NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL DEFAULT 1,
    status VARCHAR(20) NOT NULL DEFAULT 'available',
    description TEXT NOT NULL,
    slot_minutes INTEGER NOT NULL,
    min_minutes INTEGER NOT NULL,
    max_minutes INTEGER NOT NULL,
    max_advance_days INTEGER NOT NULL,
    min_lead_minutes INTEGER NOT NULL,
    buffer_minutes INTEGER NOT NULL,
    weekly_quota_minutes INTEGER NOT NULL,
    requires_approval BOOLEAN NOT NULL,
    qualification_id BIGINT NULL REFERENCES qualifications (id),
    cancel_deadline_minutes INTEGER NOT NULL,
    checkin_grace_minutes INTEGER NOT NULL,
    rate_internal_fen INTEGER NOT NULL,
    rate_external_fen INTEGER NOT NULL,
    quota_hours_year INTEGER NOT NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_resources_facility ON resources (facility_id);
CREATE INDEX idx_resources_cluster ON resources (cluster_id);
CREATE INDEX idx_resources_category ON resources (category);

CREATE TABLE blackouts (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    facility_id BIGINT NOT NULL REFERENCES facilities (id) ON DELETE CASCADE,
    resource_id BIGINT NULL REFERENCES resources (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    start_at DATETIME(6) NOT NULL,
    end_at DATETIME(6) NOT NULL,
    reason VARCHAR(300) NOT NULL DEFAULT '',
    created_by BIGINT NULL REFERENCES users (id),
    created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_blackouts_facility_start ON blackouts (facility_id, start_at);

CREATE TABLE audit_logs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    actor_id BIGINT NULL REFERENCES users (id),
    action VARCHAR(60) NOT NULL,
    object_type VARCHAR(40) NOT NULL,
    object_id BIGINT NOT NULL,
    detail TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_audit_logs_object ON audit_logs (object_type, object_id);
CREATE INDEX idx_audit_logs_created ON audit_logs (created_at);

CREATE TABLE job_runs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    name VARCHAR(60) NOT NULL,
    scheduled_for DATETIME(6) NOT NULL,
    trigger_kind VARCHAR(10) NOT NULL,
    started_at DATETIME(6) NOT NULL,
    finished_at DATETIME(6) NULL,
    status VARCHAR(10) NOT NULL,
    rows_written INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL,
    holder VARCHAR(100) NOT NULL DEFAULT '',
    UNIQUE (name, scheduled_for)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_job_runs_name_started ON job_runs (name, started_at);

CREATE TABLE job_locks (
    name VARCHAR(60) PRIMARY KEY,
    holder VARCHAR(100) NOT NULL,
    locked_until DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE job_locks;
DROP TABLE job_runs;
DROP TABLE audit_logs;
DROP TABLE blackouts;
DROP TABLE resources;
DROP TABLE user_qualifications;
DROP TABLE qualifications;
DROP TABLE facility_managers;
DROP TABLE facilities;
DROP TABLE consortium_clusters;
DROP TABLE consortium_members;
DROP TABLE consortia;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE organizations;
DROP TABLE industry_clusters;
