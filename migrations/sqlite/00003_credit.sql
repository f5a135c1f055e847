-- +goose Up
ALTER TABLE users ADD COLUMN booking_suspended_until DATETIME NULL;

CREATE TABLE credit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    booking_id INTEGER NULL REFERENCES bookings (id) ON DELETE SET NULL,
    points INTEGER NOT NULL,
    note VARCHAR(300) NOT NULL DEFAULT '',
    created_by INTEGER NULL REFERENCES users (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_credit_events_user_created ON credit_events (user_id, created_at);

-- +goose Down
DROP TABLE credit_events;
ALTER TABLE users DROP COLUMN booking_suspended_until;
