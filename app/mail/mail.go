// Package mail sends the e-mails of the outbox: core.Base.Notify writes each one in the
// transaction of the notification it tells of, and SendPending, the send_email job, hands them
// to a Mailer (an SMTP server, or the log when none is configured) and records how each went.
// docs/notifications.md tells the whole path.
package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Message is one e-mail as a Mailer sends it.
type Message struct {
	// ID is its Message-ID without the angle brackets, the same on every attempt, so a mail
	// client recognises a message sent again after a crash.
	ID      string
	To      string
	Subject string
	Body    string // plain text
	// Attachments are the files it carries, in order.
	Attachments []models.EmailAttachment
}

// Mailer sends a batch of messages and returns, for each, nil when the server accepted it or
// why it did not.
type Mailer interface {
	Send(ctx context.Context, batch []Message) []error
}

// How the job works through the outbox.
const (
	batchSize   = 50
	maxBatches  = 20 // a run sends at most this many batches; the next run goes on
	MaxAttempts = 10 // after this many failed attempts an e-mail is marked failed
	firstRetry  = time.Minute
	maxRetry    = 6 * time.Hour
	KeepFor     = 30 * 24 * time.Hour // sent and failed e-mails are purged after this
	maxErrorLen = 1000
)

// Service sends the outbox.
type Service struct {
	core.Base
	mailer Mailer
	domain string // of the Message-IDs
}

// New builds the mail service over a mailer.
func New(base core.Base, mailer Mailer) *Service {
	domain := "localhost"
	if u, err := url.Parse(base.PublicURL); err == nil && u.Hostname() != "" {
		domain = u.Hostname()
	}
	return &Service{Base: base, mailer: mailer, domain: domain}
}

// Backlog tells what waits in the outbox, for the metrics: the pending e-mails, the oldest
// one's age, and those given up.
func (s *Service) Backlog(ctx context.Context) (models.OutboxBacklog, error) {
	return s.DB.EmailOutboxBacklog(ctx)
}

// SendPending purges the e-mails sent or failed more than 30 days ago, then sends the pending
// ones that are due, in batches. An e-mail is marked sent only once the server accepted it; a
// refused one waits longer after each attempt (1 minute, doubling, at most 6 hours) and is marked
// failed after MaxAttempts. It returns how many rows it sent or purged.
func (s *Service) SendPending(ctx context.Context) (int64, error) {
	n, err := s.DB.PurgeEmails(ctx, s.Now().Add(-KeepFor))
	if err != nil {
		return 0, fmt.Errorf("purge e-mails: %w", err)
	}
	for range maxBatches {
		due, err := s.DB.DueEmails(ctx, s.Now(), batchSize)
		if err != nil || len(due) == 0 {
			return n, err
		}
		sent, err := s.sendBatch(ctx, due)
		n += sent
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// sendBatch sends due e-mails and records each outcome; it returns how many were sent.
func (s *Service) sendBatch(ctx context.Context, due []models.Email) (int64, error) {
	batch := make([]Message, len(due))
	for i, e := range due {
		batch[i] = Message{ID: s.messageID(e), To: e.ToAddress, Subject: e.Subject, Body: e.Body, Attachments: e.Attachments}
	}
	errs := s.mailer.Send(ctx, batch)
	var sent int64
	// Outcomes are recorded even when the job is being stopped: the server has answered.
	book := context.WithoutCancel(ctx)
	for i, e := range due {
		if errs[i] == nil {
			if err := s.DB.MarkEmailSent(book, e.ID, s.Now()); err != nil {
				return sent, fmt.Errorf("mark e-mail %d sent: %w", e.ID, err)
			}
			sent++
			continue
		}
		attempts := e.Attempts + 1
		status := models.EmailPending
		if attempts >= MaxAttempts {
			status = models.EmailFailed
		}
		s.Log.WarnContext(ctx, "e-mail not sent", "email_id", e.ID, "attempts", attempts, "status", status, "err", errs[i])
		if err := s.DB.RecordEmailFailure(book, e.ID, attempts, s.Now().Add(Backoff(attempts)), truncate(errs[i].Error()), status); err != nil {
			return sent, fmt.Errorf("record e-mail %d failure: %w", e.ID, err)
		}
	}
	return sent, nil
}

// Backoff is how long an e-mail waits after its n-th failed attempt.
func Backoff(n int) time.Duration {
	d := firstRetry
	for i := 1; i < n && d < maxRetry; i++ {
		d *= 2
	}
	return min(d, maxRetry)
}

// messageID is the e-mail's Message-ID: its row and the time it was written, so two databases
// (a test's, a restored backup's) never give two messages the same one.
func (s *Service) messageID(e models.Email) string {
	return fmt.Sprintf("outbox-%d.%d@%s", e.ID, e.CreatedAt.Unix(), s.domain)
}

func truncate(s string) string {
	if len(s) <= maxErrorLen {
		return s
	}
	return strings.ToValidUTF8(s[:maxErrorLen], "") // the cut may split a character
}

// LogMailer writes each message's recipient and subject to the log instead of sending it: the
// mailer when no SMTP server is configured.
type LogMailer struct{ Log *slog.Logger }

// Send logs the batch; every message counts as sent.
func (m LogMailer) Send(ctx context.Context, batch []Message) []error {
	for _, msg := range batch {
		m.Log.InfoContext(ctx, "e-mail (no SMTP server configured)", "to", msg.To, "subject", msg.Subject, "message_id", msg.ID,
			"attachments", len(msg.Attachments))
	}
	return make([]error, len(batch))
}
