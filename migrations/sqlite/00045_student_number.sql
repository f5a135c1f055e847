-- +goose Up
-- A student's number (学号) at their school: rosters are imported by it and campus sign-on maps a
-- campus account to a local one by it. Unique within an organization.
ALTER TABLE users ADD COLUMN student_number VARCHAR(32) NULL;
CREATE UNIQUE INDEX idx_users_org_student_number ON users (organization_id, student_number);

-- +goose Down
DROP INDEX idx_users_org_student_number;
ALTER TABLE users DROP COLUMN student_number;
