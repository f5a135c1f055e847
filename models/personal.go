package models

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// personalSource is a table that holds rows about a person, found by one column, and the
// columns never handed out with them (secrets: hashes of tokens and passwords).
type personalSource struct {
	Table, Column string
	Secret        []string
}

// personalSources are the tables of rows a person's data export holds, in the order it lists
// them: what they are (the account), what they did (bookings, enrolments, requests, messages),
// what was said to them (notifications, e-mails) and what they did as staff (audit records).
var personalSources = []personalSource{
	{Table: "users", Column: "id", Secret: []string{"password_hash"}},
	{Table: "sessions", Column: "user_id", Secret: []string{"token_hash", "csrf_token"}},
	{Table: "facility_managers", Column: "user_id"},
	{Table: "bookings", Column: "user_id"},
	{Table: "recurrences", Column: "user_id"},
	{Table: "slot_watches", Column: "user_id"},
	{Table: "credit_events", Column: "user_id"},
	{Table: "user_qualifications", Column: "user_id"},
	{Table: "enrollments", Column: "user_id"},
	{Table: "certificates", Column: "user_id"},
	{Table: "service_requests", Column: "requester_id"},
	{Table: "service_messages", Column: "author_id"},
	{Table: "service_ratings", Column: "rated_by"},
	{Table: "charges", Column: "user_id"},
	{Table: "notifications", Column: "user_id"},
	{Table: "notification_settings", Column: "user_id"},
	{Table: "email_outbox", Column: "user_id"},
	{Table: "calendar_feeds", Column: "user_id", Secret: []string{"token_hash"}},
	{Table: "audit_logs", Column: "actor_id"},
}

// PersonalTable is a table's rows about one person, each row's cells in Columns' order.
type PersonalTable struct {
	Name    string
	Columns []string
	Rows    [][]any
}

// PersonalRows reads every row the platform holds about a person, table by table in the order
// of personalSources, secrets left out. Text comes back as strings and times in UTC, whatever
// the engine.
func (d *DB) PersonalRows(ctx context.Context, userID int64) ([]PersonalTable, error) {
	out := make([]PersonalTable, 0, len(personalSources))
	for _, src := range personalSources {
		t, err := d.personalTable(ctx, src, userID)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", src.Table, err)
		}
		out = append(out, t)
	}
	return out, nil
}

func (d *DB) personalTable(ctx context.Context, src personalSource, userID int64) (PersonalTable, error) {
	t := PersonalTable{Name: src.Table, Rows: [][]any{}}
	rows, err := d.R(ctx).Table(src.Table).Where(src.Column+" = ?", userID).Order("1").Rows()
	if err != nil {
		return t, err
	}
	defer func() { _ = rows.Close() }()
	columns, err := rows.Columns()
	if err != nil {
		return t, err
	}
	var keep []int
	for i, c := range columns {
		if !slices.Contains(src.Secret, c) {
			keep = append(keep, i)
			t.Columns = append(t.Columns, c)
		}
	}
	for rows.Next() {
		cells := make([]any, len(columns))
		ptrs := make([]any, len(columns))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return t, err
		}
		row := make([]any, 0, len(keep))
		for _, i := range keep {
			row = append(row, personalCell(cells[i]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t, rows.Err()
}

// personalCell is a scanned value as an export shows it: bytes as text, times in UTC.
func personalCell(v any) any {
	switch v := v.(type) {
	case []byte:
		return string(v)
	case time.Time:
		return v.UTC()
	}
	return v
}

// AnonymizedEmail is the address an anonymised account keeps: unique, and in a domain that can
// never receive mail (RFC 2606), so nothing is ever sent to it.
func AnonymizedEmail(userID int64) string {
	return fmt.Sprintf("anonymized-%d@anonymized.invalid", userID)
}

// AnonymizeUser removes what identifies a person while keeping what they did, for the
// statistics: the account keeps its id, role and organization (the reports count hours by user
// type) and loses its name, address and password; its sign-ins, calendar feed, notifications,
// settings, watches, unsent and sent e-mails and facility assignments are deleted, and the
// contact details of its service requests blanked. Inside the transaction of ctx. It reports
// false when the account does not exist or was anonymised before.
func (d *DB) AnonymizeUser(ctx context.Context, userID int64, now time.Time) (bool, error) {
	res := d.W(ctx).Model(&User{}).Where("id = ? AND anonymized_at IS NULL", userID).Updates(map[string]any{
		"email": AnonymizedEmail(userID), "name": "", "password_hash": "", "student_number": nil, "active": false, "pending": false,
		"anonymized_at": now, "updated_at": now})
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	for _, table := range []string{"sessions", "calendar_feeds", "notifications", "notification_settings",
		"slot_watches", "email_outbox", "facility_managers"} {
		if err := d.W(ctx).Exec("DELETE FROM "+table+" WHERE user_id = ?", userID).Error; err != nil {
			return false, fmt.Errorf("%s: %w", table, err)
		}
	}
	err := d.W(ctx).Table("service_requests").Where("requester_id = ?", userID).
		Updates(map[string]any{"contact_name": "", "contact_phone": "", "contact_email": ""}).Error
	return err == nil, err
}

// DeleteNotificationsBefore removes the in-app notifications created before the given time.
func (d *DB) DeleteNotificationsBefore(ctx context.Context, before time.Time) (int64, error) {
	res := d.W(ctx).Where("created_at < ?", jobTime(before)).Delete(&Notification{})
	return res.RowsAffected, res.Error
}

// DeleteAuditLogsBefore removes the audit records written before the given time.
func (d *DB) DeleteAuditLogsBefore(ctx context.Context, before time.Time) (int64, error) {
	res := d.W(ctx).Where("created_at < ?", jobTime(before)).Delete(&AuditLog{})
	return res.RowsAffected, res.Error
}
