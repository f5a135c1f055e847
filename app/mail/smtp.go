package mail

import (
	"bytes"
	"context"
	"fmt"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// TLS modes of the connection to the SMTP server.
const (
	TLSNone     = "none"     // plain text (a relay on the same host or network)
	TLSStartTLS = "starttls" // upgrade the connection, refusing a server that cannot
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
)

// SMTPConfig is the mail server the e-mails go through (SMTP_* settings).
type SMTPConfig struct {
	Host     string
	Port     int
	Username string // none: no authentication
	Password string
	From     string // the sender, "Name <address>" or an address
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
}

// SMTP sends through an SMTP server, one connection per batch.
type SMTP struct{ cfg SMTPConfig }

// NewSMTP builds the SMTP mailer; cfg is validated when the configuration is read.
func NewSMTP(cfg SMTPConfig) SMTP { return SMTP{cfg: cfg} }

// Send delivers the batch over one connection: a message's error is the server's answer to it,
// and when the connection cannot be opened every message has that error.
func (m SMTP) Send(ctx context.Context, batch []Message) []error {
	errs := make([]error, len(batch))
	msgs := make([]*gomail.Msg, len(batch))
	for i, b := range batch {
		msgs[i], errs[i] = m.message(b)
	}
	client, err := gomail.NewClient(m.cfg.Host, m.options()...)
	if err == nil {
		err = m.send(ctx, client, msgs)
	}
	for i, msg := range msgs {
		switch {
		case errs[i] != nil || msg == nil:
		case err != nil:
			errs[i] = err
		case msg.HasSendError():
			errs[i] = msg.SendError()
		}
	}
	return errs
}

// send dials and sends the messages that could be built; err is set when none could be tried.
func (m SMTP) send(ctx context.Context, client *gomail.Client, msgs []*gomail.Msg) error {
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", m.cfg.Host, err)
	}
	var ready []*gomail.Msg
	for _, msg := range msgs {
		if msg != nil {
			ready = append(ready, msg)
		}
	}
	// Each message's outcome is on the message; the joined error repeats them.
	_ = client.SendWithSMTPClient(conn, ready...)
	_ = client.CloseWithSMTPClient(conn) // the messages are accepted or not already
	return nil
}

func (m SMTP) options() []gomail.Option {
	opts := []gomail.Option{gomail.WithPort(m.cfg.Port), gomail.WithTimeout(30 * time.Second)}
	switch m.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if m.cfg.Username != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(m.cfg.Username), gomail.WithPassword(m.cfg.Password))
	}
	return opts
}

// message builds a plain-text message with its attachments; go-mail encodes a subject that is
// not ASCII (RFC 2047), the body (quoted-printable) and the files (base64, their names in RFC 2047 words).
func (m SMTP) message(b Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(m.cfg.From); err != nil {
		return nil, fmt.Errorf("sender %q: %w", m.cfg.From, err)
	}
	if err := msg.To(b.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	msg.SetMessageIDWithValue(b.ID)
	msg.SetDate()
	msg.SetGenHeader("Auto-Submitted", "auto-generated") // RFC 3834: no out-of-office replies
	msg.Subject(b.Subject)
	msg.SetBodyString(gomail.TypeTextPlain, b.Body)
	for _, a := range b.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Content), gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attachment %q: %w", a.Name, err)
		}
	}
	return msg, nil
}
