-- +goose Up
-- E-mail addresses are stored in their canonical form (core.NormalizeEmail); SQLite compares
-- them byte for byte already.
UPDATE users SET email = lower(trim(email));

-- +goose Down
SELECT 1;
