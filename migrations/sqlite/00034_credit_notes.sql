-- +goose Up
-- Late cancellations and no-shows are worded by their kind in the reader's language; the English
-- notes written for them before are dropped. Notes a person wrote (a clearing) stay.
UPDATE credit_events SET note = ''
WHERE (kind = 'no_show' AND note = 'no check-in within the grace period')
   OR (kind = 'late_cancel' AND note = 'cancelled after the deadline');

-- +goose Down
-- The dropped notes said nothing the kind does not.
SELECT 1;
