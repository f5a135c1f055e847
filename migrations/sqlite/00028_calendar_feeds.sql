-- +goose Up
-- The secret of a user's personal iCal feed; only its SHA-256 is stored, one per user.
CREATE TABLE calendar_feeds (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash CHAR(64) NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE calendar_feeds;
