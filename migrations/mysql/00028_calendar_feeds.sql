-- +goose Up
-- The secret of a user's personal iCal feed; only its SHA-256 is stored, one per user.
CREATE TABLE calendar_feeds (
    user_id BIGINT NOT NULL PRIMARY KEY,
    token_hash CHAR(64) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY uq_calendar_feeds_hash (token_hash),
    CONSTRAINT fk_calendar_feeds_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE calendar_feeds;
