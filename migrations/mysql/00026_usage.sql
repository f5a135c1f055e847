-- +goose Up
-- Per-resource tokens of instrument agents (PC client, hour meter, interlock); only the SHA-256
-- of a token is stored.
CREATE TABLE device_tokens (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    resource_id BIGINT NOT NULL,
    name VARCHAR(100) NOT NULL,
    token_hash CHAR(64) NOT NULL,
    created_by BIGINT NULL,
    created_at DATETIME(6) NOT NULL,
    last_used_at DATETIME(6) NULL,
    revoked_at DATETIME(6) NULL,
    UNIQUE KEY uq_device_tokens_hash (token_hash),
    CONSTRAINT fk_device_tokens_resource FOREIGN KEY (resource_id) REFERENCES resources (id) ON DELETE CASCADE,
    CONSTRAINT fk_device_tokens_creator FOREIGN KEY (created_by) REFERENCES users (id) ON DELETE SET NULL,
    INDEX idx_device_tokens_resource (resource_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Actual use of a resource as an instrument agent reported it, reconciled with the booking
-- that covers it when there is one.
CREATE TABLE usage_records (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    resource_id BIGINT NOT NULL,
    device_token_id BIGINT NULL,
    booking_id BIGINT NULL,
    external_id VARCHAR(100) NULL,
    user_ref VARCHAR(100) NOT NULL DEFAULT '',
    started_at DATETIME(6) NOT NULL,
    ended_at DATETIME(6) NULL,
    created_at DATETIME(6) NOT NULL,
    updated_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_usage_records_external (resource_id, external_id),
    CONSTRAINT fk_usage_records_resource FOREIGN KEY (resource_id) REFERENCES resources (id) ON DELETE CASCADE,
    CONSTRAINT fk_usage_records_token FOREIGN KEY (device_token_id) REFERENCES device_tokens (id) ON DELETE SET NULL,
    CONSTRAINT fk_usage_records_booking FOREIGN KEY (booking_id) REFERENCES bookings (id) ON DELETE SET NULL,
    INDEX idx_usage_records_resource_start (resource_id, started_at),
    INDEX idx_usage_records_booking (booking_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE usage_records;
DROP TABLE device_tokens;
