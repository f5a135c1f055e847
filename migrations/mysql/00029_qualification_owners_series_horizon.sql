-- +goose Up
-- A qualification is a safety certificate issued by one facility (a practice center or training
-- base), whose managers grant and revoke it; NULL is a city-wide one that only admins grant.
ALTER TABLE qualifications ADD COLUMN owner_facility_id BIGINT NULL;
CREATE INDEX idx_qualifications_owner ON qualifications (owner_facility_id);
ALTER TABLE qualifications ADD CONSTRAINT fk_qualifications_owner
    FOREIGN KEY (owner_facility_id) REFERENCES facilities (id) ON DELETE SET NULL;
-- A qualification that the resources of exactly one facility require belongs to that facility;
-- any other stays city-wide, for admins to hand over.
UPDATE qualifications SET owner_facility_id = (
    SELECT MIN(r.facility_id) FROM resources r WHERE r.qualification_id = qualifications.id)
WHERE (SELECT COUNT(DISTINCT r.facility_id) FROM resources r WHERE r.qualification_id = qualifications.id) = 1;

-- How far ahead of the day of booking the later occurrences of a weekly series may reach: a term.
ALTER TABLE facilities ADD COLUMN series_horizon_days INTEGER NOT NULL DEFAULT 120;

-- +goose Down
ALTER TABLE facilities DROP COLUMN series_horizon_days;
ALTER TABLE qualifications DROP FOREIGN KEY fk_qualifications_owner;
DROP INDEX idx_qualifications_owner ON qualifications;
ALTER TABLE qualifications DROP COLUMN owner_facility_id;
