-- +goose Up
-- A held booking owns claims for a watcher until hold_expires_at (issue 3, point 6).
ALTER TABLE bookings ADD COLUMN hold_expires_at DATETIME(6) NULL;
CREATE INDEX idx_bookings_status_hold ON bookings (status, hold_expires_at);

-- The FIFO waitlist of a busy interval of a resource.
CREATE TABLE slot_watches (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    resource_id BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    start_at DATETIME(6) NOT NULL,
    end_at DATETIME(6) NOT NULL,
    seats INTEGER NOT NULL DEFAULT 1,
    purpose VARCHAR(500) NOT NULL,
    purpose_category VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL,
    booking_id BIGINT NULL,
    offered_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_slot_watches_resource FOREIGN KEY (resource_id) REFERENCES resources (id) ON DELETE CASCADE,
    CONSTRAINT fk_slot_watches_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_slot_watches_booking FOREIGN KEY (booking_id) REFERENCES bookings (id) ON DELETE SET NULL,
    INDEX idx_slot_watches_resource (resource_id, status, start_at),
    INDEX idx_slot_watches_user (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE slot_watches;
DROP INDEX idx_bookings_status_hold ON bookings;
ALTER TABLE bookings DROP COLUMN hold_expires_at;
