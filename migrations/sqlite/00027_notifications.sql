-- +goose Up
-- The in-app notification list of a user (a hold offered, a booking approved or rejected).
CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind VARCHAR(40) NOT NULL,
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL,
    data TEXT NOT NULL,
    read_at DATETIME NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX idx_notifications_user ON notifications (user_id, read_at, id);

-- +goose Down
DROP TABLE notifications;
