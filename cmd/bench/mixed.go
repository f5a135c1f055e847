package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// booked is a booking a mixed client can act on, and which of the users owns it.
type booked struct {
	id   int64
	user int
}

// mixedOps is the mixed scenario through the API: of every 100 requests, 70 read a
// resource-week's availability, 20 book, 5 cancel one of the bookings made so far and 5 check
// in one of the bookings starting now (a cancel, or a read, when none is left).
type mixedOps struct {
	e      *env
	read   *httpRead
	book   *httpBooker
	client *http.Client
	made   chan booked // bookings to cancel
	due    chan booked // bookings to check in
}

// newMixed fills set 0's week for the reads and books every resource of the set for the hour
// from the next quarter-hour (in its check-in window), through the claims SQL.
func (e *env) newMixed(ctx context.Context) (*mixedOps, error) {
	if err := e.fillWeek(ctx, 0); err != nil {
		return nil, err
	}
	read, err := e.readOperation("availability", "http", 0)
	if err != nil {
		return nil, err
	}
	m := &mixedOps{e: e, read: read.(*httpRead), client: newHTTPClient(e.clients),
		made: make(chan booked, 100_000), due: make(chan booked, len(e.resources[0]))}
	m.book = &httpBooker{e: e, client: m.client}
	raw, err := newRawBooker(e.db, e.users)
	if err != nil {
		return nil, err
	}
	start := time.Now().UTC().Truncate(15 * time.Minute).Add(15 * time.Minute)
	for i, id := range e.resources[0] {
		q := request{user: i % len(e.users), resourceID: id, start: start, end: start.Add(time.Hour)}
		if err := raw.do(ctx, 0, q); err != nil {
			return nil, err
		}
		var bookingID int64
		if err := e.db.R(ctx).Raw("SELECT MAX(id) FROM bookings WHERE resource_id = ? AND start_at = ?", id, start).
			Scan(&bookingID).Error; err != nil {
			return nil, err
		}
		m.due <- booked{id: bookingID, user: q.user}
	}
	return m, nil
}

func (m *mixedOps) do(ctx context.Context, client int, q request) error {
	switch {
	case q.roll < 70:
		return m.read.do(ctx, client, q)
	case q.roll < 90:
		id, err := m.book.create(ctx, q)
		if err == nil {
			select {
			case m.made <- booked{id: id, user: q.user}:
			default:
			}
		}
		return err
	case q.roll < 95:
		return m.act(ctx, client, q, m.made, "cancel")
	}
	return m.act(ctx, client, q, m.due, "check-in")
}

// act cancels or checks in a booking taken from the queue; with none left it cancels, or reads.
func (m *mixedOps) act(ctx context.Context, client int, q request, from chan booked, action string) error {
	select {
	case b := <-from:
		_, err := m.e.call(ctx, m.client, http.MethodPost, fmt.Sprintf("/api/v1/bookings/%d/%s", b.id, action), b.user,
			[]byte("{}"), http.StatusOK)
		return err
	default:
	}
	if action == "check-in" {
		return m.act(ctx, client, q, m.made, "cancel")
	}
	return m.read.do(ctx, client, q)
}

// create books through the API and returns the new booking's id.
func (b *httpBooker) create(ctx context.Context, q request) (int64, error) {
	body, err := json.Marshal(map[string]any{"resource_id": q.resourceID, "start_at": q.start, "end_at": q.end,
		"seats": 1, "purpose": "benchmark", "purpose_category": "research"})
	if err != nil {
		return 0, err
	}
	answer, err := b.e.call(ctx, b.client, http.MethodPost, "/api/v1/bookings", q.user, body, http.StatusCreated)
	if se, ok := errors.AsType[*statusError](err); ok && se.status == http.StatusConflict {
		return 0, errConflict
	}
	if err != nil {
		return 0, err
	}
	var created struct {
		ID int64 `json:"id"`
	}
	return created.ID, json.Unmarshal(answer, &created)
}

// bookingStatuses counts the bookings by status, to show what a mixed run did.
func (e *env) bookingStatuses(ctx context.Context) string {
	var rows []struct {
		Status string
		N      int
	}
	if err := e.db.R(ctx).Raw("SELECT status, COUNT(*) AS n FROM bookings GROUP BY status ORDER BY status").Scan(&rows).Error; err != nil {
		return err.Error()
	}
	return fmt.Sprint(rows)
}
