-- +goose Up
-- A counter of the changes of a resource, and of a facility with its blackouts: a booking whose
-- rules were checked before its write transaction is still good when both are unchanged.
ALTER TABLE resources ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE facilities ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE facilities DROP COLUMN version;
ALTER TABLE resources DROP COLUMN version;
