-- +goose Up
-- The language a user reads the platform's e-mails in.
ALTER TABLE users ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'zh-CN';

-- Per user and notification kind, whether it is also sent by e-mail (no row: it is).
CREATE TABLE notification_settings (
    user_id BIGINT NOT NULL,
    kind VARCHAR(40) NOT NULL,
    email BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind),
    CONSTRAINT fk_notification_settings_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- E-mails waiting to be sent, written in the transaction of the notification they tell of, and
-- sent by the send_email job; sent and failed ones are kept 30 days.
CREATE TABLE email_outbox (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    kind VARCHAR(40) NOT NULL,
    to_address VARCHAR(254) NOT NULL,
    subject VARCHAR(500) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(10) NOT NULL,
    attempts INT NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6) NOT NULL,
    last_error VARCHAR(1000) NOT NULL DEFAULT '',
    sent_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_email_outbox_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    INDEX idx_email_outbox_due (status, next_attempt_at),
    INDEX idx_email_outbox_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE email_outbox;
DROP TABLE notification_settings;
ALTER TABLE users DROP COLUMN language;
