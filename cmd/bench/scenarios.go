package main

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"cqshare/models"
)

// scenario is one thing the bench measures: its modes, the mode its ratios are against, and
// what one of its workloads counts besides the clients.
type scenario struct {
	name     string
	modes    []string
	baseline string
	unit     string // what a workload's first number counts
}

// scenarios are every scenario the bench knows, in the order they run.
var scenarios = []scenario{
	// Bookings through POST /api/v1/bookings and below it.
	{name: "book", modes: []string{"anchor", "raw", "app", "http"}, baseline: "anchor", unit: "res"},
	// One resource-week of GET /api/v1/resources/{id}/availability.
	{name: "availability", modes: []string{"sql", "app", "http"}, baseline: "sql", unit: "res"},
	// One facility-week of GET /api/v1/facilities/{id}/schedule, the facility holding all the resources.
	{name: "schedule", modes: []string{"sql", "app", "http"}, baseline: "sql", unit: "res"},
	// Every client asks at once for a seat of one session through POST …/enrollments.
	{name: "enrol-rush", modes: []string{"http"}, unit: "seats"},
	// 70% availability reads, 20% bookings, 10% cancels and check-ins, through the API.
	{name: "mixed", modes: []string{"http"}, unit: "res"},
}

// fillWeek books the week from the workload's start in every resource of the set, through the
// claims SQL of the raw mode (the same rows the app writes): each day 09:00–11:00 and 14:00–17:00.
func (e *env) fillWeek(ctx context.Context, set int) error {
	raw, err := newRawBooker(e.db, e.users)
	if err != nil {
		return err
	}
	from := e.workload(set).from
	n := 0
	for _, id := range e.resources[set] {
		for day := range 7 {
			for _, span := range [][2]int{{9, 11}, {14, 17}} {
				d := from.AddDate(0, 0, day)
				q := request{user: n % len(e.users), resourceID: id, start: d.Add(time.Duration(span[0]) * time.Hour),
					end: d.Add(time.Duration(span[1]) * time.Hour)}
				if err := raw.do(ctx, 0, q); err != nil {
					return fmt.Errorf("fill the week: %w", err)
				}
				n++
			}
		}
	}
	return nil
}

// activeIn is the SQL list of the active booking statuses.
func activeIn() string {
	quoted := make([]string, len(models.ActiveBookingStatuses))
	for i, s := range models.ActiveBookingStatuses {
		quoted[i] = "'" + string(s) + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// weekQuery is the baseline of the reads: the week's active bookings in one indexed range
// query on the read pool, every row scanned, bounded by the longest booking as the anchor is.
type weekQuery struct {
	db       *sql.DB
	query    string
	facility int64 // the schedule's facility; 0 reads the request's resource
	from, to time.Time
}

func newWeekQuery(e *env, scenario string, set int) *weekQuery {
	pools := e.db.SQLDBs()
	pool, ok := pools["read"]
	if !ok {
		pool = pools["write"]
	}
	from := e.workload(set).from
	w := &weekQuery{db: pool, from: from.UTC(), to: from.AddDate(0, 0, 7).UTC(),
		query: `SELECT resource_id, start_at, end_at, seats FROM bookings WHERE resource_id = ? AND status IN ` + activeIn() +
			` AND start_at >= ? AND start_at < ? AND end_at > ?`}
	if scenario == "schedule" {
		w.facility = e.facilities[set]
		w.query = `SELECT b.resource_id, b.start_at, b.end_at, b.seats FROM bookings b JOIN resources r ON r.id = b.resource_id
			WHERE r.facility_id = ? AND b.status IN ` + activeIn() + ` AND b.start_at >= ? AND b.start_at < ? AND b.end_at > ?`
	}
	return w
}

func (w *weekQuery) do(ctx context.Context, _ int, q request) error {
	key := q.resourceID
	if w.facility != 0 {
		key = w.facility
	}
	rows, err := w.db.QueryContext(ctx, w.query, key, w.from.Add(-maxBookingLength), w.to, w.from)
	if err != nil {
		return err
	}
	n := 0
	for rows.Next() {
		var resource int64
		var start, end time.Time
		var seats int
		if err := rows.Scan(&resource, &start, &end, &seats); err != nil {
			rows.Close()
			return err
		}
		n++
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	return nonEmpty(n)
}

// nonEmpty refuses a read of the filled week that found no booking: it did not read what it
// was meant to.
func nonEmpty(n int) error {
	if n == 0 {
		return errors.New("the week read no booking")
	}
	return nil
}

// appRead reads the week through the app layer in process.
type appRead struct {
	e        *env
	facility int64 // the schedule's facility; 0 reads the request's resource's availability
	from, to time.Time
}

func (a *appRead) do(ctx context.Context, _ int, q request) error {
	actor := a.e.logins[q.user].Actor
	if a.facility == 0 {
		av, err := a.e.app.Booking.Availability(ctx, actor, q.resourceID, a.from, a.to)
		if err != nil {
			return err
		}
		return nonEmpty(len(av.Taken))
	}
	s, err := a.e.app.Booking.FacilitySchedule(ctx, actor, a.facility, a.from, a.to)
	if err != nil {
		return err
	}
	busy := 0
	for _, r := range s.Resources {
		busy += len(r.Busy)
	}
	return nonEmpty(busy)
}

// httpRead reads the week through the API with keep-alive connections.
type httpRead struct {
	e        *env
	client   *http.Client
	facility int64
	window   string // the from and to of the query
}

func newHTTPClient(clients int) *http.Client {
	return &http.Client{Timeout: time.Minute,
		Transport: &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}}
}

func (h *httpRead) do(ctx context.Context, _ int, q request) error {
	path := fmt.Sprintf("/api/v1/resources/%d/availability?", q.resourceID)
	if h.facility != 0 {
		path = fmt.Sprintf("/api/v1/facilities/%d/schedule?", h.facility)
	}
	body, err := h.e.call(ctx, h.client, http.MethodGet, path+h.window, q.user, nil, http.StatusOK)
	if err != nil {
		return err
	}
	var answer struct {
		Taken     []json.RawMessage `json:"taken"`
		Resources []struct {
			Busy []json.RawMessage `json:"busy"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return err
	}
	n := len(answer.Taken)
	for _, r := range answer.Resources {
		n += len(r.Busy)
	}
	return nonEmpty(n)
}

// call sends a request to the API as the user and returns the answer's body; an error of type
// *statusError when its status is not want.
func (e *env) call(ctx context.Context, client *http.Client, method, path string, user int, body []byte, want int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, e.url+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+e.logins[user].Token)
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != want {
		err = &statusError{status: resp.StatusCode, message: fmt.Sprintf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(answer))}
	}
	return answer, err
}

// statusError is an answer of the API with another status than the one wanted.
type statusError struct {
	status  int
	message string
}

func (e *statusError) Error() string { return e.message }

// readOperation returns what mode does in the availability or schedule scenario on set.
func (e *env) readOperation(scenario, mode string, set int) (operation, error) {
	from := e.workload(set).from
	to := from.AddDate(0, 0, 7)
	var facility int64
	if scenario == "schedule" {
		facility = e.facilities[set]
	}
	switch mode {
	case "sql":
		return newWeekQuery(e, scenario, set), nil
	case "app":
		return &appRead{e: e, facility: facility, from: from, to: to}, nil
	case "http":
		window := url.Values{"from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}}.Encode()
		return &httpRead{e: e, client: newHTTPClient(e.clients), facility: facility, window: window}, nil
	}
	return nil, fmt.Errorf("scenario %s has no mode %s", scenario, mode)
}

// enrolRush opens a session of seats seats and has every client ask for a seat at once through
// the API, each as a different user. It fails unless every request was answered 201 and the
// answers and the database agree: exactly the seats enrolled, the rest waitlisted in the order
// they were written (places 1, 2, … by enrolment id).
func (e *env) enrolRush(ctx context.Context, seats, clients int) (result, error) {
	now := time.Now().UTC()
	w := e.db.W(ctx)
	course := models.Course{FacilityID: e.facilities[0], Title: "基准测试课程", TitleEn: "Benchmark course", Level: "beginner",
		Hours: 2, Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	if err := w.Create(&course).Error; err != nil {
		return result{}, err
	}
	start := now.AddDate(0, 0, 30).Truncate(time.Hour)
	sess := models.CourseSession{CourseID: course.ID, InstructorID: e.users[0], Seats: seats, StartAt: start,
		EndAt: start.Add(2 * time.Hour), EnrollOpensAt: now.Add(-time.Hour), EnrollClosesAt: start,
		CancelDeadline: start.Add(-24 * time.Hour), Audience: models.AudienceOpen, Status: models.SessionScheduled,
		CreatedAt: now, UpdatedAt: now}
	if err := w.Create(&sess).Error; err != nil {
		return result{}, err
	}
	client := newHTTPClient(clients)
	path := fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", sess.ID)
	var (
		mu        sync.Mutex
		r         result
		latencies []time.Duration
		statuses  = map[models.EnrollmentStatus]int{}
		wg        sync.WaitGroup
		gate      = make(chan struct{})
	)
	usage := startUsage(e.statements)
	for c := range clients {
		wg.Go(func() {
			<-gate
			t0 := time.Now()
			body, err := e.call(ctx, client, http.MethodPost, path, c+1, []byte("{}"), http.StatusCreated) // user 0 teaches
			var answer struct {
				Status models.EnrollmentStatus `json:"status"`
			}
			if err == nil {
				err = json.Unmarshal(body, &answer)
			}
			mu.Lock()
			defer mu.Unlock()
			latencies = append(latencies, time.Since(t0))
			if err != nil {
				r.errors++
				r.firstErr = cmp.Or(r.firstErr, err)
				return
			}
			r.created++
			statuses[answer.Status]++
		})
	}
	begin := time.Now()
	close(gate)
	wg.Wait()
	r.elapsed = time.Since(begin)
	usage.stop(&r)
	r.setLatencies(latencies)
	if r.errors > 0 {
		return r, fmt.Errorf("%d of %d enrolments failed (first: %v)", r.errors, clients, r.firstErr)
	}
	return r, e.checkRush(ctx, sess.ID, seats, clients, statuses)
}

// checkRush checks the rush's answers and the session's enrolments in the database.
func (e *env) checkRush(ctx context.Context, sessionID int64, seats, clients int, answers map[models.EnrollmentStatus]int) error {
	wantEnrolled, wantWaitlisted := min(seats, clients), max(0, clients-seats)
	if answers[models.EnrollmentEnrolled] != wantEnrolled || answers[models.EnrollmentWaitlisted] != wantWaitlisted {
		return fmt.Errorf("ENROLMENT BROKEN: answers %v, want %d enrolled and %d waitlisted", answers, wantEnrolled, wantWaitlisted)
	}
	var got struct {
		Enrolled, Waitlisted, Places, FirstPlace, LastPlace, OutOfOrder int64
	}
	err := e.db.R(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM enrollments WHERE session_id = @s AND status = 'enrolled') AS enrolled,
		(SELECT COUNT(*) FROM enrollments WHERE session_id = @s AND status = 'waitlisted') AS waitlisted,
		(SELECT COUNT(DISTINCT queue_no) FROM enrollments WHERE session_id = @s AND status = 'waitlisted') AS places,
		(SELECT COALESCE(MIN(queue_no), 0) FROM enrollments WHERE session_id = @s AND status = 'waitlisted') AS first_place,
		(SELECT COALESCE(MAX(queue_no), 0) FROM enrollments WHERE session_id = @s AND status = 'waitlisted') AS last_place,
		(SELECT COUNT(*) FROM enrollments a JOIN enrollments b ON b.session_id = a.session_id AND b.id > a.id
			WHERE a.session_id = @s AND a.status = 'waitlisted' AND b.status = 'waitlisted' AND b.queue_no < a.queue_no) AS out_of_order`,
		sql.Named("s", sessionID)).Scan(&got).Error
	if err != nil {
		return err
	}
	first := int64(min(1, wantWaitlisted))
	if got.Enrolled != int64(wantEnrolled) || got.Waitlisted != int64(wantWaitlisted) || got.Places != int64(wantWaitlisted) ||
		got.FirstPlace != first || got.LastPlace != int64(wantWaitlisted) || got.OutOfOrder != 0 {
		return fmt.Errorf("ENROLMENT BROKEN: the database holds %+v, want %d enrolled and places 1..%d in order",
			got, wantEnrolled, wantWaitlisted)
	}
	return nil
}
