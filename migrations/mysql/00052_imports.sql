-- +goose Up
-- A bulk import's check (resources, users and rosters, holidays from an ICS file): who checked
-- which file (its SHA-256) for what, how many rows were good and bad, and whether it was applied.
-- Applying sets applied_at once, in the transaction of the writes, so a second apply of the same
-- check writes nothing.
CREATE TABLE import_runs (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    kind VARCHAR(20) NOT NULL,
    actor_id BIGINT NULL,
    facility_id BIGINT NULL,
    organization_id BIGINT NULL,
    file_name VARCHAR(255) NOT NULL DEFAULT '',
    file_sha256 CHAR(64) NOT NULL,
    rows_total INT NOT NULL DEFAULT 0,
    rows_bad INT NOT NULL DEFAULT 0,
    created INT NOT NULL DEFAULT 0,
    updated INT NOT NULL DEFAULT 0,
    unchanged INT NOT NULL DEFAULT 0,
    skipped INT NOT NULL DEFAULT 0,
    checked_at DATETIME(6) NOT NULL,
    applied_at DATETIME(6) NULL,
    CONSTRAINT fk_import_runs_actor FOREIGN KEY (actor_id) REFERENCES users (id) ON DELETE SET NULL,
    CONSTRAINT fk_import_runs_facility FOREIGN KEY (facility_id) REFERENCES facilities (id) ON DELETE CASCADE,
    CONSTRAINT fk_import_runs_organization FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_import_runs_actor ON import_runs (actor_id, checked_at);

-- +goose Down
DROP TABLE import_runs;
