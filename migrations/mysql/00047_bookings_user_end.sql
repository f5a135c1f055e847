-- +goose Up
-- A person's bookings that have not ended, without reading their history: the cap on upcoming
-- bookings counts them at every booking.
CREATE INDEX idx_bookings_user_end ON bookings (user_id, end_at);

-- +goose Down
DROP INDEX idx_bookings_user_end ON bookings;
