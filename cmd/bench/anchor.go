package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cqshare/models"
)

// maxBookingLength is the longest booking the workload draws, which bounds the anchor's
// overlap check: an earlier booking that starts more than this before cannot reach the new one.
const maxBookingLength = 4 * time.Hour

// The anchor's own tables, beside the app's in the same database: an id per resource to lock,
// and the bookings with an index on (resource, start).
var anchorDDL = map[string][]string{
	models.SQLite: {
		`CREATE TABLE anchor_resources (id INTEGER PRIMARY KEY)`,
		`CREATE TABLE anchor_bookings (id INTEGER PRIMARY KEY, resource_id INTEGER NOT NULL, user_id INTEGER NOT NULL,
			start_at DATETIME NOT NULL, end_at DATETIME NOT NULL, status VARCHAR(16) NOT NULL)`,
		`CREATE INDEX anchor_bookings_resource_start ON anchor_bookings (resource_id, start_at)`,
	},
	models.MySQL: {
		`CREATE TABLE anchor_resources (id BIGINT PRIMARY KEY) ENGINE=InnoDB`,
		`CREATE TABLE anchor_bookings (id BIGINT PRIMARY KEY AUTO_INCREMENT, resource_id BIGINT NOT NULL,
			user_id BIGINT NOT NULL, start_at DATETIME NOT NULL, end_at DATETIME NOT NULL, status VARCHAR(16) NOT NULL,
			KEY anchor_bookings_resource_start (resource_id, start_at)) ENGINE=InnoDB`,
	},
}

// createAnchorTables creates the anchor's tables and a row for each of the resources.
func createAnchorTables(ctx context.Context, db *sql.DB, dialect string, resources []int64) error {
	for _, stmt := range anchorDDL[dialect] {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	for chunk := range slices.Chunk(resources, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		q := "INSERT INTO anchor_resources (id) VALUES " + strings.TrimSuffix(strings.Repeat("(?), ", len(chunk)), ", ")
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}

// anchorBooker is what every figure is compared with: the simplest correct booking transaction
// on the bare database, on tables of its own. Lock the resource (BEGIN IMMEDIATE on SQLite's one
// writer connection; SELECT … FOR UPDATE on MySQL), look for an active booking that overlaps
// (bounded by the longest booking, so the index range stays short), insert, commit.
type anchorBooker struct {
	db    *sql.DB
	opts  *sql.TxOptions
	lock  string
	users []int64
}

func newAnchorBooker(db *models.DB, users []int64) (*anchorBooker, error) {
	pool, ok := db.SQLDBs()["write"]
	if !ok {
		return nil, errors.New("no writer pool")
	}
	a := &anchorBooker{db: pool, lock: "SELECT id FROM anchor_resources WHERE id = ?", users: users}
	if db.Dialect == models.MySQL {
		a.opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
		a.lock += " FOR UPDATE"
	}
	return a, nil
}

func (a *anchorBooker) do(ctx context.Context, client int, q request) error {
	return retry(func() error { return a.try(ctx, a.users[q.user], q) })
}

func (a *anchorBooker) try(ctx context.Context, userID int64, q request) error {
	tx, err := a.db.BeginTx(ctx, a.opts)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var id int64
	if err := tx.QueryRowContext(ctx, a.lock, q.resourceID).Scan(&id); err != nil {
		return fmt.Errorf("lock resource %d: %w", q.resourceID, err)
	}
	start, end := q.start.UTC(), q.end.UTC()
	var one int
	err = tx.QueryRowContext(ctx, `SELECT 1 FROM anchor_bookings WHERE resource_id = ? AND status = 'active'
		AND start_at >= ? AND start_at < ? AND end_at > ? LIMIT 1`, q.resourceID, start.Add(-maxBookingLength), end, start).Scan(&one)
	switch {
	case err == nil:
		return errConflict
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO anchor_bookings (resource_id, user_id, start_at, end_at, status)
		VALUES (?, ?, ?, ?, 'active')`, q.resourceID, userID, start, end); err != nil {
		return err
	}
	return tx.Commit()
}

// anchorOverlaps counts pairs of the anchor's active bookings of one resource that overlap.
func anchorOverlaps(ctx context.Context, db *models.DB) (int64, error) {
	var n int64
	err := db.R(ctx).Raw(`SELECT COUNT(*) FROM anchor_bookings b1 JOIN anchor_bookings b2
		ON b2.resource_id = b1.resource_id AND b2.id <> b1.id AND b2.start_at >= b1.start_at AND b2.start_at < b1.end_at
		WHERE b1.status = 'active' AND b2.status = 'active'`).Scan(&n).Error
	return n, err
}
