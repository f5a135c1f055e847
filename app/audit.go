package app

import (
	"context"
	"encoding/json"

	"cqshare/models"
)

// Object types named in the audit log.
const (
	auditCluster       = "cluster"
	auditOrganization  = "organization"
	auditConsortium    = "consortium"
	auditFacility      = "facility"
	auditResource      = "resource"
	auditBlackout      = "blackout"
	auditQualification = "qualification"
	auditUser          = "user"
)

// audit records a write by a manager or admin, inside the transaction of ctx, so the record and
// the write are kept or lost together. The system actor is recorded without a person.
func (a *App) audit(ctx context.Context, ac Actor, action, objectType string, objectID int64, detail any) error {
	b, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	var actorID *int64
	if ac.UserID != 0 {
		id := ac.UserID
		actorID = &id
	}
	return a.db.Insert(ctx, &models.AuditLog{ActorID: actorID, Action: action, ObjectType: objectType,
		ObjectID: objectID, Detail: string(b), CreatedAt: a.Now()})
}

// AuditFilter selects audit records.
type AuditFilter = models.AuditFilter

// AuditLogs lists audit records, newest first; only admins may read them.
func (a *App) AuditLogs(ctx context.Context, ac Actor, f AuditFilter, p Page) ([]models.AuditRow, int64, error) {
	if !ac.IsAdmin() {
		return nil, 0, ErrForbidden
	}
	return a.db.ListAuditLogs(ctx, f, p.Size, p.Offset())
}
