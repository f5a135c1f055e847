package booking

import (
	"context"
	"strings"
	"time"

	"cqshare/app/core"
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
var ErrInvalidDeviceToken = &core.Error{Kind: core.KindUnauthenticated, Code: "invalid_device_token", Key: "booking.invalid_device_token"}

// managedResource loads a resource the actor manages: unknown is ErrNotFound, another
// facility's is ErrForbidden.
func (s *Service) managedResource(ctx context.Context, ac core.Actor, resourceID int64) (models.Resource, error) {
	res, _, err := s.DB.ResourceWithFacility(ctx, resourceID)
	if err != nil {
		return res, core.NotFound(err)
	}
	return res, core.RequireFacilityManager(ac, res.FacilityID)
}

// IssueDeviceToken creates a token with which an instrument agent of the resource posts usage;
// the facility's managers and admins may. The token is returned once; only its hash is kept.
func (s *Service) IssueDeviceToken(ctx context.Context, ac core.Actor, resourceID int64, name string) (models.DeviceToken, string, error) {
	res, err := s.managedResource(ctx, ac, resourceID)
	if err != nil {
		return models.DeviceToken{}, "", err
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return models.DeviceToken{}, "", core.FieldError("name", "field.required")
	}
	secret, err := core.RandomToken()
	if err != nil {
		return models.DeviceToken{}, "", err
	}
	t := models.DeviceToken{ResourceID: res.ID, Name: core.Clip(name, 100), TokenHash: core.HashToken(secret), CreatedAt: s.Now()}
	if ac.UserID != 0 {
		t.CreatedBy = &ac.UserID
	}
	err = s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.CreateDeviceToken(ctx, &t); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "device_token.issue", "device_token", t.ID, map[string]any{"resource_id": res.ID, "name": t.Name})
	})
	return t, secret, err
}

// DeviceTokens lists the tokens of a resource for its managers.
func (s *Service) DeviceTokens(ctx context.Context, ac core.Actor, resourceID int64) ([]models.DeviceToken, error) {
	if _, err := s.managedResource(ctx, ac, resourceID); err != nil {
		return nil, err
	}
	return s.DB.ResourceDeviceTokens(ctx, resourceID)
}

// RevokeDeviceToken revokes a token; the agent that holds it is refused from then on.
func (s *Service) RevokeDeviceToken(ctx context.Context, ac core.Actor, id int64) error {
	t, err := s.DB.DeviceTokenByID(ctx, id)
	if err != nil {
		return core.NotFound(err)
	}
	if _, err := s.managedResource(ctx, ac, t.ResourceID); err != nil {
		return err
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.RevokeDeviceToken(ctx, id, s.Now()); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "device_token.revoke", "device_token", id, map[string]any{"resource_id": t.ResourceID})
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
func (s *Service) IngestUsage(ctx context.Context, deviceToken string, in UsageInput) (rec models.UsageRecord, created bool, err error) {
	if deviceToken == "" {
		return rec, false, ErrInvalidDeviceToken
	}
	tok, err := s.DB.ActiveDeviceTokenByHash(ctx, core.HashToken(deviceToken))
	if err != nil {
		if models.IsNotFound(err) {
			return rec, false, ErrInvalidDeviceToken
		}
		return rec, false, err
	}
	if err := s.checkUsage(in); err != nil {
		return rec, false, err
	}
	err = s.Tx(ctx, func(ctx context.Context) error {
		now := s.Now()
		created = false
		if err := s.DB.TouchDeviceToken(ctx, tok.ID, now); err != nil {
			return err
		}
		if in.ExternalID != "" {
			old, err := s.DB.UsageRecordByExternalID(ctx, tok.ResourceID, in.ExternalID)
			if err == nil {
				rec = old
				if rec.EndedAt != nil || in.EndedAt == nil {
					return nil // already known as it is
				}
				end := in.EndedAt.UTC()
				rec.EndedAt = &end
				if err := s.reconcileUsage(ctx, &rec); err != nil {
					return err
				}
				return s.DB.SaveUsageRecord(ctx, rec, now)
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
		if err := s.reconcileUsage(ctx, &rec); err != nil {
			return err
		}
		if err := s.DB.CreateUsageRecord(ctx, &rec); err != nil {
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

func (s *Service) checkUsage(in UsageInput) error {
	limit := s.Now().Add(UsageClockSkew)
	switch {
	case in.StartedAt.IsZero():
		return core.FieldError("started_at", "field.required")
	case in.StartedAt.After(limit):
		return core.FieldError("started_at", "field.not_future")
	case in.EndedAt == nil:
		return nil
	case !in.EndedAt.After(in.StartedAt):
		return core.FieldError("ended_at", "field.after_start")
	case in.EndedAt.After(limit):
		return core.FieldError("ended_at", "field.not_future")
	case in.EndedAt.Sub(in.StartedAt) > MaxUsageSession:
		return core.FieldError("ended_at", "booking.usage_too_long", "max", core.Minutes(MaxUsageSession/time.Minute))
	}
	return nil
}

// reconcileUsage links a usage session to the booking of the resource that covers it (a
// confirmed, checked-in or completed one overlapping it; the one of the user the agent named,
// else the one it overlaps most) and fills in the booking's missing check-in and check-out from
// it: the instrument saw the use, so it counts as arrival, and its end is the effective end.
// Usage that no booking covers stays unlinked for the managers to see.
func (s *Service) reconcileUsage(ctx context.Context, rec *models.UsageRecord) error {
	end := rec.StartedAt.Add(time.Second)
	if rec.EndedAt != nil {
		end = *rec.EndedAt
	}
	cands, err := s.DB.CoveringBookings(ctx, rec.ResourceID, rec.StartedAt, end)
	if err != nil || len(cands) == 0 {
		rec.BookingID = nil
		return err
	}
	b, err := s.pickCoveringBooking(ctx, cands, rec.UserRef, rec.StartedAt, end)
	if err != nil {
		return err
	}
	rec.BookingID = &b.ID
	// The instrument saw the use: it counts as the arrival, and its end as the check-out once
	// the booking is over.
	if t, err := bookingTransitionFor(ActionCheckIn, partySystem, b, 0, s.Now()); err == nil {
		if b, err = s.moveBooking(ctx, b, t, rec.StartedAt, models.BookingChange{}); err != nil {
			return err
		}
	}
	if rec.EndedAt == nil || b.EndAt.After(s.Now()) {
		return nil
	}
	if t, err := bookingTransitionFor(ActionCheckOut, partySystem, b, 0, s.Now()); err == nil {
		_, err = s.moveBooking(ctx, b, t, *rec.EndedAt, models.BookingChange{})
		return err
	}
	return nil
}

// pickCoveringBooking prefers the booking of the user the agent named (by e-mail), then the one
// that overlaps [start, end) most.
func (s *Service) pickCoveringBooking(ctx context.Context, cands []models.Booking, userRef string, start, end time.Time) (models.Booking, error) {
	if strings.Contains(userRef, "@") {
		u, err := s.DB.UserByEmail(ctx, core.NormalizeEmail(userRef))
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
func (s *Service) ResourceUsage(ctx context.Context, ac core.Actor, resourceID int64, from, to time.Time, unmatched bool, p core.Page) ([]models.UsageRecord, int64, error) {
	if _, err := s.managedResource(ctx, ac, resourceID); err != nil {
		return nil, 0, err
	}
	if to.IsZero() {
		to = s.Now().Add(UsageClockSkew)
	}
	if from.IsZero() {
		from = to.AddDate(0, 0, -30)
	}
	if !to.After(from) {
		return nil, 0, core.FieldError("to", "field.after_from")
	}
	return s.DB.ResourceUsageRecords(ctx, resourceID, from, to, unmatched, p.Offset(), p.Size)
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
