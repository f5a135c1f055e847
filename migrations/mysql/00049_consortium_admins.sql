-- +goose Up
-- A consortium administrator (联合体管理员) administers one consortium: its members, facilities,
-- their managers and its reports, and sees nothing of another. The city administrator has no
-- consortium and sees all.
ALTER TABLE users ADD COLUMN admin_consortium_id BIGINT NULL,
    ADD INDEX idx_users_admin_consortium (admin_consortium_id),
    ADD CONSTRAINT fk_users_admin_consortium FOREIGN KEY (admin_consortium_id) REFERENCES consortia (id);

-- +goose Down
ALTER TABLE users DROP FOREIGN KEY fk_users_admin_consortium, DROP INDEX idx_users_admin_consortium,
    DROP COLUMN admin_consortium_id;
