-- +goose Up
-- Files an e-mail of the outbox carries (a monthly report's workbook), sent with it and purged
-- with it.
CREATE TABLE email_attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email_id INTEGER NOT NULL REFERENCES email_outbox (id) ON DELETE CASCADE,
    name VARCHAR(200) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    content BLOB NOT NULL
);
CREATE INDEX idx_email_attachments_email ON email_attachments (email_id);

-- Who was sent which monthly report: the key makes the report_monthly_mail job send each
-- recipient a period's report once, however often it runs.
CREATE TABLE report_mailings (
    period_start VARCHAR(10) NOT NULL,
    scope VARCHAR(12) NOT NULL,
    scope_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (period_start, scope, scope_id, user_id)
);

-- +goose Down
DROP TABLE report_mailings;
DROP TABLE email_attachments;
