package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// AuditFilter selects audit records.
type AuditFilter struct {
	ObjectType string
	ObjectID   int64
	ActorID    int64
	// From and To bound the time of the records: from inclusive, to exclusive; nil is open.
	From, To *time.Time
}

// AuditRow is an audit record with its actor's name (none for the system).
type AuditRow struct {
	AuditLog
	ActorName *string
}

// ListAuditLogs lists one page of the audit records that match, newest first, and how many match.
func (d *DB) ListAuditLogs(ctx context.Context, f AuditFilter, limit, offset int) ([]AuditRow, int64, error) {
	q := d.R(ctx).Table("audit_logs a")
	if f.ObjectType != "" {
		q = q.Where("a.object_type = ?", f.ObjectType)
	}
	if f.ObjectID != 0 {
		q = q.Where("a.object_id = ?", f.ObjectID)
	}
	if f.ActorID != 0 {
		q = q.Where("a.actor_id = ?", f.ActorID)
	}
	if f.From != nil {
		q = q.Where("a.created_at >= ?", jobTime(*f.From))
	}
	if f.To != nil {
		q = q.Where("a.created_at < ?", jobTime(*f.To))
	}
	q = q.Session(&gorm.Session{}) // shared by the count and the page
	return page[AuditRow](q, q.Select("a.*, u.name AS actor_name").Joins("LEFT JOIN users u ON u.id = a.actor_id").
		Order("a.id DESC"), limit, offset)
}
