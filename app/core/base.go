package core

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"time"

	"cqshare/models"
)

// Base is what every bounded context's service is built on: the database, the logger, the
// clock, and the server's public address for the links its e-mails carry.
type Base struct {
	DB        *models.DB
	Log       *slog.Logger
	Clock     func() time.Time
	PublicURL string
}

// Now is the clock's time, in UTC.
func (b Base) Now() time.Time { return b.Clock().UTC() }

// Tx runs fn in one database transaction, carried in ctx; inside another it joins it. The whole
// of fn runs again on a transient conflict (a deadlock, a lost race on a claim or a cluster's
// certification failure), so fn must not keep state from an attempt.
func (b Base) Tx(ctx context.Context, fn func(ctx context.Context) error) error {
	err := b.DB.Tx(ctx, fn)
	if errors.Is(err, models.ErrBusy) {
		return ErrBusy
	}
	return err
}

// NotFound turns GORM's not-found into ErrNotFound and passes other errors on.
func NotFound(err error) error {
	if models.IsNotFound(err) {
		return ErrNotFound
	}
	return err
}

// Object types named in the audit log; each context adds its own.
const (
	AuditCluster       = "cluster"
	AuditOrganization  = "organization"
	AuditConsortium    = "consortium"
	AuditFacility      = "facility"
	AuditResource      = "resource"
	AuditBlackout      = "blackout"
	AuditQualification = "qualification"
	AuditUser          = "user"
)

// Audit records a write by a manager or admin, inside the transaction of ctx, so the record and
// the write are kept or lost together. The system actor is recorded without a person.
func (b Base) Audit(ctx context.Context, ac Actor, action, objectType string, objectID int64, detail any) error {
	d, err := json.Marshal(detail)
	if err != nil {
		return err
	}
	var actorID *int64
	if ac.UserID != 0 {
		id := ac.UserID
		actorID = &id
	}
	return b.DB.Insert(ctx, &models.AuditLog{ActorID: actorID, Action: action, ObjectType: objectType,
		ObjectID: objectID, Detail: string(d), CreatedAt: b.Now()})
}
