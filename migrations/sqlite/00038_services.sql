-- +goose Up
-- Common-technology service platforms (共性技术服务平台) publish service offerings; SMEs request
-- them. A request moves through one transition table (app/services/machine.go); every move is an
-- event row, and the times that service levels are measured from are stamped on the request.

-- An organization is verified when an administrator has checked its unified social credit code
-- against its business licence; only members of a verified organization may request services.
ALTER TABLE organizations ADD COLUMN verified_at DATETIME NULL;
ALTER TABLE organizations ADD COLUMN verified_by INTEGER NULL;

CREATE TABLE service_offerings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    name VARCHAR(200) NOT NULL,
    name_en VARCHAR(200) NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    cluster_id INTEGER NULL REFERENCES industry_clusters (id),
    -- fixed, per_sample, per_hour or by_quote; price_fen is the amount per basis, 0 by quote.
    price_basis VARCHAR(20) NOT NULL,
    price_fen INTEGER NOT NULL DEFAULT 0,
    turnaround_days INTEGER NOT NULL,
    -- What the SME must provide: samples, drawings, data.
    requirements TEXT NOT NULL DEFAULT '',
    -- The first-response target, in the platform's opening hours.
    first_response_hours INTEGER NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_service_offerings_facility ON service_offerings (facility_id, active);
CREATE INDEX idx_service_offerings_cluster ON service_offerings (cluster_id);

-- The equipment an offering uses.
CREATE TABLE service_offering_resources (
    offering_id INTEGER NOT NULL REFERENCES service_offerings (id) ON DELETE CASCADE,
    resource_id INTEGER NOT NULL REFERENCES resources (id),
    PRIMARY KEY (offering_id, resource_id)
);

CREATE TABLE service_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    facility_id INTEGER NOT NULL REFERENCES facilities (id),
    offering_id INTEGER NULL REFERENCES service_offerings (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    requester_id INTEGER NOT NULL REFERENCES users (id),
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
    quote_id INTEGER NULL,
    submitted_at DATETIME NOT NULL,
    -- When the first response is due, in the platform's opening hours from submission.
    response_due_at DATETIME NULL,
    first_response_at DATETIME NULL,
    -- Working minutes from submission to the first response, and from acceptance to delivery.
    first_response_minutes INTEGER NULL,
    quoted_at DATETIME NULL,
    accepted_at DATETIME NULL,
    -- The accepted quote's due date, as the end of that local day.
    due_at DATETIME NULL,
    started_at DATETIME NULL,
    delivered_at DATETIME NULL,
    turnaround_minutes INTEGER NULL,
    closed_at DATETIME NULL,
    auto_closed BOOLEAN NOT NULL DEFAULT 0,
    revision_count INTEGER NOT NULL DEFAULT 0,
    response_overdue_notified_at DATETIME NULL,
    due_overdue_notified_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_service_requests_facility ON service_requests (facility_id, status, submitted_at);
CREATE INDEX idx_service_requests_organization ON service_requests (organization_id, submitted_at);
CREATE INDEX idx_service_requests_offering ON service_requests (offering_id);
CREATE INDEX idx_service_requests_status ON service_requests (status, delivered_at);

-- Quotes of a request: a revised quote supersedes the one before.
CREATE TABLE service_quotes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    amount_fen INTEGER NOT NULL,
    -- A local date YYYY-MM-DD.
    due_date VARCHAR(10) NOT NULL,
    terms TEXT NOT NULL DEFAULT '',
    valid_until DATETIME NOT NULL,
    -- offered, superseded, accepted or declined.
    status VARCHAR(20) NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_service_quotes_request ON service_quotes (request_id, id);

-- Every move of a request, with who made it and when.
CREATE TABLE service_request_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    action VARCHAR(30) NOT NULL,
    from_status VARCHAR(20) NOT NULL,
    to_status VARCHAR(20) NOT NULL,
    actor_id INTEGER NULL REFERENCES users (id),
    note TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_service_request_events_request ON service_request_events (request_id, id);

-- The thread between the SME and the platform.
CREATE TABLE service_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    author_id INTEGER NOT NULL REFERENCES users (id),
    from_platform BOOLEAN NOT NULL,
    body TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_service_messages_request ON service_messages (request_id, id);

-- How far each reader has read a thread, for unread counts.
CREATE TABLE service_message_reads (
    request_id INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id INTEGER NOT NULL,
    PRIMARY KEY (request_id, user_id)
);

-- Files of a request: given with it, sent in a message, or delivered as its report. The bytes
-- are in the file store under storage_key.
CREATE TABLE service_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id INTEGER NOT NULL REFERENCES service_requests (id) ON DELETE CASCADE,
    message_id INTEGER NULL REFERENCES service_messages (id),
    -- request, message or delivery.
    kind VARCHAR(20) NOT NULL,
    uploader_id INTEGER NOT NULL REFERENCES users (id),
    file_name VARCHAR(255) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 CHAR(64) NOT NULL,
    storage_key VARCHAR(200) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_service_attachments_request ON service_attachments (request_id, id);

-- The SME's rating of a delivered request (好差评); a low one (1 or 2) awaits the platform's public
-- reply until reply_due_at, five working days after it.
CREATE TABLE service_ratings (
    request_id INTEGER PRIMARY KEY REFERENCES service_requests (id) ON DELETE CASCADE,
    score INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    rated_by INTEGER NOT NULL REFERENCES users (id),
    created_at DATETIME NOT NULL,
    reply TEXT NOT NULL DEFAULT '',
    replied_by INTEGER NULL REFERENCES users (id),
    replied_at DATETIME NULL,
    reply_due_at DATETIME NULL,
    reply_overdue_notified_at DATETIME NULL
);

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
