-- +goose Up
-- A bulk import's check (resources, users and rosters, holidays from an ICS file): who checked
-- which file (its SHA-256) for what, how many rows were good and bad, and whether it was applied.
-- Applying sets applied_at once, in the transaction of the writes, so a second apply of the same
-- check writes nothing.
CREATE TABLE import_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind VARCHAR(20) NOT NULL,
    actor_id INTEGER NULL REFERENCES users(id) ON DELETE SET NULL,
    facility_id INTEGER NULL REFERENCES facilities(id) ON DELETE CASCADE,
    organization_id INTEGER NULL REFERENCES organizations(id) ON DELETE CASCADE,
    file_name VARCHAR(255) NOT NULL DEFAULT '',
    file_sha256 CHAR(64) NOT NULL,
    rows_total INTEGER NOT NULL DEFAULT 0,
    rows_bad INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    checked_at DATETIME NOT NULL,
    applied_at DATETIME NULL
);
CREATE INDEX idx_import_runs_actor ON import_runs (actor_id, checked_at);

-- +goose Down
DROP TABLE import_runs;
