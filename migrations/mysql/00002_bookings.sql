-- +goose Up
CREATE TABLE recurrences (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    resource_id BIGINT NOT NULL REFERENCES resources (id),
    rule VARCHAR(200) NOT NULL,
    created_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE bookings (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    resource_id BIGINT NOT NULL REFERENCES resources (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    start_at DATETIME(6) NOT NULL,
    end_at DATETIME(6) NOT NULL,
    seats INTEGER NOT NULL DEFAULT 1,
    purpose VARCHAR(500) NOT NULL,
    purpose_category VARCHAR(20) NOT NULL,
    status VARCHAR(20) NOT NULL,
    recurrence_id BIGINT NULL REFERENCES recurrences (id),
    service_request_id BIGINT NULL,
    checked_in_at DATETIME(6) NULL,
    checked_out_at DATETIME(6) NULL,
    decided_by BIGINT NULL REFERENCES users (id),
    decided_at DATETIME(6) NULL,
    decision_note VARCHAR(500) NOT NULL DEFAULT '',
    cancelled_at DATETIME(6) NULL,
    late_cancel BOOLEAN NOT NULL DEFAULT FALSE,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_bookings_resource_start ON bookings (resource_id, start_at);
CREATE INDEX idx_bookings_user_start ON bookings (user_id, start_at);
CREATE INDEX idx_bookings_status_start ON bookings (status, start_at);
CREATE INDEX idx_bookings_recurrence ON bookings (recurrence_id);

-- One row per (resource, slot of the claim grid, seat) held by an active booking or its buffer.
-- The primary key is what makes double booking impossible on every engine and cluster.
CREATE TABLE booking_claims (
    resource_id BIGINT NOT NULL,
    slot_start DATETIME(6) NOT NULL,
    seat INTEGER NOT NULL,
    booking_id BIGINT NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    PRIMARY KEY (resource_id, slot_start, seat)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_booking_claims_booking ON booking_claims (booking_id);

-- +goose Down
DROP TABLE booking_claims;
DROP TABLE bookings;
DROP TABLE recurrences;
