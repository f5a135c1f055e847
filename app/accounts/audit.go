package accounts

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditFilter selects audit records.
type AuditFilter = models.AuditFilter

// AuditLogs lists audit records, newest first; only admins may read them.
func (s *Service) AuditLogs(ctx context.Context, ac core.Actor, f AuditFilter, p core.Page) ([]models.AuditRow, int64, error) {
	if !ac.IsAdmin() {
		return nil, 0, core.ErrForbidden
	}
	return s.DB.ListAuditLogs(ctx, f, p.Size, p.Offset())
}
