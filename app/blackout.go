package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"cqshare/models"
)

// maxBlackout is the longest blackout: a year; retire a resource closed for longer.
const maxBlackout = 366 * 24 * time.Hour

// BlackoutFilter selects blackouts of a facility, or those that apply to one resource.
type BlackoutFilter = models.BlackoutFilter

// NewBlackout closes a facility, or one resource of it, for an interval (closure), or opens a
// normally closed day as a make-up working day (调休, makeup_workday).
type NewBlackout struct {
	FacilityID int64     `json:"facility_id"`
	ResourceID *int64    `json:"resource_id"`
	Kind       string    `json:"kind"`
	StartAt    time.Time `json:"start_at"`
	EndAt      time.Time `json:"end_at"`
	Reason     string    `json:"reason"`
}

// Blackouts lists one page of the blackouts of a facility (f.FacilityID) or of those that apply
// to a resource (f.ResourceID: its own and its facility's), by start, and how many match.
func (a *App) Blackouts(ctx context.Context, ac Actor, f BlackoutFilter, p Page) ([]models.BlackoutRow, int64, error) {
	fields := map[string]string{}
	if f.From != nil {
		CheckTime(fields, "from", *f.From)
	}
	if f.To != nil {
		CheckTime(fields, "to", *f.To)
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		fields["to"] = "must be after from"
	}
	if len(fields) > 0 {
		return nil, 0, ValidationError(fields)
	}
	if f.ResourceID != 0 {
		r, err := a.db.ResourceByID(ctx, f.ResourceID)
		if err != nil {
			return nil, 0, NotFound(err)
		}
		f.FacilityID = r.FacilityID
	} else if _, err := a.db.FacilityByID(ctx, f.FacilityID); err != nil {
		return nil, 0, NotFound(err)
	}
	return a.db.ListBlackouts(ctx, f, p.Size, p.Offset())
}

// CreateBlackout adds a blackout to a facility or one of its resources (its managers and admins).
func (a *App) CreateBlackout(ctx context.Context, ac Actor, in NewBlackout) (models.BlackoutRow, error) {
	if err := RequireRole(ac, models.RoleAdmin, models.RoleManager); err != nil {
		return models.BlackoutRow{}, err
	}
	b := models.Blackout{FacilityID: in.FacilityID, ResourceID: in.ResourceID, Kind: in.Kind, StartAt: in.StartAt.UTC(),
		EndAt: in.EndAt.UTC(), Reason: strings.TrimSpace(in.Reason), CreatedAt: a.Now()}
	if ac.UserID != 0 {
		by := ac.UserID
		b.CreatedBy = &by
	}
	fields := map[string]string{}
	if !slices.Contains(models.BlackoutKinds, b.Kind) {
		fields["kind"] = "must be closure or makeup_workday"
	}
	CheckTime(fields, "start_at", b.StartAt)
	CheckTime(fields, "end_at", b.EndAt)
	switch {
	case !b.StartAt.Before(b.EndAt):
		fields["end_at"] = "must be after start_at"
	case b.EndAt.Sub(b.StartAt) > maxBlackout:
		fields["end_at"] = "a blackout lasts at most a year"
	}
	var row models.BlackoutRow
	err := a.tx(ctx, func(ctx context.Context) error {
		if _, err := a.db.FacilityByID(ctx, in.FacilityID); err != nil {
			return NotFound(err)
		}
		if err := RequireFacilityManager(ac, in.FacilityID); err != nil {
			return err
		}
		if in.ResourceID != nil {
			r, err := a.db.ResourceByID(ctx, *in.ResourceID)
			if err != nil && !models.IsNotFound(err) {
				return err
			}
			if err != nil || r.FacilityID != in.FacilityID {
				fields["resource_id"] = "no such resource in this facility"
			} else {
				row.ResourceName = &r.Name
			}
		}
		if len(fields) > 0 {
			return ValidationError(fields)
		}
		b.ID = 0
		if err := a.db.Insert(ctx, &b); err != nil {
			return err
		}
		row.Blackout = b
		return a.audit(ctx, ac, "blackout.create", auditBlackout, b.ID, in)
	})
	return row, err
}

// DeleteBlackout removes a blackout (its facility's managers and admins).
func (a *App) DeleteBlackout(ctx context.Context, ac Actor, id int64) error {
	if err := RequireRole(ac, models.RoleAdmin, models.RoleManager); err != nil {
		return err
	}
	return a.tx(ctx, func(ctx context.Context) error {
		b, err := a.db.BlackoutByID(ctx, id)
		if err != nil {
			return NotFound(err)
		}
		if err := RequireFacilityManager(ac, b.FacilityID); err != nil {
			return err
		}
		if err := a.db.DeleteBlackout(ctx, id); err != nil {
			return err
		}
		return a.audit(ctx, ac, "blackout.delete", auditBlackout, id, map[string]any{"facility_id": b.FacilityID,
			"resource_id": b.ResourceID, "kind": b.Kind, "start_at": b.StartAt, "end_at": b.EndAt, "reason": b.Reason})
	})
}
