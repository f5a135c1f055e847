-- +goose Up
-- Files an e-mail of the outbox carries (a monthly report's workbook), sent with it and purged
-- with it.
CREATE TABLE email_attachments (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    email_id BIGINT NOT NULL,
    name VARCHAR(200) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    content MEDIUMBLOB NOT NULL,
    CONSTRAINT fk_email_attachments_email FOREIGN KEY (email_id) REFERENCES email_outbox (id) ON DELETE CASCADE,
    INDEX idx_email_attachments_email (email_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who was sent which monthly report: the key makes the report_monthly_mail job send each
-- recipient a period's report once, however often it runs.
CREATE TABLE report_mailings (
    period_start VARCHAR(10) NOT NULL,
    scope VARCHAR(12) NOT NULL,
    scope_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (period_start, scope, scope_id, user_id),
    CONSTRAINT fk_report_mailings_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE report_mailings;
DROP TABLE email_attachments;
