-- +goose Up
-- Common-technology service platforms (共性技术服务平台) publish service offerings; SMEs request
-- them. A request moves through one transition table (app/services/machine.go); every move is an
-- event row, and the times that service levels are measured from are stamped on the request.

-- An organization is verified when an administrator has checked its unified social credit code
-- against its business licence; only members of a verified organization may request services.
ALTER TABLE organizations ADD COLUMN verified_at DATETIME(6) NULL;
ALTER TABLE organizations ADD COLUMN verified_by BIGINT NULL;

CREATE TABLE service_offerings (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    facility_id BIGINT NOT NULL,
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    description TEXT NOT NULL,
    cluster_id BIGINT NULL,
    -- fixed, per_sample, per_hour or by_quote; price_fen is the amount per basis, 0 by quote.
    price_basis VARCHAR(20) NOT NULL,
    price_fen BIGINT NOT NULL DEFAULT 0,
    turnaround_days INTEGER NOT NULL,
    -- What the SME must provide: samples, drawings, data.
    requirements TEXT NOT NULL,
    -- The first-response target, in the platform's opening hours.
    first_response_hours INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_offerings_facility FOREIGN KEY (facility_id) REFERENCES facilities (id),
    CONSTRAINT fk_service_offerings_cluster FOREIGN KEY (cluster_id) REFERENCES industry_clusters (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_offerings_facility ON service_offerings (facility_id, active);
CREATE INDEX idx_service_offerings_cluster ON service_offerings (cluster_id);

-- The equipment an offering uses.
CREATE TABLE service_offering_resources (
    offering_id BIGINT NOT NULL,
    resource_id BIGINT NOT NULL,
    PRIMARY KEY (offering_id, resource_id),
    CONSTRAINT fk_service_offering_resources_offering FOREIGN KEY (offering_id) REFERENCES service_offerings (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_offering_resources_resource FOREIGN KEY (resource_id) REFERENCES resources (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE service_requests (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    facility_id BIGINT NOT NULL,
    offering_id BIGINT NULL,
    organization_id BIGINT NOT NULL,
    requester_id BIGINT NOT NULL,
    title VARCHAR(200) NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER NOT NULL DEFAULT 1,
    -- A local date YYYY-MM-DD, or empty.
    desired_date VARCHAR(10) NOT NULL DEFAULT '',
    contact_name VARCHAR(100) NOT NULL DEFAULT '',
    contact_phone VARCHAR(40) NOT NULL DEFAULT '',
    contact_email VARCHAR(254) NOT NULL DEFAULT '',
    status VARCHAR(20) NOT NULL,
    -- The quote in force: the last one offered, or the accepted one.
    quote_id BIGINT NULL,
    submitted_at DATETIME(6) NOT NULL,
    -- When the first response is due, in the platform's opening hours from submission.
    response_due_at DATETIME(6) NULL,
    first_response_at DATETIME(6) NULL,
    -- Working minutes from submission to the first response, and from acceptance to delivery.
    first_response_minutes INTEGER NULL,
    quoted_at DATETIME(6) NULL,
    accepted_at DATETIME(6) NULL,
    -- The accepted quote's due date, as the end of that local day.
    due_at DATETIME(6) NULL,
    started_at DATETIME(6) NULL,
    delivered_at DATETIME(6) NULL,
    turnaround_minutes INTEGER NULL,
    closed_at DATETIME(6) NULL,
    auto_closed BOOLEAN NOT NULL DEFAULT FALSE,
    revision_count INTEGER NOT NULL DEFAULT 0,
    response_overdue_notified_at DATETIME(6) NULL,
    due_overdue_notified_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_requests_facility FOREIGN KEY (facility_id) REFERENCES facilities (id),
    CONSTRAINT fk_service_requests_offering FOREIGN KEY (offering_id) REFERENCES service_offerings (id),
    CONSTRAINT fk_service_requests_organization FOREIGN KEY (organization_id) REFERENCES organizations (id),
    CONSTRAINT fk_service_requests_requester FOREIGN KEY (requester_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_requests_facility ON service_requests (facility_id, status, submitted_at);
CREATE INDEX idx_service_requests_organization ON service_requests (organization_id, submitted_at);
CREATE INDEX idx_service_requests_status ON service_requests (status, delivered_at);

-- Quotes of a request: a revised quote supersedes the one before.
CREATE TABLE service_quotes (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    amount_fen BIGINT NOT NULL,
    -- A local date YYYY-MM-DD.
    due_date VARCHAR(10) NOT NULL,
    terms TEXT NOT NULL,
    valid_until DATETIME(6) NOT NULL,
    -- offered, superseded, accepted or declined.
    status VARCHAR(20) NOT NULL,
    created_by BIGINT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_quotes_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_quotes_created_by FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_quotes_request ON service_quotes (request_id, id);

-- Every move of a request, with who made it and when.
CREATE TABLE service_request_events (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    action VARCHAR(30) NOT NULL,
    from_status VARCHAR(20) NOT NULL,
    to_status VARCHAR(20) NOT NULL,
    actor_id BIGINT NULL,
    note TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_request_events_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_request_events_actor FOREIGN KEY (actor_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_request_events_request ON service_request_events (request_id, id);

-- The thread between the SME and the platform.
CREATE TABLE service_messages (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    author_id BIGINT NOT NULL,
    from_platform BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_messages_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_messages_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_messages_request ON service_messages (request_id, id);

-- How far each reader has read a thread, for unread counts.
CREATE TABLE service_message_reads (
    request_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    last_read_id BIGINT NOT NULL,
    PRIMARY KEY (request_id, user_id),
    CONSTRAINT fk_service_message_reads_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_message_reads_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Files of a request: given with it, sent in a message, or delivered as its report. The bytes
-- are in the file store under storage_key.
CREATE TABLE service_attachments (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    request_id BIGINT NOT NULL,
    message_id BIGINT NULL,
    -- request, message or delivery.
    kind VARCHAR(20) NOT NULL,
    uploader_id BIGINT NOT NULL,
    file_name VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 CHAR(64) NOT NULL,
    storage_key VARCHAR(200) NOT NULL UNIQUE,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_service_attachments_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_attachments_message FOREIGN KEY (message_id) REFERENCES service_messages (id),
    CONSTRAINT fk_service_attachments_uploader FOREIGN KEY (uploader_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_service_attachments_request ON service_attachments (request_id, id);

-- The SME's rating of a delivered request (好差评); a low one (1 or 2) awaits the platform's public
-- reply until reply_due_at, five working days after it.
CREATE TABLE service_ratings (
    request_id BIGINT NOT NULL PRIMARY KEY,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL,
    rated_by BIGINT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    reply TEXT NOT NULL,
    replied_by BIGINT NULL,
    replied_at DATETIME(6) NULL,
    reply_due_at DATETIME(6) NULL,
    reply_overdue_notified_at DATETIME(6) NULL,
    CONSTRAINT fk_service_ratings_request FOREIGN KEY (request_id) REFERENCES service_requests (id) ON DELETE CASCADE,
    CONSTRAINT fk_service_ratings_rated_by FOREIGN KEY (rated_by) REFERENCES users (id),
    CONSTRAINT fk_service_ratings_replied_by FOREIGN KEY (replied_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE service_ratings;
DROP TABLE service_attachments;
DROP TABLE service_message_reads;
DROP TABLE service_messages;
DROP TABLE service_request_events;
DROP TABLE service_quotes;
DROP TABLE service_requests;
DROP TABLE service_offering_resources;
DROP TABLE service_offerings;
ALTER TABLE organizations DROP COLUMN verified_by;
ALTER TABLE organizations DROP COLUMN verified_at;
