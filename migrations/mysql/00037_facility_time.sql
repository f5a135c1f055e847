-- +goose Up
-- Time a facility books for its own work (a course session's room, a service request's
-- equipment): nobody is expected to check in to it, so it is never a no-show.
ALTER TABLE bookings ADD COLUMN facility_time BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE bookings DROP COLUMN facility_time;
