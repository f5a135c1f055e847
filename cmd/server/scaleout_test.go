package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/migrations"
	"cqshare/models"
)

// Scale-out: three copies of the real binary started together on one empty MariaDB database,
// every copy running the scheduled jobs, driven at once by clients spread over the three
// (bookings on a few shared resources and their cancellations, enrolments at a small session
// and theirs) while a minute's job ticks fire. Afterwards the database was migrated once,
// nothing is overbooked or oversold, every 201 is in the database, and each tick of an
// every-minute job ran exactly once, on one of the copies.
//
// Nothing makes the jobs tick faster than their schedules, so the load runs until the first
// minute boundary after the copies are up and a few seconds beyond: up to about 70 seconds.

// everyMinuteJobs are the jobs of the table in jobs/jobs.go scheduled "@every 1m": each has a
// tick at every minute boundary.
var everyMinuteJobs = []string{"mark_no_shows", "expire_holds", "send_email"}

const (
	scaleClients = 12
	scaleUsers   = 36 // three per client
	scaleSeats   = 5  // the session's seats, fewer than the people enrolling
	// scaleAfterTick is how long the load goes on after the minute boundary, while its ticks run.
	scaleAfterTick = 8 * time.Second
)

func TestScaleOutMariaDB(t *testing.T) {
	t.Parallel()
	if apptest.Engine() == "sqlite" {
		t.Skip("SKIPPED on SQLite: the copies share one MariaDB database, so this runs once, in the MariaDB pass")
	}
	url := apptest.NewMySQLDatabase(t) // skips without TEST_MYSQL_DSN, fails under CI=true
	procs := startServerProcs(t, []string{"JOBS_ENABLED=true", "FILES_DIR=" + t.TempDir()}, url, url, url)
	urls := make([]string, len(procs))
	for i, p := range procs {
		urls[i] = p.URL
	}
	f := newFixture(t, url, scaleUsers)
	checkMigratedOnce(t, f.db)
	resources := []int64{f.resource(t, "scale-out 1 seat", 1, 0), f.resource(t, "scale-out 2 seats", 2, 0),
		f.resource(t, "scale-out 1 seat, 15-minute buffer", 1, 15)}
	sessionID := f.session(t, scaleSeats)

	tick := time.Now().Truncate(time.Minute).Add(time.Minute)
	load := driveScaleOut(t, f, urls, resources, sessionID, tick.Add(scaleAfterTick))
	t.Logf("%d requests from %d clients over %d copies; answers by status: %v", load.requests.Load(), scaleClients, len(urls), load.statusCounts())

	for what, n := range load.unexpected {
		t.Errorf("got %d× %s, want no 5xx and no transport error", n, what)
	}
	checkBookings(t, f, load)
	checkEnrolments(t, f, sessionID, load.enrolled)
	checkTickRanOnce(t, f.db, tick, procs)
	for i, p := range procs {
		if lines := p.log.errors(); len(lines) > 0 {
			t.Errorf("server %d logged %d errors, e.g.:\n%s", i, len(lines), strings.Join(lines[:min(5, len(lines))], "\n"))
		}
	}
}

// checkMigratedOnce checks the migration record the copies left: every migration of the
// binary applied once, none twice.
func checkMigratedOnce(t *testing.T, db *models.DB) {
	t.Helper()
	files, err := fs.Glob(migrations.FS, "mysql/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations of the binary: %v (%v)", files, err)
	}
	var rows []struct {
		VersionID int64
		Applied   int
		Times     int
	}
	err = db.R(context.Background()).Raw("SELECT version_id, SUM(is_applied) AS applied, COUNT(*) AS times " +
		"FROM goose_db_version WHERE version_id > 0 GROUP BY version_id ORDER BY version_id").Scan(&rows).Error
	if err != nil {
		t.Fatalf("read goose_db_version: %v", err)
	}
	if len(rows) != len(files) {
		t.Errorf("goose_db_version records %d migrations, want the binary's %d", len(rows), len(files))
	}
	for _, r := range rows {
		if r.Times != 1 || r.Applied != 1 {
			t.Errorf("migration %d recorded %d times (%d applied), want once", r.VersionID, r.Times, r.Applied)
		}
	}
}

// scaleLoad is what the clients sent and were answered.
type scaleLoad struct {
	requests atomic.Int64
	mu       sync.Mutex
	statuses map[string]int // "POST /bookings 201", …
	// unexpected groups the 5xx and transport errors, with a sample body.
	unexpected map[string]int
	// booked are the bookings answered 201, by id, with whether a cancellation was answered 200.
	booked map[int64]bool
	// enrolled are the enrolments answered 201, by id, with the user and whether a cancellation
	// was answered 200.
	enrolled map[int64]*enrolment
}

type enrolment struct {
	user      int64
	cancelled bool
}

// created records an enrolment answered 201 and returns its id.
func (l *scaleLoad) created(t *testing.T, a answer, user int64, into map[int64]*enrolment) int64 {
	var e struct{ ID int64 }
	if err := json.Unmarshal([]byte(a.body), &e); err != nil || e.ID == 0 {
		t.Errorf("enrolment answered 201 with %s (%v)", a.body, err)
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	into[e.ID] = &enrolment{user: user}
	return e.ID
}

// cancelled records that the cancellation of an enrolment was answered 200.
func (l *scaleLoad) cancelled(of map[int64]*enrolment, id int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	of[id].cancelled = true
}

func (l *scaleLoad) record(what string, a answer) {
	l.requests.Add(1)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statuses[fmt.Sprintf("%s %d", what, a.status)]++
	if a.status >= 500 || a.status == 0 {
		l.unexpected[fmt.Sprintf("%s %d %s (e.g. %s)", what, a.status, a.code, sample(a.body))]++
	}
}

// sample shortens a body for the report.
func sample(body string) string { return body[:min(len(body), 200)] }

func (l *scaleLoad) statusCounts() string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(l.statuses)) {
		fmt.Fprintf(&b, "\n  %s: %d", k, l.statuses[k])
	}
	return b.String()
}

// driveScaleOut runs the clients until the deadline. Client c sends to copy c mod 3 as its three
// users, and on each turn books a random interval of a shared resource, cancels one of its
// bookings, or enrols one of its users in the session or cancels that user's enrolment.
func driveScaleOut(t *testing.T, f *fixture, urls []string, resources []int64, sessionID int64, deadline time.Time) *scaleLoad {
	t.Helper()
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: scaleClients, DisableCompression: true}}
	defer client.CloseIdleConnections()
	load := &scaleLoad{statuses: map[string]int{}, unexpected: map[string]int{}, booked: map[int64]bool{}, enrolled: map[int64]*enrolment{}}
	users := userIDs(t, f.db, len(f.tokens))
	base := raceDay()
	var wg sync.WaitGroup
	for c := range scaleClients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(c), 2026))
			url := urls[c%len(urls)]
			mine := []int{c, c + scaleClients, c + 2*scaleClients}
			enrolment := map[int]int64{} // the enrolment each user of the client has, if any
			var bookings []struct {
				id    int64
				owner int
			}
			for time.Now().Before(deadline) {
				u := mine[rng.IntN(len(mine))]
				switch op := rng.IntN(10); {
				case op <= 1:
					// Enrol the user, or cancel the enrolment the user has.
					if enrolment[u] == 0 {
						a := postJSON(client, fmt.Sprintf("%s/api/v1/course-sessions/%d/enrollments", url, sessionID), f.tokens[u], struct{}{})
						load.record("POST course-sessions/:id/enrollments", a)
						if a.status == http.StatusCreated {
							enrolment[u] = load.created(t, a, users[u], load.enrolled)
						}
						continue
					}
					a := postJSON(client, fmt.Sprintf("%s/api/v1/enrollments/%d/cancel", url, enrolment[u]), f.tokens[u],
						map[string]string{"reason": "scale-out test"})
					load.record("POST enrollments/:id/cancel", a)
					if a.status == http.StatusOK {
						load.cancelled(load.enrolled, enrolment[u])
						enrolment[u] = 0
					}
				case op <= 3 && len(bookings) > 0:
					i := rng.IntN(len(bookings))
					b := bookings[i]
					bookings = slices.Delete(bookings, i, i+1)
					a := postJSON(client, fmt.Sprintf("%s/api/v1/bookings/%d/cancel", url, b.id), f.tokens[b.owner],
						map[string]string{"reason": "scale-out test"})
					load.record("POST bookings/:id/cancel", a)
					if a.status == http.StatusOK {
						load.mu.Lock()
						load.booked[b.id] = true
						load.mu.Unlock()
					}
				default:
					from := time.Duration(rng.IntN(12)) * 30 * time.Minute
					req := bookingRequest{ResourceID: resources[rng.IntN(len(resources))], StartAt: base.Add(from),
						EndAt: base.Add(from + time.Duration(1+rng.IntN(2))*30*time.Minute), Seats: 1,
						Purpose: "扩容测试 scale-out test", PurposeCategory: "research"}
					a := postJSON(client, url+"/api/v1/bookings", f.tokens[u], req)
					load.record("POST bookings", a)
					if a.status == http.StatusCreated {
						var b struct{ ID int64 }
						if err := json.Unmarshal([]byte(a.body), &b); err != nil || b.ID == 0 {
							t.Errorf("booking answered 201 with %s (%v)", a.body, err)
							continue
						}
						bookings = append(bookings, struct {
							id    int64
							owner int
						}{b.ID, u})
						load.mu.Lock()
						load.booked[b.ID] = false
						load.mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	return load
}

// postJSON sends body as JSON to url as the token's user.
func postJSON(client *http.Client, url, token string, body any) answer {
	raw, err := json.Marshal(body)
	if err != nil {
		return answer{code: "bad_request", body: err.Error()}
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(raw))
	if err != nil {
		return answer{code: "bad_request", body: err.Error()}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	return send(client, req)
}

// checkBookings checks invariant 1 over the whole database and that every booking answered 201
// exists, cancelled exactly when its cancellation was answered 200, and that no other booking is
// active.
func checkBookings(t *testing.T, f *fixture, load *scaleLoad) {
	t.Helper()
	ctx := context.Background()
	if n, err := f.db.CountOverbookings(ctx); err != nil || n != 0 {
		t.Errorf("invariant 1: %d overbooked instants (%v), want 0", n, err)
	}
	var rows []struct {
		ID     int64
		Status string
	}
	if err := f.db.R(ctx).Table("bookings").Select("id, status").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	status := map[int64]string{}
	for _, r := range rows {
		status[r.ID] = r.Status
	}
	cancelled := 0
	for id, wasCancelled := range load.booked {
		st, ok := status[id]
		switch {
		case !ok:
			t.Errorf("booking %d was answered 201 but is not in the database", id)
		case wasCancelled && st != string(models.BookingCancelled):
			t.Errorf("booking %d: cancellation answered 200, status %s", id, st)
		case !wasCancelled && !slices.Contains(activeStatuses, st):
			t.Errorf("booking %d: answered 201, never cancelled, status %s", id, st)
		}
		if wasCancelled {
			cancelled++
		}
	}
	if len(rows) != len(load.booked) {
		t.Errorf("%d bookings in the database, want the %d answered 201", len(rows), len(load.booked))
	}
	if len(load.booked)-cancelled == 0 {
		t.Errorf("no booking left standing: the load booked nothing")
	}
	t.Logf("bookings: %d created, %d cancelled", len(load.booked), cancelled)
}

// checkEnrolments checks invariant 2 on the session: no more seated than its seats, and no
// one waitlisted beside a free seat; and that every enrolment answered 201 is there, cancelled
// exactly when its cancellation was answered 200, and no other.
func checkEnrolments(t *testing.T, f *fixture, sessionID int64, enrolled map[int64]*enrolment) {
	t.Helper()
	var rows []models.Enrollment
	if err := f.db.R(context.Background()).Where("session_id = ?", sessionID).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	seated, live, cancelled := 0, 0, 0
	for _, e := range rows {
		want, ok := enrolled[e.ID]
		switch {
		case !ok:
			t.Errorf("enrolment %d of user %d (%s) was never answered 201", e.ID, e.UserID, e.Status)
		case want.user != e.UserID:
			t.Errorf("enrolment %d is user %d's, answered 201 to user %d", e.ID, e.UserID, want.user)
		case want.cancelled != (e.Status == models.EnrollmentCancelled):
			t.Errorf("enrolment %d: status %s, cancellation answered 200: %v", e.ID, e.Status, want.cancelled)
		}
		switch {
		case e.Status == models.EnrollmentCancelled:
			cancelled++
		case e.Status == models.EnrollmentEnrolled && e.SeatNo != nil:
			seated++
			live++
		case e.Status == models.EnrollmentWaitlisted && e.SeatNo == nil:
			live++
		default:
			t.Errorf("enrolment %d: status %s with seat %v", e.ID, e.Status, e.SeatNo)
		}
	}
	if len(rows) != len(enrolled) {
		t.Errorf("%d enrolments in the database, want the %d answered 201", len(rows), len(enrolled))
	}
	if seated != min(scaleSeats, live) {
		t.Errorf("invariant 2: %d of %d seats taken with %d live enrolments, want %d", seated, scaleSeats, live, min(scaleSeats, live))
	}
	if cancelled == 0 || live == 0 {
		t.Errorf("%d enrolments cancelled and %d live: the load did not both enrol and cancel", cancelled, live)
	}
	t.Logf("enrolments: %d answered 201, %d cancelled; %d seated, %d waitlisted", len(enrolled), cancelled, seated, live-seated)
}

// checkTickRanOnce checks that each every-minute job has exactly one run of the tick, finished,
// by one of the copies, and reports how many runs each copy recorded.
func checkTickRanOnce(t *testing.T, db *models.DB, tick time.Time, procs []*serverProcess) {
	t.Helper()
	copyOf := map[string]int{}
	var runs []models.JobRun
	// A run of the tick may still be recording its end; wait for it a little, not for a tick.
	for range 100 {
		runs = nil
		if err := db.R(context.Background()).Where("trigger_kind = ?", "schedule").Order("id").Find(&runs).Error; err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(runs, func(r models.JobRun) bool { return r.Status == models.JobRunning }) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	for i, p := range procs {
		copyOf[":"+strconv.Itoa(p.cmd.Process.Pid)] = i
	}
	perCopy := make([]int, len(procs))
	holders := map[int]bool{}
	for _, r := range runs {
		i := -1
		for suffix, c := range copyOf {
			if strings.HasSuffix(r.Holder, suffix) {
				i = c
			}
		}
		if i < 0 {
			t.Errorf("run %d of %s held by %q, none of the copies", r.ID, r.Name, r.Holder)
			continue
		}
		perCopy[i]++
		holders[i] = true
		if r.Status != models.JobSucceeded {
			t.Errorf("run %d of %s for %s: %s %s, want succeeded", r.ID, r.Name, r.ScheduledFor.UTC().Format(time.TimeOnly), r.Status, r.Error)
		}
	}
	for _, name := range everyMinuteJobs {
		n := 0
		for _, r := range runs {
			if r.Name == name && r.ScheduledFor.Equal(tick) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("job %s: %d runs of the tick at %s, want exactly 1", name, n, tick.UTC().Format(time.TimeOnly))
		}
	}
	t.Logf("scheduled job runs: %d in all, by copy %v; %d of the 3 copies ran jobs", len(runs), perCopy, len(holders))
}

// errors returns the lines logged at level ERROR.
func (b *lockedBuffer) errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []string
	for line := range strings.Lines(b.buf.String()) {
		if strings.Contains(line, `"level":"ERROR"`) {
			out = append(out, strings.TrimRight(line, "\n"))
		}
	}
	return out
}
