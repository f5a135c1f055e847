package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

// Invariant 2 across server processes: 500 people released together by a barrier, spread
// round-robin over three copies of the real binary on one database, enrol in a session of 30
// seats: exactly 30 get a seat, the other 470 the waitlist places 1..470, nobody twice.

const rushPeople, rushSeats = 500, 30

func TestEnrolmentRushMultiProcessSQLite(t *testing.T) {
	t.Parallel()
	url := "sqlite://" + filepath.Join(t.TempDir(), "shared.db")
	f := newFixture(t, url, rushPeople)
	runRush(t, f, startServers(t, url, url, url))
}

func TestEnrolmentRushMultiProcessMariaDB(t *testing.T) {
	t.Parallel()
	url := apptest.NewMySQLDatabase(t) // skips without TEST_MYSQL_DSN, fails under CI=true
	f := newFixture(t, url, rushPeople)
	runRush(t, f, startServers(t, url, url, url))
}

// session creates a published course at a new training base and a session of it with the seats,
// open for enrolment now, meeting the race day.
func (f *fixture) session(t *testing.T, seats int) int64 {
	t.Helper()
	ctx := context.Background()
	w := f.db.W(ctx)
	var fac models.Facility
	if err := w.First(&fac, f.facilityID).Error; err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	base := models.Facility{ConsortiumID: fac.ConsortiumID, Kind: models.KindTrainingBase, Name: "并发测试培训基地",
		NameEn: "Concurrency test training base", TimeZone: "Asia/Shanghai", OpeningHours: fac.OpeningHours,
		DefaultRules: fac.DefaultRules, CreatedAt: now, UpdatedAt: now}
	course := models.Course{Title: "并发报名测试", Level: "beginner", Hours: 8, Status: models.CoursePublished, CreatedAt: now, UpdatedAt: now}
	var instructor models.User
	err := w.Create(&base).Error
	if err == nil {
		course.FacilityID = base.ID
		err = w.Create(&course).Error
	}
	if err == nil {
		err = w.Where("email = ?", "racer000@race.test").First(&instructor).Error
	}
	start := raceDay()
	s := models.CourseSession{CourseID: course.ID, InstructorID: instructor.ID, Seats: seats, StartAt: start, EndAt: start.Add(3 * time.Hour),
		EnrollOpensAt: now.Add(-time.Hour), EnrollClosesAt: start, CancelDeadline: start.Add(-time.Hour), Audience: models.AudienceOpen,
		Status: models.SessionScheduled, CreatedAt: now, UpdatedAt: now}
	if err == nil {
		err = w.Create(&s).Error
	}
	if err == nil {
		err = w.Create(&models.SessionMeeting{SessionID: s.ID, StartAt: s.StartAt, EndAt: s.EndAt, SigninSecret: "race"}).Error
	}
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	if f.synced != nil {
		f.synced(t)
	}
	return s.ID
}

// enrol sends one enrolment, and sends it again after a 503 busy, as a client told to retry
// does: a busy answer changes nothing (invariant 3), which the rows checked afterwards show, since
// a retried request that had enrolled would be answered 409. SQLite answers busy when several
// processes queue for its one writer longer than the retries last.
func enrol(client *http.Client, url, token string, busy *atomic.Int64) answer {
	for range 20 {
		req, err := http.NewRequest(http.MethodPost, url, strings.NewReader("{}"))
		if err != nil {
			return answer{code: "bad_request", body: err.Error()}
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		a := send(client, req)
		if a.status != http.StatusServiceUnavailable || a.code != "busy" {
			return a
		}
		busy.Add(1)
		time.Sleep(100 * time.Millisecond)
	}
	return answer{status: http.StatusServiceUnavailable, code: "busy", body: "busy 20 times"}
}

// runRush sends every racer's enrolment at once, round-robin over the servers, and checks the
// answers and the rows.
func runRush(t *testing.T, f *fixture, urls []string) {
	sessionID := f.session(t, rushSeats)
	client := &http.Client{Timeout: 2 * time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: len(f.tokens), DisableCompression: true}}
	defer client.CloseIdleConnections()
	answers := make([]answer, len(f.tokens))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	var busy atomic.Int64
	for i, token := range f.tokens {
		url := fmt.Sprintf("%s/api/v1/course-sessions/%d/enrollments", urls[i%len(urls)], sessionID)
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			answers[i] = enrol(client, url, token, &busy)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	if n := busy.Load(); n > 0 {
		t.Logf("%d answers were 503 busy and sent again", n)
	}

	enrolled := 0
	var positions []int
	for _, a := range answers {
		if a.status != http.StatusCreated {
			t.Fatalf("got %d %s: %s, want 201", a.status, a.code, a.body)
		}
		var e struct {
			Status   string `json:"status"`
			Position *int   `json:"position"`
		}
		if err := json.Unmarshal([]byte(a.body), &e); err != nil {
			t.Fatal(err)
		}
		switch {
		case e.Status == "enrolled":
			enrolled++
		case e.Status == "waitlisted" && e.Position != nil:
			positions = append(positions, *e.Position)
		default:
			t.Fatalf("got %s", a.body)
		}
	}
	slices.Sort(positions)
	if enrolled != rushSeats || len(positions) != rushPeople-rushSeats || positions[0] != 1 || positions[len(positions)-1] != len(positions) ||
		len(slices.Compact(positions)) != rushPeople-rushSeats {
		t.Fatalf("got %d enrolled and waitlist positions %v…%v, want %d and 1..%d each once", enrolled,
			positions[:min(3, len(positions))], positions[max(0, len(positions)-3):], rushSeats, rushPeople-rushSeats)
	}
	var rows []models.Enrollment
	if err := f.db.R(context.Background()).Where("session_id = ?", sessionID).Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	people, seats := map[int64]bool{}, 0
	for _, e := range rows {
		if people[e.UserID] {
			t.Fatalf("user %d enrolled twice", e.UserID)
		}
		people[e.UserID] = true
		if e.SeatNo != nil {
			seats++
		}
	}
	if len(rows) != rushPeople || seats != rushSeats {
		t.Fatalf("rows: got %d enrolments, %d with a seat; want %d and %d", len(rows), seats, rushPeople, rushSeats)
	}
}
