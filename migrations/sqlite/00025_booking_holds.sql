-- +goose Up
-- A held booking owns claims for a watcher until hold_expires_at (issue 3, point 6).
ALTER TABLE bookings ADD COLUMN hold_expires_at DATETIME NULL;
CREATE INDEX idx_bookings_status_hold ON bookings (status, hold_expires_at);

-- The FIFO waitlist of a busy interval of a resource.
CREATE TABLE slot_watches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    start_at DATETIME NOT NULL,
    end_at DATETIME NOT NULL,
    seats INTEGER NOT NULL DEFAULT 1,
    purpose VARCHAR(500) NOT NULL,
    purpose_category VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL,
    booking_id INTEGER NULL REFERENCES bookings (id) ON DELETE SET NULL,
    offered_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE INDEX idx_slot_watches_resource ON slot_watches (resource_id, status, start_at);
CREATE INDEX idx_slot_watches_user ON slot_watches (user_id, created_at);

-- +goose Down
DROP TABLE slot_watches;
DROP INDEX idx_bookings_status_hold;
ALTER TABLE bookings DROP COLUMN hold_expires_at;
