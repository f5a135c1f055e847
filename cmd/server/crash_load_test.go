package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

// The booking and enrolment load: loadClients people book, cancel and enrol through one server
// until it has answered loadKillAfter requests; it is then killed while at least half of them
// wait for an answer.
const (
	loadClients   = 16
	loadKillAfter = 150
	loadMaxEach   = 200 // requests a client sends at most, should the kill never come
	loadSessions  = 4
	loadSeats     = 4 // per session: most of the 16 people end on the waitlist
)

// loadCapacities are the seats of the load's resources; the bookings ask for 1 or 2 of them.
var loadCapacities = []int{1, 1, 2}

// loadKind is what a request of the load asks.
type loadKind string

const (
	loadBook   loadKind = "book"
	loadCancel loadKind = "cancel"
	loadEnrol  loadKind = "enrol"
)

// loadRequest is one request of the load and what came of it.
type loadRequest struct {
	kind      loadKind
	client    int
	booking   bookingRequest // loadBook; its purpose names the request
	bookingID int64          // loadCancel: the booking cancelled
	sessionID int64          // loadEnrol
	answer    answer
	id        int64                   // the booking or enrolment of a 201 answer
	enrolment models.EnrollmentStatus // and the enrolment's status in it
	seatNo    *int
}

// unknown is true when the request got no answer: the server may or may not have done it.
func (r loadRequest) unknown() bool { return r.answer.code == "transport_error" }

// refused is true when the connection was refused: the request never reached the server.
func (r loadRequest) refused() bool {
	return r.unknown() && strings.Contains(r.answer.body, "connection refused")
}

// load is the state the clients share.
type load struct {
	server    *serverProcess
	base      time.Time
	resources []int64
	sessions  []int64
	tokens    []string

	seq       atomic.Int64 // numbers the bookings' purposes
	answered  atomic.Int64
	inFlight  atomic.Int64
	killed    atomic.Bool
	killedAt  int64 // requests in flight when the kill was sent
	killedAns int64 // answers by then
}

// TestCrashMidLoad kills the server while people book, cancel and enrol, and checks on a
// restarted one that every request answered 201 (or 200 for a cancellation) holds, that no
// request answered with an error changed anything, and that the bookings, their claims and the
// sessions' seats and waitlists are whole whatever became of the requests left without answer.
func TestCrashMidLoad(t *testing.T) {
	t.Parallel()
	url := apptest.DatabaseURL(t)
	f := newFixture(t, url, loadClients)
	l := &load{base: raceDay(), tokens: f.tokens}
	for i, c := range loadCapacities {
		l.resources = append(l.resources, f.resource(t, fmt.Sprintf("crash load %d", i), c, 0))
	}
	for range loadSessions {
		l.sessions = append(l.sessions, f.session(t, loadSeats))
	}
	l.server = crashServer(t, url)
	reqs := l.run(t)
	tallyLoad(t, l, reqs)

	restarted := crashServer(t, url)
	checkIntegrity(t, f.db)
	users := userIDs(t, f.db, loadClients)
	checkLoadBookings(t, f.db, reqs, l.resources, users)
	checkLoadEnrolments(t, f.db, reqs, l.sessions, users)
	if checkClaims(t, f.db, "after the restart") == 0 {
		t.Error("no active booking after the restart, want those answered 201 and not cancelled")
	}
	checkLoadThroughAPI(t, restarted.URL, reqs, f.db, f.tokens)

	// The restarted server takes new bookings, claims and all.
	start := l.base.AddDate(0, 0, 5)
	body, _ := json.Marshal(bookingRequest{ResourceID: l.resources[0], StartAt: start, EndAt: start.Add(time.Hour), Seats: 1,
		Purpose: "崩溃后 after the crash", PurposeCategory: "research"})
	if _, err := post(http.DefaultClient, restarted.URL+"/api/v1/bookings", f.tokens[0], body, http.StatusCreated); err != nil {
		t.Errorf("a booking on the restarted server: %v", err)
	}
	checkClaims(t, f.db, "after a booking on the restarted server")
}

// run lets the clients loose and returns every request they sent once the server is dead.
func (l *load) run(t *testing.T) []loadRequest {
	t.Helper()
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: loadClients}}
	defer client.CloseIdleConnections()
	sent := make([][]loadRequest, loadClients)
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() { sent[c] = l.client(client, c) })
	}
	wg.Wait()
	if !l.killed.Load() {
		l.server.kill()
		t.Fatalf("the clients stopped after %d answers, before the kill at %d", l.answered.Load(), loadKillAfter)
	}
	return slices.Concat(sent...)
}

// client is one person of the load: it books random slots, cancels bookings it made and enrols
// in the sessions one by one, until the server is killed or stops answering.
func (l *load) client(hc *http.Client, c int) []loadRequest {
	rng := rand.New(rand.NewPCG(uint64(c), 2026))
	var sent []loadRequest
	var mine []int64 // bookings answered 201, not yet cancelled
	sessions := slices.Clone(l.sessions)
	for len(sent) < loadMaxEach && !l.killed.Load() {
		r := loadRequest{client: c, kind: loadBook}
		switch x := rng.IntN(100); {
		case x < 20 && len(mine) > 0:
			i := rng.IntN(len(mine))
			r.kind, r.bookingID = loadCancel, mine[i]
			mine = slices.Delete(mine, i, i+1)
		case x < 45 && len(sessions) > 0:
			i := rng.IntN(len(sessions))
			r.kind, r.sessionID = loadEnrol, sessions[i]
			sessions = slices.Delete(sessions, i, i+1)
		default:
			res := rng.IntN(len(l.resources))
			start := l.base.Add(time.Duration(rng.IntN(3))*24*time.Hour + time.Duration(rng.IntN(20))*30*time.Minute)
			r.booking = bookingRequest{ResourceID: l.resources[res], StartAt: start,
				EndAt: start.Add(time.Duration(1+rng.IntN(4)) * 30 * time.Minute), Seats: 1 + rng.IntN(loadCapacities[res]),
				Purpose: fmt.Sprintf("崩溃测试 crash load #%d", l.seq.Add(1)), PurposeCategory: "research"}
		}
		l.inFlight.Add(1)
		l.do(hc, &r)
		l.inFlight.Add(-1)
		sent = append(sent, r)
		if r.unknown() {
			return sent
		}
		if r.kind == loadBook && r.answer.status == http.StatusCreated {
			mine = append(mine, r.id)
		}
		if l.answered.Add(1) == loadKillAfter {
			l.kill()
		}
	}
	return sent
}

// kill kills the server once at least half the clients wait for an answer.
func (l *load) kill() {
	deadline := time.Now().Add(10 * time.Second) // a bound, should the clients have stopped
	for l.inFlight.Load() < loadClients/2 && time.Now().Before(deadline) {
		runtime.Gosched()
	}
	l.killedAt, l.killedAns = l.inFlight.Load(), l.answered.Load()
	l.server.kill()
	l.killed.Store(true)
}

// do sends the request as its client and records the answer.
func (l *load) do(hc *http.Client, r *loadRequest) {
	path, body := "/api/v1/bookings", []byte("{}")
	switch r.kind {
	case loadBook:
		body, _ = json.Marshal(r.booking)
	case loadCancel:
		path = fmt.Sprintf("/api/v1/bookings/%d/cancel", r.bookingID)
	case loadEnrol:
		path = fmt.Sprintf("/api/v1/course-sessions/%d/enrollments", r.sessionID)
	}
	req, err := http.NewRequest(http.MethodPost, l.server.URL+path, bytes.NewReader(body))
	if err != nil {
		r.answer = answer{code: "transport_error", body: err.Error()}
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+l.tokens[r.client])
	r.answer = send(hc, req)
	if r.answer.status != http.StatusCreated {
		return
	}
	var b struct {
		ID     int64                   `json:"id"`
		Status models.EnrollmentStatus `json:"status"`
		SeatNo *int                    `json:"seat_no"`
	}
	if err := json.Unmarshal([]byte(r.answer.body), &b); err == nil {
		r.id, r.enrolment, r.seatNo = b.ID, b.Status, b.SeatNo
	}
}

// tallyLoad logs what the requests got and fails the test for an answer a request must never
// get: a 500, or a 201 without an id.
func tallyLoad(t *testing.T, l *load, reqs []loadRequest) {
	t.Helper()
	byAnswer := map[string]int{}
	unknown, refused := 0, 0
	for _, r := range reqs {
		switch {
		case r.refused():
			refused++
		case r.unknown():
			unknown++
		case r.answer.status == http.StatusCreated && r.id == 0:
			t.Errorf("%s answered 201 without an id: %s", r.kind, r.answer.body)
		case r.answer.status >= 500 && r.answer.code != "busy":
			t.Errorf("%s answered %d: %s", r.kind, r.answer.status, r.answer.body)
		}
		if !r.unknown() {
			byAnswer[fmt.Sprintf("%s %d %s", r.kind, r.answer.status, r.answer.code)]++
		}
	}
	t.Logf("killed after %d answers with %d requests in flight; %d requests sent: %d answered %v, %d without an answer, %d refused after the kill",
		l.killedAns, l.killedAt, len(reqs), len(reqs)-unknown-refused, byAnswer, unknown, refused)
	if l.killedAt < loadClients/2 {
		t.Errorf("killed with %d requests in flight, want at least %d", l.killedAt, loadClients/2)
	}
}

// userIDs maps the first n racers' tokens' order (racer000, racer001, …) to their user ids.
func userIDs(t *testing.T, db *models.DB, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		var id int64
		if err := db.R(context.Background()).Table("users").Where("email = ?", fmt.Sprintf("racer%03d@race.test", i)).
			Pluck("id", &id).Error; err != nil || id == 0 {
			t.Fatalf("user racer%03d: %v", i, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// checkLoadBookings checks the bookings of the load's resources against the answers: each
// answered 201 is there as asked, cancelled when its cancellation was answered 200 and active
// when it was answered an error or never asked; none exists for a request answered an error or
// refused, and none that no request asked for.
func checkLoadBookings(t *testing.T, db *models.DB, reqs []loadRequest, resources []int64, users []int64) {
	t.Helper()
	var rows []models.Booking
	if err := db.R(context.Background()).Where("resource_id IN ?", resources).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	asked := map[string]loadRequest{}
	cancel := map[int64]loadRequest{}
	for _, r := range reqs {
		switch r.kind {
		case loadBook:
			asked[r.booking.Purpose] = r
		case loadCancel:
			cancel[r.bookingID] = r
		}
	}
	byID := map[int64]models.Booking{}
	fromUnknown := 0
	for _, b := range rows {
		byID[b.ID] = b
		r, ok := asked[b.Purpose]
		switch {
		case !ok:
			t.Errorf("booking %d (%q) was asked by no request of the load", b.ID, b.Purpose)
		case r.unknown() && !r.refused():
			fromUnknown++
		case r.answer.status != http.StatusCreated:
			t.Errorf("booking %d exists, its request answered %d %s (%s)", b.ID, r.answer.status, r.answer.code, r.answer.body)
		case r.id != b.ID:
			t.Errorf("booking %d holds the purpose of the request answered with booking %d", b.ID, r.id)
		}
		if ok && (b.ResourceID != r.booking.ResourceID || b.UserID != users[r.client] || b.Seats != r.booking.Seats ||
			!b.StartAt.Equal(r.booking.StartAt) || !b.EndAt.Equal(r.booking.EndAt)) {
			t.Errorf("booking %d is not what its request asked: got %+v, asked %+v by user %d", b.ID, b, r.booking, users[r.client])
		}
	}
	created := 0
	for _, r := range asked {
		if r.answer.status != http.StatusCreated {
			continue
		}
		created++
		b, ok := byID[r.id]
		if !ok {
			t.Errorf("booking %d, answered 201, is missing", r.id)
			continue
		}
		active := slices.Contains(models.ActiveBookingStatuses, b.Status)
		c, cancelAsked := cancel[r.id]
		switch {
		case cancelAsked && c.answer.status == http.StatusOK && b.Status != models.BookingCancelled:
			t.Errorf("booking %d, its cancellation answered 200, is %s", r.id, b.Status)
		case (!cancelAsked || (!c.unknown() && c.answer.status != http.StatusOK)) && !active:
			t.Errorf("booking %d is %s, want it active: its cancellation was not asked or answered %d", r.id, b.Status, c.answer.status)
		}
	}
	t.Logf("bookings after the restart: %d rows, %d answered 201, %d written by requests left without an answer",
		len(rows), created, fromUnknown)
}

// checkLoadEnrolments checks the enrolments of the load's sessions against the answers (each
// answered 201 there with its status and seat, none for a request answered an error, nobody
// twice) and invariant 2: no session holds more enrolled than seats, the seats and waitlist
// places are distinct, and nobody waits while a seat is free (nobody cancelled).
func checkLoadEnrolments(t *testing.T, db *models.DB, reqs []loadRequest, sessions []int64, users []int64) {
	t.Helper()
	var rows []models.Enrollment
	if err := db.R(context.Background()).Where("session_id IN ?", sessions).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	type key struct{ user, session int64 }
	asked := map[key]loadRequest{}
	for _, r := range reqs {
		if r.kind == loadEnrol {
			asked[key{users[r.client], r.sessionID}] = r
		}
	}
	found := map[key]models.Enrollment{}
	fromUnknown := 0
	type seats struct{ enrolled, waiting int }
	per := map[int64]*seats{}
	seatTaken, placeTaken := map[[2]int64]bool{}, map[[2]int64]bool{}
	for _, e := range rows {
		k := key{e.UserID, e.SessionID}
		if _, twice := found[k]; twice {
			t.Errorf("user %d is enrolled twice in session %d", e.UserID, e.SessionID)
		}
		found[k] = e
		r, ok := asked[k]
		switch {
		case !ok:
			t.Errorf("enrolment %d of user %d was asked by no request of the load", e.ID, e.UserID)
		case r.unknown() && !r.refused():
			fromUnknown++
		case r.answer.status != http.StatusCreated:
			t.Errorf("enrolment %d exists, its request answered %d %s", e.ID, r.answer.status, r.answer.code)
		case r.id != e.ID || r.enrolment != e.Status || (r.seatNo != nil) != (e.SeatNo != nil) || (r.seatNo != nil && *r.seatNo != *e.SeatNo):
			t.Errorf("enrolment %d is %s with seat %v, its answer was enrolment %d, %s with seat %v", e.ID, e.Status, e.SeatNo,
				r.id, r.enrolment, r.seatNo)
		}
		if per[e.SessionID] == nil {
			per[e.SessionID] = &seats{}
		}
		switch {
		case e.Status == models.EnrollmentEnrolled && e.SeatNo != nil && *e.SeatNo >= 1 && *e.SeatNo <= loadSeats &&
			e.QueueNo == nil && !seatTaken[[2]int64{e.SessionID, int64(*e.SeatNo)}]:
			per[e.SessionID].enrolled++
			seatTaken[[2]int64{e.SessionID, int64(*e.SeatNo)}] = true
		case e.Status == models.EnrollmentWaitlisted && e.SeatNo == nil && e.QueueNo != nil && !placeTaken[[2]int64{e.SessionID, int64(*e.QueueNo)}]:
			per[e.SessionID].waiting++
			placeTaken[[2]int64{e.SessionID, int64(*e.QueueNo)}] = true
		default:
			t.Errorf("enrolment %d is %s with seat %v and waitlist place %v: not a whole enrolment, or a seat or place taken twice",
				e.ID, e.Status, e.SeatNo, e.QueueNo)
		}
	}
	for k, r := range asked {
		if _, ok := found[k]; r.answer.status == http.StatusCreated && !ok {
			t.Errorf("enrolment %d of user %d in session %d, answered 201, is missing", r.id, k.user, k.session)
		}
	}
	var figures []string
	for _, s := range sessions {
		n := per[s]
		if n == nil {
			n = &seats{}
		}
		if n.enrolled > loadSeats || (n.waiting > 0 && n.enrolled < loadSeats) {
			t.Errorf("session %d: %d enrolled and %d waiting for %d seats", s, n.enrolled, n.waiting, loadSeats)
		}
		figures = append(figures, fmt.Sprintf("%d+%d", n.enrolled, n.waiting))
	}
	t.Logf("enrolments after the restart: %d rows, %d written by requests left without an answer; enrolled+waiting per session of %d seats: %s",
		len(rows), fromUnknown, loadSeats, strings.Join(figures, ", "))
}

// checkLoadThroughAPI reads every booking answered 201 back from the restarted server as its
// owner, and each person's enrolments, and compares them with the rows.
func checkLoadThroughAPI(t *testing.T, url string, reqs []loadRequest, db *models.DB, tokens []string) {
	t.Helper()
	ctx := context.Background()
	for _, r := range reqs {
		if r.kind != loadBook || r.answer.status != http.StatusCreated {
			continue
		}
		var b models.Booking
		if err := db.R(ctx).First(&b, r.id).Error; err != nil {
			continue // reported by checkLoadBookings
		}
		var got struct{ Status models.BookingStatus }
		if a := getJSON(t, url+fmt.Sprintf("/api/v1/bookings/%d", r.id), tokens[r.client], &got); a.status != http.StatusOK || got.Status != b.Status {
			t.Errorf("GET booking %d: got %d, status %q; want 200 and %q", r.id, a.status, got.Status, b.Status)
		}
	}
	users := userIDs(t, db, loadClients)
	for c, token := range tokens {
		var rows []models.Enrollment
		if err := db.R(ctx).Where("user_id = ?", users[c]).Order("id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var got struct {
			Items []enrolmentItem `json:"items"`
		}
		a := getJSON(t, url+"/api/v1/me/enrollments", token, &got)
		slices.SortFunc(got.Items, func(x, y enrolmentItem) int { return int(x.ID - y.ID) })
		ok := a.status == http.StatusOK && len(got.Items) == len(rows)
		for i := range rows {
			ok = ok && got.Items[i].ID == rows[i].ID && got.Items[i].Status == rows[i].Status
		}
		if !ok {
			t.Errorf("GET my enrolments as racer %d: got %d %s, want the %d rows %+v", c, a.status, a.body, len(rows), rows)
		}
	}
}

// enrolmentItem is what checkLoadThroughAPI reads of an enrolment in the API's list.
type enrolmentItem struct {
	ID     int64                   `json:"id"`
	Status models.EnrollmentStatus `json:"status"`
}
