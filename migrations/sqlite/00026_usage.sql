-- +goose Up
-- Per-resource tokens of instrument agents (PC client, hour meter, interlock); only the SHA-256
-- of a token is stored.
CREATE TABLE device_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    token_hash CHAR(64) NOT NULL UNIQUE,
    created_by INTEGER NULL REFERENCES users (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    last_used_at DATETIME NULL,
    revoked_at DATETIME NULL
);
CREATE INDEX idx_device_tokens_resource ON device_tokens (resource_id);

-- Actual use of a resource as an instrument agent reported it, reconciled with the booking
-- that covers it when there is one.
CREATE TABLE usage_records (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    resource_id INTEGER NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    device_token_id INTEGER NULL REFERENCES device_tokens (id) ON DELETE SET NULL,
    booking_id INTEGER NULL REFERENCES bookings (id) ON DELETE SET NULL,
    external_id VARCHAR(100) NULL,
    user_ref VARCHAR(100) NOT NULL DEFAULT '',
    started_at DATETIME NOT NULL,
    ended_at DATETIME NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    UNIQUE (resource_id, external_id)
);
CREATE INDEX idx_usage_records_resource_start ON usage_records (resource_id, started_at);
CREATE INDEX idx_usage_records_booking ON usage_records (booking_id);

-- +goose Down
DROP TABLE usage_records;
DROP TABLE device_tokens;
