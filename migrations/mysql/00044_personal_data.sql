-- +goose Up
-- When an account was anonymised on its owner's request: its name, address and password are
-- gone, its bookings and enrolments stay for the statistics.
ALTER TABLE users ADD COLUMN anonymized_at DATETIME(6) NULL;
-- The retention job deletes notifications by age (audit records have their index).
CREATE INDEX idx_notifications_created ON notifications (created_at);

-- +goose Down
DROP INDEX idx_notifications_created ON notifications;
ALTER TABLE users DROP COLUMN anonymized_at;
