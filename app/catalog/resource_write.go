package catalog

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// NewResource is a resource a manager of its facility (or an admin) adds. Rules not given are
// taken from the facility's default rules; capacity defaults to 1 (exclusive), status to
// available, the yearly quota to DefaultQuotaHoursYear.
type NewResource struct {
	FacilityID     int64      `json:"facility_id"`
	Name           string     `json:"name"`
	NameEn         string     `json:"name_en"`
	Category       string     `json:"category"`
	Cluster        string     `json:"cluster"` // industry cluster code, "" for none
	Model          string     `json:"model"`
	AssetNo        string     `json:"asset_no"`
	Capacity       *int       `json:"capacity"`
	Status         string     `json:"status"`
	Description    string     `json:"description"`
	QuotaHoursYear *int       `json:"quota_hours_year"`
	Rules          RulesPatch `json:"rules"`
}

// ResourcePatch changes some fields of a resource and some of its rules.
type ResourcePatch struct {
	Name           *string     `json:"name,omitempty"`
	NameEn         *string     `json:"name_en,omitempty"`
	Category       *string     `json:"category,omitempty"`
	Cluster        *string     `json:"cluster,omitempty"` // "" removes the cluster
	Model          *string     `json:"model,omitempty"`
	AssetNo        *string     `json:"asset_no,omitempty"`
	Capacity       *int        `json:"capacity,omitempty"`
	Status         *string     `json:"status,omitempty"`
	Description    *string     `json:"description,omitempty"`
	QuotaHoursYear *int        `json:"quota_hours_year,omitempty"`
	Rules          *RulesPatch `json:"rules,omitempty"`
	// OnBookings says what a lower capacity or a status out of service does with the active
	// bookings it strands; CancelReason is told to the holders of those cancelled.
	OnBookings   OnBookings `json:"on_bookings,omitempty"`
	CancelReason string     `json:"cancel_reason,omitempty"`
}

// CreateResource adds a resource to a facility (its managers and admins).
func (s *Service) CreateResource(ctx context.Context, ac core.Actor, in NewResource) (ResourceView, error) {
	if !ac.IsStaff() {
		return ResourceView{}, core.ErrForbidden
	}
	now := s.Now()
	r := models.Resource{FacilityID: in.FacilityID, Name: strings.TrimSpace(in.Name), NameEn: strings.TrimSpace(in.NameEn),
		Category: strings.TrimSpace(in.Category), Model: strings.TrimSpace(in.Model), AssetNo: strings.TrimSpace(in.AssetNo),
		Capacity: 1, Status: cmp.Or(in.Status, models.ResourceAvailable),
		Description: strings.TrimSpace(in.Description), QuotaHoursYear: DefaultQuotaHoursYear, CreatedAt: now, UpdatedAt: now}
	core.Set(&r.QuotaHoursYear, in.QuotaHoursYear)
	core.Set(&r.Capacity, in.Capacity)
	var id int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		f, err := s.DB.FacilityByID(ctx, in.FacilityID)
		if models.IsNotFound(err) {
			return core.FieldError("facility_id", "catalog.no_such_facility")
		} else if err != nil {
			return err
		}
		if err := core.RequireFacilityManager(ac, f.ID); err != nil {
			return err
		}
		r.ID = 0
		r.Rules = in.Rules.apply(f.DefaultRules.V)
		if r.ClusterID, err = s.checkResource(ctx, ac, r, f.DefaultRules.V.QualificationID, &in.Cluster); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &r); err != nil {
			return err
		}
		id = r.ID
		return s.Audit(ctx, ac, "resource.create", core.AuditResource, r.ID, in)
	})
	if err != nil {
		return ResourceView{}, err
	}
	return s.Resource(ctx, ac, id)
}

// UpdateResource changes a resource and its rules (its facility's managers and admins). A lower
// capacity or a status out of service that strands active bookings is refused with the list of
// them unless p.OnBookings says to cancel (or, for the status, keep) them (the closing hook).
func (s *Service) UpdateResource(ctx context.Context, ac core.Actor, id int64, p ResourcePatch) (ResourceView, error) {
	if !ac.IsStaff() {
		return ResourceView{}, core.ErrForbidden
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		r, err := s.DB.ResourceByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if err := core.RequireFacilityManager(ac, r.FacilityID); err != nil {
			return err
		}
		was := r
		core.Set(&r.Name, core.Trimmed(p.Name))
		core.Set(&r.NameEn, core.Trimmed(p.NameEn))
		core.Set(&r.Category, core.Trimmed(p.Category))
		core.Set(&r.Model, core.Trimmed(p.Model))
		core.Set(&r.AssetNo, core.Trimmed(p.AssetNo))
		core.Set(&r.Capacity, p.Capacity)
		core.Set(&r.Status, p.Status)
		core.Set(&r.Description, core.Trimmed(p.Description))
		core.Set(&r.QuotaHoursYear, p.QuotaHoursYear)
		if p.Rules != nil {
			r.Rules = p.Rules.apply(r.Rules)
		}
		clusterID, err := s.checkResource(ctx, ac, r, was.QualificationID, core.Trimmed(p.Cluster))
		if err != nil {
			return err
		}
		fields := map[string]core.Text{}
		if checkOnBookings(fields, p.OnBookings, p.CancelReason, "cancel_reason"); len(fields) > 0 {
			return core.ValidationError(fields)
		}
		if p.Cluster != nil {
			r.ClusterID = clusterID
		}
		r.UpdatedAt = s.Now()
		if err := s.DB.UpdateByID(ctx, &models.Resource{}, id, resourceColumns(r)); err != nil {
			return err
		}
		if r.Capacity < was.Capacity || r.Status != was.Status {
			f, err := s.DB.FacilityByID(ctx, r.FacilityID)
			if err != nil {
				return err
			}
			err = s.closing(ctx, ac, Closing{Facility: f, WasFacility: f, Resource: &r, WasResource: &was,
				OnBookings: p.OnBookings, Reason: strings.TrimSpace(p.CancelReason)})
			if err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "resource.update", core.AuditResource, id, p)
	})
	if err != nil {
		return ResourceView{}, err
	}
	return s.Resource(ctx, ac, id)
}

// resourceColumns are the columns an update of the resource writes.
func resourceColumns(r models.Resource) map[string]any {
	return map[string]any{"name": r.Name, "name_en": r.NameEn, "category": r.Category, "cluster_id": r.ClusterID,
		"model": r.Model, "asset_no": r.AssetNo, "capacity": r.Capacity, "status": r.Status, "description": r.Description,
		"quota_hours_year": r.QuotaHoursYear, "slot_minutes": r.SlotMinutes, "min_minutes": r.MinMinutes,
		"max_minutes": r.MaxMinutes, "max_advance_days": r.MaxAdvanceDays, "min_lead_minutes": r.MinLeadMinutes,
		"buffer_minutes": r.BufferMinutes, "weekly_quota_minutes": r.WeeklyQuotaMinutes,
		"requires_approval": r.RequiresApproval, "qualification_id": r.QualificationID,
		"cancel_deadline_minutes": r.CancelDeadlineMinutes, "checkin_grace_minutes": r.CheckinGraceMinutes,
		"rate_internal_fen": r.RateInternalFen, "rate_external_fen": r.RateExternalFen, "updated_at": r.UpdatedAt}
}

// checkResource validates a resource as it would be stored, for the actor who would store it
// (wasQualification is the qualification it required before), and resolves the cluster code,
// when one is given ("" for none), to its id.
func (s *Service) checkResource(ctx context.Context, ac core.Actor, r models.Resource, wasQualification *int64, cluster *string) (*int64, error) {
	fields := map[string]core.Text{}
	if r.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !categoryPattern.MatchString(r.Category) {
		fields["category"] = core.T("field.code_format", "max", 30)
	}
	if r.Capacity < 1 || r.Capacity > maxCapacity {
		fields["capacity"] = core.T("field.between", "min", 1, "max", maxCapacity)
	}
	if !slices.Contains(models.ResourceStatuses, r.Status) {
		fields["status"] = core.T("field.choose")
	}
	if r.QuotaHoursYear < 0 || r.QuotaHoursYear > maxQuotaHours {
		fields["quota_hours_year"] = core.T("field.between", "min", 0, "max", maxQuotaHours)
	}
	ValidateRules(r.Rules, "rules.", fields)
	if err := s.checkRuleQualification(ctx, ac, r.Rules, wasQualification, "rules.", fields); err != nil {
		return nil, err
	}
	var clusterID *int64
	if cluster != nil && *cluster != "" {
		c, err := s.DB.ClusterByCode(ctx, *cluster)
		switch {
		case models.IsNotFound(err):
			fields["cluster"] = core.T("catalog.unknown_cluster")
		case err != nil:
			return nil, err
		default:
			clusterID = &c.ID
		}
	}
	if len(fields) > 0 {
		return nil, core.ValidationError(fields)
	}
	return clusterID, nil
}
