package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	netmail "net/mail"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"cqshare/app/apptest"
	"cqshare/models"
)

// The outbox under a kill: outboxEmails wait; the server's send_email run is killed when the
// SMTP server has accepted outboxKillAfter of them, in the middle of a batch of 50.
const (
	outboxEmails    = 300
	outboxKillAfter = 120
	outboxBatch     = 50 // e-mails per SMTP connection, marked sent together (app/mail)
)

// TestCrashMidSendingDeliversEachEmailAtLeastOnce kills the server while its send_email run
// hands the outbox to an SMTP server. The outbox's guarantee (docs/notifications.md) is at least
// once: an e-mail is marked sent only after the SMTP server accepted it, and a batch is marked
// once it has been handed over. So after the restart and the next run every e-mail has been
// delivered, none lost; the only ones delivered twice are those the SMTP server had accepted in
// the batch the kill cut off (fewer than a batch), each the second time with the same
// Message-ID, so that mail clients show it once; every other e-mail is delivered exactly once.
func TestCrashMidSendingDeliversEachEmailAtLeastOnce(t *testing.T) {
	t.Parallel()
	url := apptest.DatabaseURL(t)
	f := newFixture(t, url, 4)
	f.makeAdmin(t, 0)
	queueEmails(t, f.db, outboxEmails)

	sink := startSink(t)
	smtpEnv := []string{"SMTP_HOST=127.0.0.1", "SMTP_PORT=" + strconv.Itoa(sink.port), "SMTP_TLS=none", "SMTP_FROM=noreply@example.cn"}
	killed := crashServer(t, url, smtpEnv...)
	kills := make(chan time.Time, 1)
	sink.killAt(outboxKillAfter, func() { killed.kill(); kills <- time.Now() })
	if a := runJob(t, killed.URL, f.tokens[0], "send_email"); a.code != "transport_error" {
		t.Fatalf("send_email: got %d %s, want no answer: the server killed mid-run", a.status, a.body)
	}
	var killedAt time.Time
	select {
	case killedAt = <-kills:
	case <-time.After(time.Minute):
		t.Fatal("the run ended without being killed")
	}
	cut := runningRun(t, f.db, "send_email", killed)
	checkIntegrity(t, f.db)

	// At the kill: every e-mail marked sent was accepted, and the accepted ones not yet marked
	// are fewer than a batch, none delivered twice.
	got := sink.received()
	if dup := duplicates(got); len(dup) > 0 {
		t.Fatalf("before the kill, e-mails %v were delivered twice", dup)
	}
	rows := outbox(t, f.db)
	var sentRows, acceptedPending []int64
	for _, e := range rows {
		switch {
		case e.Status == models.EmailSent && !slices.Contains(got, e.ID):
			t.Errorf("e-mail %d is marked sent, the SMTP server never accepted it", e.ID)
		case e.Status == models.EmailSent:
			sentRows = append(sentRows, e.ID)
		case e.Status == models.EmailPending && slices.Contains(got, e.ID):
			acceptedPending = append(acceptedPending, e.ID)
		}
	}
	t.Logf("killed after the SMTP server accepted %d e-mails: %d marked sent, %d accepted but still pending, %d pending",
		len(got), len(sentRows), len(acceptedPending), len(rows)-len(sentRows))
	if len(got) != outboxKillAfter || len(sentRows)+len(acceptedPending) != len(got) || len(acceptedPending) >= outboxBatch {
		t.Fatalf("at the kill: %d accepted, %d marked sent, %d accepted and pending; want %d accepted, each marked or pending, fewer than %d pending",
			len(got), len(sentRows), len(acceptedPending), outboxKillAfter, outboxBatch)
	}

	// Restarted: while the killed run's lease holds, the next run is refused; once it lapsed,
	// the next run sends every pending e-mail.
	server := crashServer(t, url, smtpEnv...)
	if a := runJob(t, server.URL, f.tokens[0], "send_email"); a.status != http.StatusConflict || a.code != "job_running" {
		t.Errorf("send_email while the killed run's lease holds: got %d %s, want 409 job_running", a.status, a.body)
	}
	checkLeftLease(t, f.db, "send_email", killed, killedAt)
	a := runJob(t, server.URL, f.tokens[0], "send_email")
	var run struct {
		Status string `json:"status"`
		Rows   int    `json:"rows"`
	}
	_ = json.Unmarshal([]byte(a.body), &run)
	if pending := outboxEmails - len(sentRows); a.status != http.StatusOK || run.Status != models.JobSucceeded || run.Rows != pending {
		t.Fatalf("send_email after the restart: got %d %s, want 200, succeeded, %d sent", a.status, a.body, pending)
	}
	checkInterruptedRun(t, f.db, "send_email", cut)

	// Every e-mail is sent and delivered, twice exactly those accepted and not marked at the kill.
	final := sink.received()
	for _, e := range outbox(t, f.db) {
		n := deliveries(final, e.ID)
		want := 1
		if slices.Contains(acceptedPending, e.ID) {
			want = 2
		}
		if e.Status != models.EmailSent || e.Attempts != 1 || n != want {
			t.Errorf("e-mail %d: %s after %d attempts, delivered %d times; want sent after 1, delivered %d times", e.ID, e.Status, e.Attempts, n, want)
		}
	}
	t.Logf("after the restart: %d deliveries of %d e-mails, %d of them twice", len(final), outboxEmails, len(duplicates(final)))
}

// queueEmails writes n e-mails to the outbox, due now, as notifications write them.
func queueEmails(t *testing.T, db *models.DB, n int) {
	t.Helper()
	ctx := context.Background()
	var users []models.User
	if err := db.R(ctx).Where("email LIKE ?", "racer%").Order("id").Find(&users).Error; err != nil || len(users) == 0 {
		t.Fatalf("users: %v", err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	emails := make([]models.Email, n)
	for i := range emails {
		u := users[i%len(users)]
		emails[i] = models.Email{UserID: u.ID, Kind: "booking_confirmed", ToAddress: u.Email,
			Subject: fmt.Sprintf("预约已确认 booking confirmed %d", i), Body: fmt.Sprintf("崩溃测试邮件 crash test e-mail %d", i),
			Status: models.EmailPending, NextAttemptAt: now.Add(-time.Minute), CreatedAt: now}
	}
	if err := db.W(ctx).CreateInBatches(&emails, 100).Error; err != nil {
		t.Fatalf("queue e-mails: %v", err)
	}
}

// outbox reads the outbox in order.
func outbox(t *testing.T, db *models.DB) []models.Email {
	t.Helper()
	var rows []models.Email
	if err := db.R(context.Background()).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// deliveries counts the deliveries of one e-mail.
func deliveries(ids []int64, id int64) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	return n
}

// duplicates lists the ids delivered more than once.
func duplicates(ids []int64) []int64 {
	seen := map[int64]int{}
	var out []int64
	for _, id := range ids {
		if seen[id]++; seen[id] == 2 {
			out = append(out, id)
		}
	}
	return out
}

// sink is an SMTP server that records the outbox row of each message it accepts, read from its
// Message-ID (outbox-ID.CREATED@host), and can run a function (the kill) when a message after
// the n-th begins: by then the sender has the n-th's acceptance.
type sink struct {
	port int

	mu     sync.Mutex
	got    []int64
	after  int
	onNext func()
}

func startSink(t *testing.T) *sink {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &sink{port: l.Addr().(*net.TCPAddr).Port}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 30*time.Second, 30*time.Second
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// killAt makes the sink call kill, once, when the message after the n-th begins.
func (s *sink) killAt(n int, kill func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.after, s.onNext = n, kill
}

// received lists the outbox rows of the messages accepted, in order.
func (s *sink) received() []int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.got)
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s}, nil }

type sinkSession struct{ s *sink }

func (ss *sinkSession) Reset()                               {}
func (ss *sinkSession) Logout() error                        { return nil }
func (ss *sinkSession) Rcpt(string, *smtp.RcptOptions) error { return nil }

func (ss *sinkSession) Mail(string, *smtp.MailOptions) error {
	s := ss.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.onNext != nil && len(s.got) == s.after {
		kill := s.onNext
		s.onNext = nil
		kill()
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "closing"}
	}
	return nil
}

func (ss *sinkSession) Data(r io.Reader) error {
	m, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, m.Body); err != nil {
		return err
	}
	var id int64
	if _, err := fmt.Sscanf(strings.Trim(m.Header.Get("Message-ID"), "<>"), "outbox-%d.", &id); err != nil {
		return fmt.Errorf("message-id %q: %w", m.Header.Get("Message-ID"), err)
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	ss.s.got = append(ss.s.got, id)
	return nil
}
