package main

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/booking"
	"cqshare/models"
)

// request is one booking to make.
type request struct {
	user       int // which of the signed-in users asks
	roll       int // 0–99: what a mixed client does
	resourceID int64
	start, end time.Time
}

// errConflict is a booking refused because the resource is taken: an expected outcome.
var errConflict = errors.New("booking conflict")

// operation is what a mode does once for a client: make a booking, or read. It returns nil
// when the booking was created (or the read answered), errConflict when the resource was taken,
// another error when something went wrong.
type operation interface {
	do(ctx context.Context, client int, r request) error
}

// rawBooker is the baseline: the booking transaction written directly in SQL on the same
// connection pools the app uses, retried as models.Tx retries it. It does the same database work
// as the app (read the claims of the slots, insert the booking, insert a claim per slot) without
// the rules, GORM, the App or HTTP.
type rawBooker struct {
	db    *sql.DB
	opts  *sql.TxOptions
	users []int64
}

func newRawBooker(db *models.DB, users []int64) (*rawBooker, error) {
	pool, ok := db.SQLDBs()["write"]
	if !ok {
		return nil, errors.New("no writer pool")
	}
	r := &rawBooker{db: pool, users: users}
	if db.Dialect == models.MySQL {
		r.opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	return r, nil
}

func (r *rawBooker) do(ctx context.Context, client int, q request) error {
	return retry(func() error { return r.try(ctx, r.users[q.user], q) })
}

// retry runs a transaction again, as models.Tx does, while it fails with a deadlock, a busy
// database or a duplicate key (a lost race on a claim).
func retry(try func() error) error {
	var err error
	for attempt := range 25 {
		err = try()
		if err == nil || (!models.IsRetryable(err) && !models.IsDuplicate(err)) {
			return err // created, refused, or an error a retry would not cure
		}
		backoff := time.Duration(1<<min(attempt, 6)) * time.Millisecond
		time.Sleep(backoff + rand.N(backoff))
	}
	return err
}

func (r *rawBooker) try(ctx context.Context, userID int64, q request) error {
	tx, err := r.db.BeginTx(ctx, r.opts)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	slots := models.ClaimSlots(q.start, q.end)
	rows, err := tx.QueryContext(ctx, `SELECT slot_start, seat FROM booking_claims
		WHERE resource_id = ? AND slot_start >= ? AND slot_start < ?`, q.resourceID, slots[0], q.end.UTC())
	if err != nil {
		return err
	}
	taken := 0
	for rows.Next() {
		var slot time.Time
		var seat int
		if err := rows.Scan(&slot, &seat); err != nil {
			rows.Close()
			return err
		}
		taken++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	if taken > 0 { // every bench resource is exclusive: one claim in range is a conflict
		return errConflict
	}
	now := time.Now().UTC()
	res, err := tx.ExecContext(ctx, `INSERT INTO bookings (resource_id, user_id, start_at, end_at, seats, purpose,
		purpose_category, status, decision_note, late_cancel, created_at, updated_at)
		VALUES (?, ?, ?, ?, 1, ?, 'research', 'confirmed', '', ?, ?, ?)`,
		q.resourceID, userID, q.start.UTC(), q.end.UTC(), "benchmark", false, now, now)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	values := make([]string, len(slots))
	args := make([]any, 0, 4*len(slots))
	for i, s := range slots {
		values[i] = "(?, ?, 0, ?)"
		args = append(args, q.resourceID, s, id)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO booking_claims (resource_id, slot_start, seat, booking_id) VALUES "+
		strings.Join(values, ", "), args...); err != nil {
		return err
	}
	return tx.Commit()
}

// appBooker books through the app layer in process: every rule, the claims, the retries.
type appBooker struct {
	app    *app.App
	logins []accounts.Login
}

func (b *appBooker) do(ctx context.Context, client int, q request) error {
	_, err := b.app.Booking.CreateBooking(ctx, b.logins[q.user].Actor, booking.Reservation{ResourceID: q.resourceID,
		StartAt: q.start, EndAt: q.end, Seats: 1, Purpose: "benchmark", PurposeCategory: "research"})
	if errors.Is(err, booking.ErrBookingConflict) {
		return errConflict
	}
	return err
}

// httpBooker books through POST /api/v1/bookings with keep-alive connections.
type httpBooker struct {
	e      *env
	client *http.Client
}

func (b *httpBooker) do(ctx context.Context, _ int, q request) error {
	_, err := b.create(ctx, q)
	return err
}
