package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"cqshare/models"
)

// Limits on what an instrument agent may report.
const (
	// UsageClockSkew is how far in the future a reported time may lie (the agent's clock).
	UsageClockSkew = 5 * time.Minute
	// MaxUsageSession is the longest session an agent may report.
	MaxUsageSession = 24 * time.Hour
)

// ErrInvalidDeviceToken answers an instrument agent whose token is unknown or revoked.
var ErrInvalidDeviceToken = &Error{Kind: KindUnauthenticated, Code: "invalid_device_token", Message: "unknown or revoked device token"}

// managedResource loads a resource the actor manages: unknown is ErrNotFound, another
// facility's is ErrForbidden.
func (a *App) managedResource(ctx context.Context, ac Actor, resourceID int64) (models.Resource, error) {
	res, _, err := a.db.ResourceWithFacility(ctx, resourceID)
	if err != nil {
		return res, NotFound(err)
	}
	return res, RequireFacilityManager(ac, res.FacilityID)
}

// IssueDeviceToken creates a token with which an instrument agent of the resource posts usage;
// the facility's managers and admins may. The token is returned once; only its hash is kept.
func (a *App) IssueDeviceToken(ctx context.Context, ac Actor, resourceID int64, name string) (models.DeviceToken, string, error) {
	res, err := a.managedResource(ctx, ac, resourceID)
	if err != nil {
		return models.DeviceToken{}, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return models.DeviceToken{}, "", ValidationError(map[string]string{"name": "required"})
	}
	secret, err := RandomToken()
	if err != nil {
		return models.DeviceToken{}, "", err
	}
	t := models.DeviceToken{ResourceID: res.ID, Name: Clip(name, 100), TokenHash: HashToken(secret), CreatedAt: a.Now()}
	if ac.UserID != 0 {
		t.CreatedBy = &ac.UserID
	}
	err = a.tx(ctx, func(ctx context.Context) error {
		if err := a.db.CreateDeviceToken(ctx, &t); err != nil {
			return err
		}
		return a.audit(ctx, ac, "device_token.issue", "device_token", t.ID, map[string]any{"resource_id": res.ID, "name": t.Name})
	})
	return t, secret, err
}

// DeviceTokens lists the tokens of a resource for its managers.
func (a *App) DeviceTokens(ctx context.Context, ac Actor, resourceID int64) ([]models.DeviceToken, error) {
	if _, err := a.managedResource(ctx, ac, resourceID); err != nil {
		return nil, err
	}
	return a.db.ResourceDeviceTokens(ctx, resourceID)
}

// RevokeDeviceToken revokes a token; the agent that holds it is refused from then on.
func (a *App) RevokeDeviceToken(ctx context.Context, ac Actor, id int64) error {
	t, err := a.db.DeviceTokenByID(ctx, id)
	if err != nil {
		return NotFound(err)
	}
	if _, err := a.managedResource(ctx, ac, t.ResourceID); err != nil {
		return err
	}
	return a.tx(ctx, func(ctx context.Context) error {
		if err := a.db.RevokeDeviceToken(ctx, id, a.Now()); err != nil {
			return err
		}
		return a.audit(ctx, ac, "device_token.revoke", "device_token", id, map[string]any{"resource_id": t.ResourceID})
	})
}

// UsageInput is one usage session as an instrument agent reports it.
type UsageInput struct {
	StartedAt  time.Time
	EndedAt    *time.Time // nil while the session is still open
	ExternalID string     // the agent's own ID of the session: posting it again updates, never duplicates
	UserRef    string     // who the agent saw (card number, login or e-mail), kept for managers
}

// IngestUsage records a usage session posted with a device token and reconciles it with the
// booking that covers it. created is false when the agent had sent the session before (same
// external ID), in which case only a missing end is filled in.
func (a *App) IngestUsage(ctx context.Context, deviceToken string, in UsageInput) (rec models.UsageRecord, created bool, err error) {
	if deviceToken == "" {
		return rec, false, ErrInvalidDeviceToken
	}
	tok, err := a.db.ActiveDeviceTokenByHash(ctx, HashToken(deviceToken))
	if err != nil {
		if models.IsNotFound(err) {
			return rec, false, ErrInvalidDeviceToken
		}
		return rec, false, err
	}
	if err := a.checkUsage(in); err != nil {
		return rec, false, err
	}
	err = a.tx(ctx, func(ctx context.Context) error {
		now := a.Now()
		created = false
		if err := a.db.TouchDeviceToken(ctx, tok.ID, now); err != nil {
			return err
		}
		if in.ExternalID != "" {
			old, err := a.db.UsageRecordByExternalID(ctx, tok.ResourceID, in.ExternalID)
			if err == nil {
				rec = old
				if rec.EndedAt != nil || in.EndedAt == nil {
					return nil // already known as it is
				}
				end := in.EndedAt.UTC()
				rec.EndedAt = &end
				if err := a.reconcileUsage(ctx, &rec); err != nil {
					return err
				}
				return a.db.SaveUsageRecord(ctx, rec, now)
			} else if !models.IsNotFound(err) {
				return err
			}
		}
		rec = models.UsageRecord{ResourceID: tok.ResourceID, DeviceTokenID: &tok.ID, UserRef: strings.TrimSpace(in.UserRef),
			StartedAt: in.StartedAt.UTC(), CreatedAt: now, UpdatedAt: now}
		if in.ExternalID != "" {
			rec.ExternalID = &in.ExternalID
		}
		if in.EndedAt != nil {
			end := in.EndedAt.UTC()
			rec.EndedAt = &end
		}
		if err := a.reconcileUsage(ctx, &rec); err != nil {
			return err
		}
		if err := a.db.CreateUsageRecord(ctx, &rec); err != nil {
			if models.IsDuplicate(err) {
				return models.ErrRetry // the same session posted twice at once: the retry finds it
			}
			return err
		}
		created = true
		return nil
	})
	return rec, created, err
}

func (a *App) checkUsage(in UsageInput) error {
	limit := a.Now().Add(UsageClockSkew)
	switch {
	case in.StartedAt.IsZero():
		return ValidationError(map[string]string{"started_at": "required"})
	case in.StartedAt.After(limit):
		return ValidationError(map[string]string{"started_at": "lies in the future"})
	case in.EndedAt == nil:
		return nil
	case !in.EndedAt.After(in.StartedAt):
		return ValidationError(map[string]string{"ended_at": "must be after started_at"})
	case in.EndedAt.After(limit):
		return ValidationError(map[string]string{"ended_at": "lies in the future"})
	case in.EndedAt.Sub(in.StartedAt) > MaxUsageSession:
		return ValidationError(map[string]string{"ended_at": fmt.Sprintf("a session lasts at most %s", MaxUsageSession)})
	}
	return nil
}

// reconcileUsage links a usage session to the booking of the resource that covers it (a
// confirmed, checked-in or completed one overlapping it; the one of the user the agent named,
// else the one it overlaps most) and fills in the booking's missing check-in and check-out from
// it: the instrument saw the use, so it counts as arrival, and its end is the effective end.
// Usage that no booking covers stays unlinked for the managers to see.
func (a *App) reconcileUsage(ctx context.Context, rec *models.UsageRecord) error {
	end := rec.StartedAt.Add(time.Second)
	if rec.EndedAt != nil {
		end = *rec.EndedAt
	}
	cands, err := a.db.CoveringBookings(ctx, rec.ResourceID, rec.StartedAt, end)
	if err != nil || len(cands) == 0 {
		rec.BookingID = nil
		return err
	}
	b, err := a.pickCoveringBooking(ctx, cands, rec.UserRef, rec.StartedAt, end)
	if err != nil {
		return err
	}
	rec.BookingID = &b.ID
	// The instrument saw the use: it counts as the arrival, and its end as the check-out once
	// the booking is over.
	if t, err := bookingTransitionFor(ActionCheckIn, partySystem, b, 0, a.Now()); err == nil {
		if b, err = a.moveBooking(ctx, b, t, rec.StartedAt, models.BookingChange{}); err != nil {
			return err
		}
	}
	if rec.EndedAt == nil || b.EndAt.After(a.Now()) {
		return nil
	}
	if t, err := bookingTransitionFor(ActionCheckOut, partySystem, b, 0, a.Now()); err == nil {
		_, err = a.moveBooking(ctx, b, t, *rec.EndedAt, models.BookingChange{})
		return err
	}
	return nil
}

// pickCoveringBooking prefers the booking of the user the agent named (by e-mail), then the one
// that overlaps [start, end) most.
func (a *App) pickCoveringBooking(ctx context.Context, cands []models.Booking, userRef string, start, end time.Time) (models.Booking, error) {
	if strings.Contains(userRef, "@") {
		u, err := a.db.UserByEmail(ctx, NormalizeEmail(userRef))
		if err != nil && !models.IsNotFound(err) {
			return models.Booking{}, err
		}
		for _, b := range cands {
			if err == nil && b.UserID == u.ID {
				return b, nil
			}
		}
	}
	best, bestOverlap := cands[0], time.Duration(-1)
	for _, b := range cands {
		o := overlap(start, end, b.StartAt, b.EndAt)
		if o > bestOverlap {
			best, bestOverlap = b, o
		}
	}
	return best, nil
}

// ResourceUsage lists the usage recorded for a resource that started in [from, to) (only the
// sessions no booking covers when unmatched is set); the facility's managers may.
func (a *App) ResourceUsage(ctx context.Context, ac Actor, resourceID int64, from, to time.Time, unmatched bool, p Page) ([]models.UsageRecord, int64, error) {
	if _, err := a.managedResource(ctx, ac, resourceID); err != nil {
		return nil, 0, err
	}
	if to.IsZero() {
		to = a.Now().Add(UsageClockSkew)
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -30)
	}
	if !to.After(from) {
		return nil, 0, ValidationError(map[string]string{"to": "must be after from"})
	}
	return a.db.ResourceUsageRecords(ctx, resourceID, from, to, unmatched, p.Offset(), p.Size)
}

// overlap is how long [s1, e1) and [s2, e2) overlap (negative when they do not).
func overlap(s1, e1, s2, e2 time.Time) time.Duration {
	if s2.After(s1) {
		s1 = s2
	}
	if e2.Before(e1) {
		e1 = e2
	}
	return e1.Sub(s1)
}
