-- +goose Up
ALTER TABLE users ADD COLUMN booking_suspended_until DATETIME(6) NULL;

CREATE TABLE credit_events (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL,
    kind VARCHAR(20) NOT NULL,
    booking_id BIGINT NULL,
    points INTEGER NOT NULL,
    note VARCHAR(300) NOT NULL DEFAULT '',
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    CONSTRAINT fk_credit_events_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_credit_events_booking FOREIGN KEY (booking_id) REFERENCES bookings (id) ON DELETE SET NULL,
    INDEX idx_credit_events_user_created (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE credit_events;
ALTER TABLE users DROP COLUMN booking_suspended_until;
