package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/models"
)

// write is one acknowledged write of the load: a booking made (201) or cancelled (200).
type write struct {
	racer     int
	bookingID int64
	cancel    bool
	sent      time.Time // when the request went out
	acked     time.Time // when its answer came back
}

// TestBackupUnderLoad backs up a live SQLite database with `server backup` while racers book and
// cancel through a running server, and goes on writing after it. The backup must hold every
// write acknowledged before the backup began and none sent after it ended, bookings and claims
// whole (invariant 1 and one claim per seat and slot of each active booking), and pass the
// integrity check; scripts/restore.sh then puts it in place and a server starts on it and answers.
func TestBackupUnderLoad(t *testing.T) {
	t.Parallel()
	if apptest.Engine() == models.MySQL {
		t.Skip("SKIPPED on MySQL/MariaDB: the server backs up SQLite only; a MySQL database is backed up by mysqldump (docs/backup.md)")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "app.db")
	url := "sqlite://" + dbPath
	const racers = 6
	var tokens []string
	var resources []int64
	t.Run("setup", func(t *testing.T) { // its cleanup closes the fixture's handles on the database
		f := newFixture(t, url, racers)
		for i := range racers {
			resources = append(resources, f.resource(t, fmt.Sprintf("backup load %d", i), 1, 0))
		}
		tokens = f.tokens
	})
	if len(resources) != racers {
		t.FailNow()
	}
	server := readyServer(t, url)

	// The load: each racer books the next half hour of its own resource and, holding 20, cancels
	// its oldest, until the backup has ended and each racer has had 3 writes acknowledged that it
	// sent after that.
	client := &http.Client{Timeout: time.Minute}
	var acked atomic.Int64
	var backupEnd atomic.Pointer[time.Time]
	enoughBefore := make(chan struct{})
	var once sync.Once
	writes := make([][]write, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for r := range racers {
		wg.Go(func() {
			errs[r] = loadRacer(client, server.URL, r, tokens[r], resources[r], &writes[r], func() bool {
				if acked.Add(1) >= 40 {
					once.Do(func() { close(enoughBefore) })
				}
				end := backupEnd.Load()
				after := 0
				for _, w := range writes[r] {
					if end != nil && w.sent.After(*end) {
						after++
					}
				}
				return after >= 3
			})
		})
	}
	backupPath := filepath.Join(dir, "backup.db")
	var backupStart time.Time
	var backupOut []byte
	var err error
	select {
	case <-enoughBefore:
		backupStart = time.Now()
		backupOut, err = serverCommand(url, "backup", backupPath)
		end := time.Now()
		backupEnd.Store(&end)
	case <-time.After(2 * time.Minute):
		err = errors.New("the load made fewer than 40 writes in 2 minutes")
		end := time.Now()
		backupEnd.Store(&end)
	}
	wg.Wait()
	if err != nil {
		t.Fatalf("server backup: %v\n%s", err, backupOut)
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("the load: %v", err)
	}
	if !strings.Contains(string(backupOut), "backup written: "+backupPath) || !strings.Contains(string(backupOut), "integrity ok") {
		t.Errorf("server backup printed %q, want the path written and the integrity check", backupOut)
	}
	if out, err := serverCommand(url, "backup", backupPath); err == nil || !strings.Contains(string(out), "already exists") {
		t.Errorf("a second backup to the same file: got %v, %q; want it refused, saying the file exists", err, out)
	}
	if out, err := serverCommand(url, "verify-backup", backupPath); err != nil || !strings.Contains(string(out), "integrity ok") {
		t.Fatalf("server verify-backup: %v\n%s", err, out)
	}

	// Restore through the script: refused while the server holds the database open (where
	// fuser tells), done once it is stopped.
	if _, err := exec.LookPath("fuser"); err == nil {
		if out, err := restoreScript(url, backupPath); exitCode(err) != 1 || !strings.Contains(string(out), "stop the server first") {
			t.Errorf("restore while the server runs: got %v, %q; want exit 1 asking to stop the server", err, out)
		}
	}
	server.stop()
	if out, err := restoreScript(url); exitCode(err) != 2 {
		t.Errorf("restore without a backup named: got %v, %q; want exit 2 and the usage", err, out)
	}
	out, err := restoreScript(url, backupPath)
	if err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	aside, _ := filepath.Glob(dbPath + ".before-restore-*")
	if len(aside) == 0 {
		t.Fatalf("restore left no previous database beside %s:\n%s", dbPath, out)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + suffix); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("after the restore %s%s exists (%v), want it moved aside", dbPath, suffix, err)
		}
	}

	var before, sentAfter, all []write
	for _, ws := range writes {
		for _, w := range ws {
			all = append(all, w)
			if w.acked.Before(backupStart) {
				before = append(before, w)
			}
			if w.sent.After(*backupEnd.Load()) {
				sentAfter = append(sentAfter, w)
			}
		}
	}
	t.Logf("%d writes: %d acknowledged before the backup, %d sent after it", len(all), len(before), len(sentAfter))
	if len(before) == 0 {
		t.Fatal("no write was acknowledged before the backup began")
	}
	checkSnapshot(t, dbPath, before, sentAfter, all)
	checkSnapshot(t, aside[0], all, nil, all) // the live database moved aside holds every write

	// A server on the restored database answers, with the sessions and bookings of the backup.
	server2 := readyServer(t, url)
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/bookings/%d", server2.URL, before[0].bookingID), nil)
	req.Header.Set("Authorization", "Bearer "+tokens[before[0].racer])
	if a := send(client, req); a.status != http.StatusOK {
		t.Errorf("GET a restored booking from the restored server: got %d %s, want 200", a.status, a.body)
	}
}

// loadRacer books the next half-hour of its resource as the token's user, cancelling its oldest
// booking once it holds 20, and records each acknowledged write, until enough says so after a
// write.
func loadRacer(client *http.Client, url string, racer int, token string, resourceID int64, writes *[]write, enough func() bool) error {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return err
	}
	day := raceDay().In(loc)
	first := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, loc)
	var active []int64
	for k := 0; ; k++ {
		start := first.AddDate(0, 0, k/28).Add(time.Duration(k%28) * 30 * time.Minute)
		body, _ := json.Marshal(bookingRequest{ResourceID: resourceID, StartAt: start, EndAt: start.Add(30 * time.Minute),
			Seats: 1, Purpose: "备份测试 backup test", PurposeCategory: "research"})
		w, err := post(client, url+"/api/v1/bookings", token, body, http.StatusCreated)
		if err != nil {
			return fmt.Errorf("book %s: %w", start, err)
		}
		w.racer = racer
		*writes = append(*writes, w)
		active = append(active, w.bookingID)
		if len(active) >= 20 {
			w, err := post(client, fmt.Sprintf("%s/api/v1/bookings/%d/cancel", url, active[0]), token, []byte("{}"), http.StatusOK)
			if err != nil {
				return fmt.Errorf("cancel booking %d: %w", active[0], err)
			}
			w.racer, w.cancel = racer, true
			*writes = append(*writes, w)
			active = active[1:]
		}
		if enough() {
			return nil
		}
	}
}

// post sends a JSON body as the token's user and returns the write it acknowledged, or an
// error when the answer is not the status wanted.
func post(client *http.Client, url, token string, body []byte, want int) (write, error) {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return write{}, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	w := write{sent: time.Now()}
	a := send(client, req)
	w.acked = time.Now()
	if a.status != want {
		return write{}, fmt.Errorf("got %d %s, want %d", a.status, a.body, want)
	}
	var b struct{ ID int64 }
	if err := json.Unmarshal([]byte(a.body), &b); err != nil || b.ID == 0 {
		return write{}, fmt.Errorf("answer %s names no booking (%v)", a.body, err)
	}
	w.bookingID = b.ID
	return w, nil
}

// checkSnapshot opens the database file and checks that it holds every write of must, none of
// mustNot, no booking the load did not make, and bookings and claims whole.
func checkSnapshot(t *testing.T, path string, must, mustNot, all []write) {
	t.Helper()
	ctx := context.Background()
	db, err := models.Open(models.SQLite, path, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows []struct {
		ID     int64
		Status string
	}
	if err := db.R(ctx).Table("bookings").Select("id, status").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	status := map[int64]string{}
	for _, r := range rows {
		status[r.ID] = r.Status
	}
	made := map[int64]bool{}
	for _, w := range all {
		made[w.bookingID] = true
	}
	for id := range status {
		if !made[id] {
			t.Errorf("%s: booking %d is not one the load made", path, id)
		}
	}
	for _, w := range must {
		switch s, ok := status[w.bookingID]; {
		case !ok:
			t.Errorf("%s: booking %d, acknowledged at %s, is missing", path, w.bookingID, w.acked.Format(time.StampMicro))
		case w.cancel && s != string(models.BookingCancelled):
			t.Errorf("%s: booking %d, its cancellation acknowledged, is %s, want cancelled", path, w.bookingID, s)
		}
	}
	for _, w := range mustNot {
		s, ok := status[w.bookingID]
		if (!w.cancel && ok) || (w.cancel && s == string(models.BookingCancelled)) {
			t.Errorf("%s: holds the write to booking %d (cancel %v) sent after the backup ended", path, w.bookingID, w.cancel)
		}
	}
	if checkClaims(t, db, path) == 0 {
		t.Errorf("%s: holds no active booking", path)
	}
}

// checkClaims fails the test unless the bookings of the database are whole: no instant
// overbooked (invariant 1), no claim of a booking that does not exist or is no longer active,
// and each active booking holding one claim per seat and slot (the tests' resources have no
// buffer). It returns how many active bookings it checked; label names the database in errors.
func checkClaims(t *testing.T, db *models.DB, label string) int {
	t.Helper()
	ctx := context.Background()
	if n, err := db.CountOverbookings(ctx); err != nil || n != 0 {
		t.Errorf("%s: got %d overbooked instants (%v), want 0", label, n, err)
	}
	var strayClaims int64
	if err := db.R(ctx).Raw("SELECT COUNT(*) FROM booking_claims c LEFT JOIN bookings b ON b.id = c.booking_id AND b.status IN ? WHERE b.id IS NULL",
		models.ActiveBookingStatuses).Scan(&strayClaims).Error; err != nil || strayClaims != 0 {
		t.Errorf("%s: got %d claims of no active booking (%v), want 0", label, strayClaims, err)
	}
	var claims []struct {
		ID             int64
		Seats          int64
		StartAt, EndAt time.Time
		N              int64
	}
	if err := db.R(ctx).Raw("SELECT b.id, b.seats, b.start_at, b.end_at, COUNT(c.booking_id) AS n FROM bookings b "+
		"LEFT JOIN booking_claims c ON c.booking_id = b.id WHERE b.status IN ? GROUP BY b.id, b.seats, b.start_at, b.end_at",
		models.ActiveBookingStatuses).Scan(&claims).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range claims {
		if want := c.Seats * models.ClaimSlotCount(c.StartAt, c.EndAt); c.N != want {
			t.Errorf("%s: active booking %d holds %d claims, want %d", label, c.ID, c.N, want)
		}
	}
	return len(claims)
}

// serverCommand runs the server binary with a subcommand on the database and returns its output.
func serverCommand(databaseURL string, args ...string) ([]byte, error) {
	cmd := exec.Command(serverBinary, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL)
	dieWithTest(cmd)
	return cmd.CombinedOutput()
}

// restoreScript runs scripts/restore.sh with the test's server binary.
func restoreScript(databaseURL string, args ...string) ([]byte, error) {
	cmd := exec.Command("bash", append([]string{filepath.Join("..", "..", "scripts", "restore.sh")}, args...)...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "SERVER="+serverBinary)
	dieWithTest(cmd)
	return cmd.CombinedOutput()
}

func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestBackupRefusesMySQL runs server backup on a MariaDB database: it refuses, printing the
// mysqldump command that backs it up, and writes no file.
func TestBackupRefusesMySQL(t *testing.T) {
	t.Parallel()
	url := apptest.NewMySQLDatabase(t) // skips without TEST_MYSQL_DSN, fails under CI=true
	path := filepath.Join(t.TempDir(), "backup.db")
	out, err := serverCommand(url, "backup", path)
	if exitCode(err) != 1 || !strings.Contains(string(out), "mysqldump --single-transaction --routines --triggers --hex-blob") {
		t.Fatalf("got %v, %q; want exit 1 and the mysqldump command", err, out)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got a file at %s (%v), want none", path, err)
	}
}

// TestBackupRefusals runs server backup and verify-backup with no file named, and backup on a
// database that does not exist: each refuses and creates neither the database nor the backup.
// scripts/restore.sh on a MySQL database prints the mysql line that loads a dump.
func TestBackupRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	path := filepath.Join(dir, "backup.db")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no file named", []string{"backup"}, "usage: server backup PATH"},
		{"two files named", []string{"backup", path, path + "2"}, "usage: server backup PATH"},
		{"no database", []string{"backup", path}, "no database to back up"},
		{"verify-backup without a file", []string{"verify-backup"}, "usage: server verify-backup PATH"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := serverCommand("sqlite://"+missing, c.args...)
			if exitCode(err) != 1 || !strings.Contains(string(out), c.want) {
				t.Fatalf("got %v, %q; want exit 1 saying %q", err, out, c.want)
			}
			for _, p := range []string{missing, path} {
				if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
					t.Fatalf("got a file at %s (%v), want none", p, err)
				}
			}
		})
	}
	out, err := restoreScript("mysql://cqshare:secret@tcp(127.0.0.1:3306)/cqshare?parseTime=true", "cqshare.sql")
	if exitCode(err) != 2 || !strings.Contains(string(out), "mysql --host=HOST --port=PORT --user=USER -p DATABASE < cqshare.sql") {
		t.Errorf("restore.sh on MySQL: got %v, %q; want exit 2 and the mysql line", err, out)
	}
}
