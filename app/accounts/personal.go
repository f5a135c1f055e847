package accounts

import (
	"context"
	"io"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Personal data, as China's Personal Information Protection Law (个人信息保护法) asks of the
// platform: a person may have a copy of everything it holds about them (PersonalData), an
// administrator may anonymise an account on its owner's request (Anonymize) without changing
// the statistics, and records that name people are deleted after their retention period
// (PurgeNotifications, PurgeAuditLogs; the rest in app.RetentionPolicies).

// PersonalData is a person's data: every row the platform holds about them, table by table.
type PersonalData struct {
	UserID     int64
	ExportedAt time.Time
	Tables     []models.PersonalTable
}

// PersonalData reads everything the platform holds about a user, for the user themselves or an
// administrator; an administrator's export of someone else's data is audited.
func (s *Service) PersonalData(ctx context.Context, ac core.Actor, userID int64) (PersonalData, error) {
	if ac.UserID != userID && !ac.IsAdmin() {
		return PersonalData{}, core.ErrNotFound
	}
	if _, err := s.DB.UserByID(ctx, userID); err != nil {
		return PersonalData{}, core.NotFound(err)
	}
	out := PersonalData{UserID: userID, ExportedAt: s.Now()}
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		if out.Tables, err = s.DB.PersonalRows(ctx, userID); err != nil {
			return err
		}
		if ac.UserID == userID {
			return nil
		}
		return s.Audit(ctx, ac, "user.export", core.AuditUser, userID, map[string]any{})
	})
	return out, err
}

// WritePersonalXLSX writes a person's data as a workbook: a sheet per table that holds rows
// about them, named in l, its columns the database's own field names.
func WritePersonalXLSX(w io.Writer, d PersonalData, l core.Lang) error {
	sheets := make([]core.Table, 0, len(d.Tables))
	for _, t := range d.Tables {
		sheets = append(sheets, core.Table{Sheet: l.Say(core.T("personal.table." + t.Name)), Header: t.Columns, Rows: t.Rows})
	}
	return core.WriteXLSX(w, sheets...)
}

// Anonymize removes what identifies a person from their account, on their request (admins):
// their name, e-mail address and password, sign-ins, notifications and settings go; their
// bookings, enrolments, results and requests stay under the anonymous account, so reports and
// the league table do not change. An administrator cannot anonymise their own account, and an
// account anonymised before is a 409 invalid_transition.
func (s *Service) Anonymize(ctx context.Context, ac core.Actor, userID int64) (UserView, error) {
	if !ac.IsAdmin() {
		return UserView{}, core.ErrForbidden
	}
	if userID == ac.UserID {
		return UserView{}, core.RuleError("id", "self", "accounts.anonymize_self")
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		u, err := s.DB.UserByID(ctx, userID)
		if err != nil {
			return core.NotFound(err)
		}
		done, err := s.DB.AnonymizeUser(ctx, userID, s.Now())
		if err != nil {
			return err
		}
		if !done {
			return core.ErrInvalidTransition.Say("accounts.anonymized")
		}
		// The record says that it happened and to which account, not who the person was.
		return s.Audit(ctx, ac, "user.anonymize", core.AuditUser, userID, map[string]any{"role": u.Role,
			"organization_id": u.OrganizationID})
	})
	if err != nil {
		return UserView{}, err
	}
	return s.User(ctx, ac, userID)
}

// PurgeNotifications deletes the in-app notifications older than their retention period (a
// housekeeping job) and returns how many.
func (s *Service) PurgeNotifications(ctx context.Context) (int64, error) {
	return s.DB.DeleteNotificationsBefore(ctx, s.Now().Add(-s.cfg.Retention.Notifications))
}

// PurgeAuditLogs deletes the audit records older than their retention period (a housekeeping
// job) and returns how many.
func (s *Service) PurgeAuditLogs(ctx context.Context) (int64, error) {
	return s.DB.DeleteAuditLogsBefore(ctx, s.Now().Add(-s.cfg.Retention.AuditLogs))
}
