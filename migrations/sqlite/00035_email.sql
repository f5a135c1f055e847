-- +goose Up
-- The language a user reads the platform's e-mails in.
ALTER TABLE users ADD COLUMN language VARCHAR(8) NOT NULL DEFAULT 'zh-CN';

-- Per user and notification kind, whether it is also sent by e-mail (no row: it is).
CREATE TABLE notification_settings (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind VARCHAR(40) NOT NULL,
    email BOOLEAN NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- E-mails waiting to be sent, written in the transaction of the notification they tell of, and
-- sent by the send_email job; sent and failed ones are kept 30 days.
CREATE TABLE email_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind VARCHAR(40) NOT NULL,
    to_address VARCHAR(254) NOT NULL,
    subject VARCHAR(500) NOT NULL,
    body TEXT NOT NULL,
    status VARCHAR(10) NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    last_error VARCHAR(1000) NOT NULL DEFAULT '',
    sent_at DATETIME NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_email_outbox_due ON email_outbox (status, next_attempt_at);
CREATE INDEX idx_email_outbox_created ON email_outbox (created_at);

-- +goose Down
DROP TABLE email_outbox;
DROP TABLE notification_settings;
ALTER TABLE users DROP COLUMN language;
