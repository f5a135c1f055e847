-- +goose Up
-- E-mail addresses are stored in their canonical form (core.NormalizeEmail); SQLite compares
-- them byte for byte already.
UPDATE users SET email = lower(trim(email));

-- Self-registered teachers and SME users, and new members of an existing organization, wait
-- for an administrator's approval, inactive.
ALTER TABLE users ADD COLUMN pending BOOLEAN NOT NULL DEFAULT 0;
CREATE INDEX idx_users_pending ON users (pending);

-- +goose Down
DROP INDEX idx_users_pending;
ALTER TABLE users DROP COLUMN pending;
