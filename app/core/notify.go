package core

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"cqshare/models"
)

// NotificationKinds lists every kind of notification, in the order the settings show them. A
// kind is also sent by e-mail when the catalogue words it: email.<kind>.subject and
// email.<kind>.body, worded from the notification's data.
var NotificationKinds = []string{
	"hold_offered", "hold_expired",
	"booking_approved", "booking_rejected", "booking_cancelled", "booking_no_show",
	"enrollment_promoted", "session_changed", "session_cancelled", "course_result",
	"session_reminder", "qualification_expiring",
	"service_submitted", "service_quoted", "service_rejected", "service_accepted", "service_declined",
	"service_cancelled", "service_started", "service_delivered", "service_revision", "service_closed",
	"service_rated", "service_response_overdue", "service_due_overdue", "service_reply_overdue",
	"service_message", "report_monthly",
	"talent_shortlisted", "talent_accepted", "talent_declined",
}

// maxSubject bounds an e-mail's subject, in characters (a resource's name is in it).
const maxSubject = 200

// Notify adds an entry of a kind to a user's in-app notification list, and an e-mail to the
// outbox unless the user turned e-mails of the kind off. The reader's screen words the entry
// from the kind and data (IDs it links to, times, a note), in the reader's language; the e-mail
// is worded now, in the language the user chose. Called inside a transaction both land, or not,
// with the change they tell of. Give times in the facility's time zone: the e-mail words them as
// they are.
func (b Base) Notify(ctx context.Context, userID int64, kind string, data map[string]any) error {
	return b.NotifyAttaching(ctx, userID, kind, data, nil)
}

// Attach makes the files an e-mail carries, in the reader's language; it is called only when
// an e-mail is sent.
type Attach func(Lang) ([]models.EmailAttachment, error)

// NotifyAttaching is Notify with files attached to the e-mail (none when files is nil).
func (b Base) NotifyAttaching(ctx context.Context, userID int64, kind string, data map[string]any, files Attach) error {
	if data == nil {
		data = map[string]any{}
	}
	n := models.Notification{UserID: userID, Kind: kind, Data: models.JSONColumn[map[string]any]{V: data}, CreatedAt: b.Now()}
	if err := b.DB.CreateNotification(ctx, &n); err != nil {
		return fmt.Errorf("notify user %d: %w", userID, err)
	}
	if err := b.enqueueEmail(ctx, userID, kind, data, files); err != nil {
		return fmt.Errorf("e-mail user %d: %w", userID, err)
	}
	return nil
}

// enqueueEmail words the e-mail of a notification in the user's language and adds it to the
// outbox with its files; a kind the catalogue has no e-mail for, an inactive user and an
// opted-out kind send nothing.
func (b Base) enqueueEmail(ctx context.Context, userID int64, kind string, data map[string]any, files Attach) error {
	subjectKey := "email." + kind + ".subject"
	if !Has(subjectKey) {
		return nil
	}
	r, err := b.DB.EmailRecipientOf(ctx, userID, kind)
	if err != nil || r.OptedOut || !r.Active || r.Email == "" {
		return err
	}
	lang := LangOf(r.Language)
	body := []string{lang.Say(Text{Key: "email." + kind + ".body", Params: data})}
	if note, _ := data["note"].(string); strings.TrimSpace(note) != "" {
		body = append(body, lang.Say(T("email.note", "note", strings.TrimSpace(note))))
	}
	body = append(body, lang.Say(T("email.footer", "url", b.PublicURL)))
	var attachments []models.EmailAttachment
	if files != nil {
		if attachments, err = files(lang); err != nil {
			return err
		}
	}
	now := b.Now()
	return b.DB.CreateEmail(ctx, &models.Email{UserID: userID, Kind: kind, ToAddress: r.Email,
		Subject: subjectLine(lang.Say(Text{Key: subjectKey, Params: data})), Body: strings.Join(body, "\n\n"),
		Status: models.EmailPending, NextAttemptAt: now, CreatedAt: now, Attachments: attachments})
}

// subjectLine keeps a subject on one line and within maxSubject characters.
func subjectLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= maxSubject {
		return s
	}
	return string([]rune(s)[:maxSubject-1]) + "…"
}

// LangOf is the language a stored code names, the default for any other.
func LangOf(code string) Lang {
	if Lang(code) == EN {
		return EN
	}
	return ZH
}
