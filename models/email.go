package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// EmailStatus is where an e-mail of the outbox is: waiting to be sent, sent, or given up.
type EmailStatus string

// The e-mail statuses.
const (
	EmailPending EmailStatus = "pending"
	EmailSent    EmailStatus = "sent"
	EmailFailed  EmailStatus = "failed"
)

// Email is one e-mail of the outbox, worded when it was written and sent by a job.
type Email struct {
	ID            int64
	UserID        int64
	Kind          string
	ToAddress     string
	Subject       string
	Body          string
	Status        EmailStatus
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	SentAt        *time.Time
	CreatedAt     time.Time
	// Attachments are written with the e-mail and read with it when it is due.
	Attachments []EmailAttachment `gorm:"foreignKey:EmailID"`
}

// TableName is the outbox's table.
func (Email) TableName() string { return "email_outbox" }

// EmailAttachment is a file an e-mail of the outbox carries.
type EmailAttachment struct {
	ID          int64
	EmailID     int64
	Name        string
	ContentType string
	Content     []byte
}

// NotificationSetting says whether a user gets a notification kind by e-mail too; a kind
// without a row is sent.
type NotificationSetting struct {
	UserID int64  `gorm:"primaryKey;autoIncrement:false"`
	Kind   string `gorm:"primaryKey"`
	Email  bool
}

// EmailRecipient is what an e-mail to a user needs of them.
type EmailRecipient struct {
	Email    string
	Language string
	Active   bool
	OptedOut bool // the user turned e-mails of the kind off
}

// EmailRecipientOf reads a user's address and language, and whether they opted out of e-mails
// of the kind.
func (d *DB) EmailRecipientOf(ctx context.Context, userID int64, kind string) (EmailRecipient, error) {
	u, err := first[User](d.W(ctx).Select("email", "language", "active"), userID)
	if err != nil {
		return EmailRecipient{}, err
	}
	var off int64
	err = d.W(ctx).Model(&NotificationSetting{}).Where("user_id = ? AND kind = ? AND email = ?", userID, kind, false).
		Count(&off).Error
	return EmailRecipient{Email: u.Email, Language: u.Language, Active: u.Active, OptedOut: off > 0}, err
}

// CreateEmail adds an e-mail to the outbox, with its attachments.
func (d *DB) CreateEmail(ctx context.Context, e *Email) error {
	return d.W(ctx).Create(e).Error
}

// DueEmails lists pending e-mails whose next attempt is due, the longest waiting first.
func (d *DB) DueEmails(ctx context.Context, now time.Time, limit int) ([]Email, error) {
	var out []Email
	err := d.W(ctx).Preload("Attachments").Where("status = ? AND next_attempt_at <= ?", EmailPending, now.UTC()).
		Order("next_attempt_at, id").Limit(limit).Find(&out).Error
	return out, err
}

// MarkEmailSent records that the mail server accepted a pending e-mail.
func (d *DB) MarkEmailSent(ctx context.Context, id int64, now time.Time) error {
	return d.W(ctx).Model(&Email{}).Where("id = ? AND status = ?", id, EmailPending).
		Updates(map[string]any{"status": EmailSent, "sent_at": now.UTC(), "attempts": gorm.Expr("attempts + 1"), "last_error": ""}).Error
}

// RecordEmailFailure records a failed attempt of a pending e-mail: its count, the error, and
// either the next attempt or, with status failed, that there is none.
func (d *DB) RecordEmailFailure(ctx context.Context, id int64, attempts int, next time.Time, lastError string, status EmailStatus) error {
	return d.W(ctx).Model(&Email{}).Where("id = ? AND status = ?", id, EmailPending).
		Updates(map[string]any{"status": status, "attempts": attempts, "next_attempt_at": next.UTC(), "last_error": lastError}).Error
}

// OutboxBacklog is what waits in the e-mail outbox: the pending e-mails and the oldest one's
// creation (nil when none waits), and the failed ones kept until they are purged.
type OutboxBacklog struct {
	Pending       int64
	OldestPending *time.Time
	Failed        int64
}

// EmailOutboxBacklog counts the pending and failed e-mails of the outbox and finds the oldest
// pending one.
func (d *DB) EmailOutboxBacklog(ctx context.Context) (OutboxBacklog, error) {
	var counts []struct {
		Status EmailStatus
		N      int64
	}
	err := d.R(ctx).Model(&Email{}).Select("status, COUNT(*) AS n").Where("status IN ?", []EmailStatus{EmailPending, EmailFailed}).
		Group("status").Scan(&counts).Error
	if err != nil {
		return OutboxBacklog{}, err
	}
	var b OutboxBacklog
	for _, c := range counts {
		if c.Status == EmailPending {
			b.Pending = c.N
		} else {
			b.Failed = c.N
		}
	}
	if b.Pending == 0 {
		return b, nil
	}
	var oldest []Email
	err = d.R(ctx).Select("id", "created_at").Where("status = ?", EmailPending).Order("created_at, id").Limit(1).Find(&oldest).Error
	if err != nil || len(oldest) == 0 {
		return b, err
	}
	b.OldestPending = &oldest[0].CreatedAt
	return b, nil
}

// PurgeEmails deletes the sent and failed e-mails written before a time and returns how many.
func (d *DB) PurgeEmails(ctx context.Context, before time.Time) (int64, error) {
	res := d.W(ctx).Where("status IN ? AND created_at < ?", []EmailStatus{EmailSent, EmailFailed}, before.UTC()).
		Delete(&Email{})
	return res.RowsAffected, res.Error
}

// UserNotificationSettings lists a user's settings (only the kinds they changed).
func (d *DB) UserNotificationSettings(ctx context.Context, userID int64) ([]NotificationSetting, error) {
	var out []NotificationSetting
	err := d.R(ctx).Where("user_id = ?", userID).Order("kind").Find(&out).Error
	return out, err
}

// SaveNotificationSettings writes a user's settings of the kinds given.
func (d *DB) SaveNotificationSettings(ctx context.Context, settings []NotificationSetting) error {
	if len(settings) == 0 {
		return nil
	}
	return d.W(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "user_id"}, {Name: "kind"}},
		DoUpdates: clause.AssignmentColumns([]string{"email"}),
	}).Create(&settings).Error
}

// SetUserLanguage sets the language a user reads e-mails in.
func (d *DB) SetUserLanguage(ctx context.Context, userID int64, lang string, now time.Time) error {
	return d.W(ctx).Model(&User{}).Where("id = ?", userID).
		Updates(map[string]any{"language": lang, "updated_at": now.UTC()}).Error
}
