package mail_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"cqshare/app"
	"cqshare/app/accounts"
	"cqshare/app/apptest"
	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/app/mail"
	"cqshare/models"
)

// received is a message as the test's SMTP server got it, decoded.
type received struct {
	To, Subject, RawSubject, MessageID, Body string
	Files                                    []receivedFile
}

// receivedFile is an attachment of a received message.
type receivedFile struct {
	Name, Type string
	Content    []byte
}

// smtpServer is a real SMTP server on a free loopback port; it refuses the first refuse
// recipients with a temporary error.
type smtpServer struct {
	Port int

	mu     sync.Mutex
	refuse int
	got    []received
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{Port: l.Addr().(*net.TCPAddr).Port}
	srv := smtp.NewServer(s)
	srv.Domain = "localhost"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(func() { _ = srv.Close() })
	return s
}

// Refuse makes the server refuse the next n recipients.
func (s *smtpServer) Refuse(n int) { s.mu.Lock(); s.refuse = n; s.mu.Unlock() }

// Received returns what the server accepted so far.
func (s *smtpServer) Received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

func (s *smtpServer) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }

type session struct {
	srv *smtpServer
	to  string
}

func (s *session) Reset()                               { s.to = "" }
func (s *session) Logout() error                        { return nil }
func (s *session) Mail(string, *smtp.MailOptions) error { return nil }

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.refuse > 0 {
		s.srv.refuse--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.to = to
	return nil
}

func (s *session) Data(r io.Reader) error {
	m, err := netmail.ReadMessage(r)
	if err != nil {
		return err
	}
	got := received{To: s.to, RawSubject: m.Header.Get("Subject"), MessageID: m.Header.Get("Message-ID")}
	if got.Subject, err = new(mime.WordDecoder).DecodeHeader(got.RawSubject); err != nil {
		return err
	}
	media, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		return err
	}
	if !strings.HasPrefix(media, "multipart/") {
		body, err := decodePart(m.Header.Get("Content-Transfer-Encoding"), m.Body)
		if err != nil {
			return err
		}
		got.Body = strings.ReplaceAll(string(body), "\r\n", "\n")
	} else {
		parts := multipart.NewReader(m.Body, params["boundary"])
		for {
			p, err := parts.NextRawPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return err
			}
			content, err := decodePart(p.Header.Get("Content-Transfer-Encoding"), p)
			if err != nil {
				return err
			}
			// go-mail words a file's name in RFC 2047, as the mail clients of China read it.
			if name := p.FileName(); name != "" {
				if name, err = new(mime.WordDecoder).DecodeHeader(name); err != nil {
					return err
				}
				got.Files = append(got.Files, receivedFile{Name: name, Type: p.Header.Get("Content-Type"), Content: content})
			} else {
				got.Body = strings.ReplaceAll(string(content), "\r\n", "\n")
			}
		}
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	s.srv.got = append(s.srv.got, got)
	return nil
}

// decodePart reads a body or a part in its transfer encoding.
func decodePart(encoding string, r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		return io.ReadAll(quotedprintable.NewReader(strings.NewReader(string(raw))))
	case "base64":
		return base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(raw)), ""))
	}
	return raw, nil
}

// mailFixture is an App whose e-mails go to a test SMTP server, with a facility in Shanghai
// whose resource needs approval, and its manager.
type mailFixture struct {
	*apptest.Fixture
	smtp    *smtpServer
	res     models.Resource
	manager core.Actor
}

var shanghai = mustLoad("Asia/Shanghai")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func newMailFixture(t *testing.T) *mailFixture {
	t.Helper()
	srv := startSMTP(t)
	cfg := apptest.Config(t)
	cfg.PublicURL = "https://share.example.cn"
	cfg.SMTP = mail.SMTPConfig{Host: "127.0.0.1", Port: srv.Port, From: "共享平台 <noreply@example.cn>", TLS: mail.TLSNone}
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, shanghai)) // a Monday
	f := &apptest.Fixture{T: t, Ctx: context.Background(), Clock: clock}
	f.App = apptest.NewWithConfig(t, cfg, app.WithClock(clock.Now))
	f.DB = f.App.DB()
	fac := f.Facility("Asia/Shanghai")
	res := f.Resource(fac.ID, func(r *models.Resource) { r.RequiresApproval = true; r.Name = "激光切割机" })
	return &mailFixture{Fixture: f, smtp: srv, res: res, manager: f.User(models.RoleManager, fac.ID)}
}

// userIn inserts a student who reads e-mails in the language.
func (f *mailFixture) userIn(lang core.Lang) core.Actor {
	f.T.Helper()
	ac := f.User(models.RoleStudent)
	_, err := f.App.Accounts.SetNotificationSettings(f.Ctx, ac, accounts.NotificationSettings{Language: lang})
	f.Must(err)
	return ac
}

// approveBooking books Tuesday 10:00–11:00 for the user and has the manager approve it with a
// note: a booking_approved notification.
func (f *mailFixture) approveBooking(ac core.Actor, day int) {
	f.T.Helper()
	b := f.Book(ac, booking.Reservation{ResourceID: f.res.ID, StartAt: time.Date(2026, 3, 2+day, 10, 0, 0, 0, shanghai),
		EndAt: time.Date(2026, 3, 2+day, 11, 0, 0, 0, shanghai), Seats: 1, Purpose: "课程实验", PurposeCategory: "teaching"})
	_, err := f.App.Booking.ApproveBooking(f.Ctx, f.manager, b.ID, "请带实验服")
	f.Must(err)
}

func (f *mailFixture) send() int64 {
	f.T.Helper()
	n, err := f.App.Mail.SendPending(f.Ctx)
	f.Must(err)
	return n
}

func (f *mailFixture) outbox() []models.Email {
	f.T.Helper()
	var rows []models.Email
	f.Must(f.DB.W(f.Ctx).Order("id").Find(&rows).Error)
	return rows
}

func TestEmailArrivesInTheReadersLanguage(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	zh, en := f.userIn(core.ZH), f.userIn(core.EN)
	f.approveBooking(zh, 1)
	f.approveBooking(en, 2)
	if n := f.send(); n != 2 {
		t.Fatalf("sent %d e-mails, want 2", n)
	}
	got := f.smtp.Received()
	if len(got) != 2 {
		t.Fatalf("the server got %d messages, want 2: %+v", len(got), got)
	}
	rows := f.outbox()
	tests := []struct {
		name      string
		msg       received
		row       models.Email
		to        string
		subject   string
		bodyParts []string
	}{
		{"zh-CN", got[0], rows[0], zh.Email, "预约已批准：激光切割机", []string{
			"您对 激光切割机 在 2026年3月3日 10:00 至 2026年3月3日 11:00 的预约已获批准。",
			"管理员留言：请带实验服", "打开平台：https://share.example.cn", "通知设置"}},
		{"en", got[1], rows[1], en.Email, "Booking approved: 激光切割机", []string{
			"Your booking of 激光切割机, Mar 4, 2026 10:00 to Mar 4, 2026 11:00, has been approved.",
			"Note from the manager: 请带实验服", "Open the platform: https://share.example.cn", "Notification settings"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.msg.To != tt.to || tt.msg.Subject != tt.subject {
				t.Errorf("got a message to %s about %q, want to %s about %q", tt.msg.To, tt.msg.Subject, tt.to, tt.subject)
			}
			for _, part := range tt.bodyParts {
				if !strings.Contains(tt.msg.Body, part) {
					t.Errorf("body %q lacks %q", tt.msg.Body, part)
				}
			}
			if want := "outbox-"; !strings.Contains(tt.msg.MessageID, want) || !strings.HasSuffix(tt.msg.MessageID, "@share.example.cn>") {
				t.Errorf("got Message-ID %q, want <outbox-ID.TIME@share.example.cn>", tt.msg.MessageID)
			}
			if tt.row.Status != models.EmailSent || tt.row.SentAt == nil || tt.row.Attempts != 1 {
				t.Errorf("got outbox row %+v, want sent after one attempt", tt.row)
			}
		})
	}
	if !strings.HasPrefix(got[0].RawSubject, "=?") {
		t.Errorf("the Chinese subject went out as %q, want it RFC 2047 encoded", got[0].RawSubject)
	}
	if got[0].MessageID == got[1].MessageID {
		t.Errorf("two e-mails share the Message-ID %s", got[0].MessageID)
	}
	if n := f.send(); n != 0 || len(f.smtp.Received()) != 2 {
		t.Errorf("a second run sent %d more, want none", n)
	}
}

func TestOptedOutKindSendsNoEmail(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	ac := f.userIn(core.ZH)
	_, err := f.App.Accounts.SetNotificationSettings(f.Ctx, ac, accounts.NotificationSettings{Language: core.ZH,
		Kinds: []accounts.KindSetting{{Kind: booking.NotifyBookingApproved, Email: false}}})
	f.Must(err)
	f.approveBooking(ac, 1)
	f.send()
	if got := f.smtp.Received(); len(got) != 0 || len(f.outbox()) != 0 {
		t.Fatalf("got %d messages and %d outbox rows, want none for an opted-out kind", len(got), len(f.outbox()))
	}
	if n := f.Count(&models.Notification{}, "user_id = ? AND kind = ?", ac.UserID, booking.NotifyBookingApproved); n != 1 {
		t.Fatalf("got %d in-app notifications, want 1: opting out of e-mails keeps the in-app list", n)
	}
}

func TestRefusedEmailIsRetriedWithBackoff(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	ac := f.userIn(core.EN)
	f.approveBooking(ac, 1)
	f.smtp.Refuse(1)
	if n := f.send(); n != 0 {
		t.Fatalf("sent %d while the server refuses, want 0", n)
	}
	row := f.outbox()[0]
	if row.Status != models.EmailPending || row.Attempts != 1 || !row.NextAttemptAt.Equal(f.Clock.Now().Add(mail.Backoff(1))) ||
		!strings.Contains(row.LastError, "try again later") {
		t.Fatalf("got %+v, want pending, one attempt, the next in %s, the server's answer kept", row, mail.Backoff(1))
	}
	if n := f.send(); n != 0 || len(f.smtp.Received()) != 0 {
		t.Fatalf("sent %d before the backoff passed, want 0", n)
	}
	f.Clock.Advance(mail.Backoff(1))
	if n := f.send(); n != 1 || len(f.smtp.Received()) != 1 {
		t.Fatalf("after the backoff: sent %d, the server got %d; want 1", n, len(f.smtp.Received()))
	}
	if row := f.outbox()[0]; row.Status != models.EmailSent || row.Attempts != 2 || row.LastError != "" {
		t.Fatalf("got %+v, want sent on the second attempt", row)
	}
}

func TestEmailGivenUpAfterMaxAttempts(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	f.approveBooking(f.userIn(core.ZH), 1)
	f.smtp.Refuse(mail.MaxAttempts)
	for i := range mail.MaxAttempts {
		f.send()
		f.Clock.Advance(mail.Backoff(i + 1))
	}
	row := f.outbox()[0]
	if row.Status != models.EmailFailed || row.Attempts != mail.MaxAttempts {
		t.Fatalf("got %+v, want failed after %d attempts", row, mail.MaxAttempts)
	}
	f.Clock.Advance(31 * 24 * time.Hour)
	f.send()
	if n := len(f.outbox()); n != 0 || len(f.smtp.Received()) != 0 {
		t.Fatalf("after 31 days: %d outbox rows, %d messages; want the failed row purged, nothing sent", n, len(f.smtp.Received()))
	}
}

func TestEmailLandsWithItsTransaction(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	ac := f.userIn(core.ZH)
	data := map[string]any{"booking_id": 1, "resource_name": "激光切割机", "start_at": f.Clock.Now().In(shanghai),
		"end_at": f.Clock.Now().In(shanghai).Add(time.Hour)}
	rollback := errors.New("the change failed")
	err := f.App.Booking.Tx(f.Ctx, func(ctx context.Context) error {
		if err := f.App.Booking.Notify(ctx, ac.UserID, booking.NotifyHoldExpired, data); err != nil {
			return err
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatalf("got %v, want the caller's error", err)
	}
	count := func() (notes, emails int64) {
		return f.Count(&models.Notification{}, "user_id = ?", ac.UserID), f.Count(&models.Email{}, "user_id = ?", ac.UserID)
	}
	if n, e := count(); n != 0 || e != 0 {
		t.Fatalf("after a rollback: %d notifications, %d e-mails; want none", n, e)
	}
	f.Must(f.App.Booking.Tx(f.Ctx, func(ctx context.Context) error {
		return f.App.Booking.Notify(ctx, ac.UserID, booking.NotifyHoldExpired, data)
	}))
	if n, e := count(); n != 1 || e != 1 {
		t.Fatalf("after a commit: %d notifications, %d e-mails; want one of each", n, e)
	}
}

func TestKindWithoutEmailWordingSendsNoEmail(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	ac := f.userIn(core.ZH)
	f.Must(f.App.Booking.Notify(f.Ctx, ac.UserID, "some_future_kind", nil))
	if n := f.Count(&models.Email{}, "user_id = ?", ac.UserID); n != 0 {
		t.Fatalf("got %d e-mails for a kind the catalogue does not word, want none", n)
	}
}

// TestAttachmentArrives: a file attached to a notice's e-mail reaches the server with its
// Chinese name, its type and its bytes, beside the body.
func TestAttachmentArrives(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	zh := f.userIn(core.ZH)
	content := []byte("PK\x03\x04 a workbook's bytes, \x00 and all")
	const name = "利用率月报-2026-03-facility-1.xlsx"
	const kind = "report_monthly"
	files := func(l core.Lang) ([]models.EmailAttachment, error) {
		if l != core.ZH {
			t.Errorf("the files were made in %s, want the reader's zh-CN", l)
		}
		return []models.EmailAttachment{{Name: name, ContentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Content: content}}, nil
	}
	data := map[string]any{"month": "2026-03", "name": core.Named{Name: "实训中心", NameEn: "Training center"}, "effective_hours": "12.50",
		"utilization": "40.0%", "bookings": 7}
	f.Must(f.App.Reports.NotifyAttaching(f.Ctx, zh.UserID, kind, data, files))
	if n := f.send(); n != 1 {
		t.Fatalf("sent %d e-mails, want 1", n)
	}
	got := f.smtp.Received()
	if len(got) != 1 || len(got[0].Files) != 1 {
		t.Fatalf("the server got %+v, want one message with one file", got)
	}
	file := got[0].Files[0]
	if file.Name != name || !strings.HasPrefix(file.Type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") ||
		!bytes.Equal(file.Content, content) {
		t.Errorf("got the file %q (%s, %q), want %q with its bytes", file.Name, file.Type, file.Content, name)
	}
	if !strings.Contains(got[0].Body, "实训中心") || !strings.Contains(got[0].Subject, "2026-03 利用率月报") {
		t.Errorf("subject %q, body %q; want the monthly report's in Chinese", got[0].Subject, got[0].Body)
	}
}

// TestOutboxBacklog counts what waits in the outbox as e-mails are written, sent, refused and
// given up: the pending ones with the oldest one's creation, and the failed ones.
func TestOutboxBacklog(t *testing.T) {
	t.Parallel()
	f := newMailFixture(t)
	backlog := func() models.OutboxBacklog {
		t.Helper()
		b, err := f.App.Mail.Backlog(f.Ctx)
		f.Must(err)
		return b
	}
	if b := backlog(); b != (models.OutboxBacklog{}) {
		t.Fatalf("empty outbox: got %+v, want nothing", b)
	}
	ac := f.userIn(core.EN)
	f.approveBooking(ac, 1)
	first := f.outbox()[0].CreatedAt
	f.Clock.Advance(time.Minute)
	f.approveBooking(ac, 2)
	if b := backlog(); b.Pending != 2 || b.OldestPending == nil || !b.OldestPending.Equal(first) || b.Failed != 0 {
		t.Fatalf("two written: got %+v, want 2 pending, the oldest written at %v", b, first)
	}
	// Each round tries the older first: it is refused every time, the newer but on the last.
	f.smtp.Refuse(2*mail.MaxAttempts - 1)
	for i := range mail.MaxAttempts {
		f.send()
		f.Clock.Advance(mail.Backoff(i + 1))
	}
	if b := backlog(); b.Pending != 0 || b.OldestPending != nil || b.Failed != 1 {
		t.Fatalf("one given up, one sent: got %+v, want none pending and 1 failed", b)
	}
}
