-- +goose Up
-- E-mail addresses are stored in their canonical form (core.NormalizeEmail) and compared byte
-- for byte: utf8mb4_unicode_ci made téacher@…, ÀDMIN@… and admin@… one address to the database
-- but several to the login limiter. No two rows can collide here: the old UNIQUE index already
-- refused any two addresses equal once lower-cased and trimmed, and the binary collation only
-- tells more of them apart.
UPDATE users SET email = LOWER(TRIM(email));
ALTER TABLE users MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

-- Self-registered teachers and SME users, and new members of an existing organization, wait
-- for an administrator's approval, inactive.
ALTER TABLE users ADD COLUMN pending BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX idx_users_pending ON users (pending);

-- +goose Down
DROP INDEX idx_users_pending ON users;
ALTER TABLE users DROP COLUMN pending;
ALTER TABLE users MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci NOT NULL;
