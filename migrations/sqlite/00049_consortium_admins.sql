-- +goose Up
-- A consortium administrator (联合体管理员) administers one consortium: its members, facilities,
-- their managers and its reports, and sees nothing of another. The city administrator has no
-- consortium and sees all.
ALTER TABLE users ADD COLUMN admin_consortium_id INTEGER NULL REFERENCES consortia(id);
CREATE INDEX idx_users_admin_consortium ON users (admin_consortium_id);

-- +goose Down
DROP INDEX idx_users_admin_consortium;
ALTER TABLE users DROP COLUMN admin_consortium_id;
