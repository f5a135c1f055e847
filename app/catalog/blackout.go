package catalog

import (
	"context"
	"slices"
	"strings"
	"time"

	"cqshare/app/core"
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
	// OnBookings says what a closure does with the active bookings it covers; the holders of
	// those cancelled are told the reason.
	OnBookings OnBookings `json:"on_bookings,omitempty"`
}

// Blackouts lists one page of the blackouts of a facility (f.FacilityID) or of those that apply
// to a resource (f.ResourceID: its own and its facility's), by start, and how many match.
func (s *Service) Blackouts(ctx context.Context, ac core.Actor, f BlackoutFilter, p core.Page) ([]models.BlackoutRow, int64, error) {
	fields := map[string]core.Text{}
	if f.From != nil {
		core.CheckTime(fields, "from", *f.From)
	}
	if f.To != nil {
		core.CheckTime(fields, "to", *f.To)
	}
	if f.From != nil && f.To != nil && !f.From.Before(*f.To) {
		fields["to"] = core.T("field.after_from")
	}
	if len(fields) > 0 {
		return nil, 0, core.ValidationError(fields)
	}
	if f.ResourceID != 0 {
		r, err := s.DB.ResourceByID(ctx, f.ResourceID)
		if err != nil {
			return nil, 0, core.NotFound(err)
		}
		f.FacilityID = r.FacilityID
	} else if _, err := s.DB.FacilityByID(ctx, f.FacilityID); err != nil {
		return nil, 0, core.NotFound(err)
	}
	return s.DB.ListBlackouts(ctx, f, p.Size, p.Offset())
}

// CreateBlackout adds a blackout to a facility or one of its resources (its managers and admins).
// A closure over active bookings is refused with the list of them unless in.OnBookings says to
// cancel or keep them (the closing hook).
func (s *Service) CreateBlackout(ctx context.Context, ac core.Actor, in NewBlackout) (models.BlackoutRow, error) {
	if !ac.IsStaff() {
		return models.BlackoutRow{}, core.ErrForbidden
	}
	b := models.Blackout{FacilityID: in.FacilityID, ResourceID: in.ResourceID, Kind: in.Kind, StartAt: in.StartAt.UTC(),
		EndAt: in.EndAt.UTC(), Reason: strings.TrimSpace(in.Reason), CreatedAt: s.Now()}
	if ac.UserID != 0 {
		by := ac.UserID
		b.CreatedBy = &by
	}
	fields := map[string]core.Text{}
	if !slices.Contains(models.BlackoutKinds, b.Kind) {
		fields["kind"] = core.T("blackout.kind")
	}
	checkOnBookings(fields, in.OnBookings, in.Reason, "reason")
	core.CheckTime(fields, "start_at", b.StartAt)
	core.CheckTime(fields, "end_at", b.EndAt)
	switch {
	case !b.StartAt.Before(b.EndAt):
		fields["end_at"] = core.T("field.after_start")
	case b.EndAt.Sub(b.StartAt) > maxBlackout:
		fields["end_at"] = core.T("blackout.too_long")
	}
	var row models.BlackoutRow
	err := s.Tx(ctx, func(ctx context.Context) error {
		fac, err := s.DB.FacilityByID(ctx, in.FacilityID)
		if err != nil {
			return core.NotFound(err)
		}
		if err := core.RequireFacilityManager(ac, in.FacilityID); err != nil {
			return err
		}
		if in.ResourceID != nil {
			r, err := s.DB.ResourceByID(ctx, *in.ResourceID)
			if err != nil && !models.IsNotFound(err) {
				return err
			}
			if err != nil || r.FacilityID != in.FacilityID {
				fields["resource_id"] = core.T("blackout.no_such_resource")
			} else {
				row.ResourceName = &r.Name
			}
		}
		if len(fields) > 0 {
			return core.ValidationError(fields)
		}
		if err := s.DB.TouchFacility(ctx, fac.ID); err != nil {
			return err
		}
		b.ID = 0
		if err := s.DB.Insert(ctx, &b); err != nil {
			return err
		}
		row.Blackout = b
		if b.Kind == models.BlackoutClosure {
			err := s.closing(ctx, ac, Closing{Facility: fac, WasFacility: fac, Blackout: &b, OnBookings: in.OnBookings, Reason: b.Reason})
			if err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "blackout.create", core.AuditBlackout, b.ID, in)
	})
	return row, err
}

// DeleteBlackout removes a blackout (its facility's managers and admins).
func (s *Service) DeleteBlackout(ctx context.Context, ac core.Actor, id int64) error {
	if !ac.IsStaff() {
		return core.ErrForbidden
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		b, err := s.DB.BlackoutByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if err := core.RequireFacilityManager(ac, b.FacilityID); err != nil {
			return err
		}
		if err := s.DB.TouchFacility(ctx, b.FacilityID); err != nil {
			return err
		}
		if err := s.DB.DeleteBlackout(ctx, id); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "blackout.delete", core.AuditBlackout, id, map[string]any{"facility_id": b.FacilityID,
			"resource_id": b.ResourceID, "kind": b.Kind, "start_at": b.StartAt, "end_at": b.EndAt, "reason": b.Reason})
	})
}
