package app

import (
	"context"
	"slices"

	"cqshare/models"
)

// UpdateConsortium changes a consortium (admins). A new lead organization becomes a member with
// the lead role and the former lead a plain member.
func (a *App) UpdateConsortium(ctx context.Context, ac Actor, id int64, p ConsortiumPatch) (ConsortiumDetail, error) {
	if !ac.IsAdmin() {
		return ConsortiumDetail{}, ErrForbidden
	}
	err := a.tx(ctx, func(ctx context.Context) error {
		row, err := a.db.ConsortiumByID(ctx, id)
		if err != nil {
			return NotFound(err)
		}
		c := row.Consortium
		Set(&c.Name, Trimmed(p.Name))
		Set(&c.NameEn, Trimmed(p.NameEn))
		Set(&c.Level, p.Level)
		Set(&c.Description, Trimmed(p.Description))
		fields := map[string]string{}
		if validateConsortium(c, fields); len(fields) > 0 {
			return ValidationError(fields)
		}
		if p.Clusters != nil {
			ids, err := a.ClusterIDs(ctx, *p.Clusters)
			if err != nil {
				return err
			}
			if err := a.db.SetConsortiumClusters(ctx, id, ids); err != nil {
				return err
			}
		}
		if p.LeadOrganizationID != nil {
			if err := a.setLead(ctx, id, *p.LeadOrganizationID, "lead_organization_id"); err != nil {
				return err
			}
		}
		err = a.db.UpdateByID(ctx, &models.Consortium{}, id, map[string]any{"name": c.Name, "name_en": c.NameEn,
			"level": c.Level, "description": c.Description, "updated_at": a.Now()})
		if err != nil {
			if models.IsDuplicate(err) {
				return ErrNameTaken
			}
			return err
		}
		return a.audit(ctx, ac, "consortium.update", auditConsortium, id, p)
	})
	if err != nil {
		return ConsortiumDetail{}, err
	}
	return a.Consortium(ctx, ac, id)
}

// setLead makes the organization (0 for none) the consortium's lead: a member with the lead
// role, every other member a plain member.
func (a *App) setLead(ctx context.Context, consortiumID, organizationID int64, field string) error {
	if err := a.db.DemoteConsortiumLeads(ctx, consortiumID); err != nil {
		return err
	}
	var lead *int64
	if organizationID != 0 {
		if _, err := a.db.OrganizationByID(ctx, organizationID); models.IsNotFound(err) {
			return ValidationError(map[string]string{field: "no such organization"})
		} else if err != nil {
			return err
		}
		err := a.db.SaveConsortiumMember(ctx, models.ConsortiumMember{ConsortiumID: consortiumID,
			OrganizationID: organizationID, Role: models.MemberLead})
		if err != nil {
			return err
		}
		lead = &organizationID
	}
	return a.db.UpdateByID(ctx, &models.Consortium{}, consortiumID, map[string]any{"lead_organization_id": lead})
}

// DeleteConsortium deletes a consortium that has no facilities (admins).
func (a *App) DeleteConsortium(ctx context.Context, ac Actor, id int64) error {
	if !ac.IsAdmin() {
		return ErrForbidden
	}
	return a.tx(ctx, func(ctx context.Context) error {
		c, err := a.db.ConsortiumByID(ctx, id)
		if err != nil {
			return NotFound(err)
		}
		if c.FacilityCount > 0 {
			return ErrInUse.With("the consortium still has facilities")
		}
		if err := a.db.DeleteConsortium(ctx, id); err != nil {
			return err
		}
		return a.audit(ctx, ac, "consortium.delete", auditConsortium, id, map[string]any{"name": c.Name})
	})
}

// SetConsortiumMember adds an organization to a consortium or changes its role there (admins).
// Making it the lead demotes the former lead.
func (a *App) SetConsortiumMember(ctx context.Context, ac Actor, consortiumID, organizationID int64, role string) (ConsortiumDetail, error) {
	if !ac.IsAdmin() {
		return ConsortiumDetail{}, ErrForbidden
	}
	if !slices.Contains([]string{models.MemberLead, models.MemberMember}, role) {
		return ConsortiumDetail{}, ValidationError(map[string]string{"role": "must be lead or member"})
	}
	err := a.tx(ctx, func(ctx context.Context) error {
		c, err := a.db.ConsortiumByID(ctx, consortiumID)
		if err != nil {
			return NotFound(err)
		}
		if _, err := a.db.OrganizationByID(ctx, organizationID); err != nil {
			return NotFound(err)
		}
		isLead := c.LeadOrganizationID != nil && *c.LeadOrganizationID == organizationID
		switch {
		case role == models.MemberLead:
			err = a.setLead(ctx, consortiumID, organizationID, "organization_id")
		case isLead:
			err = a.setLead(ctx, consortiumID, 0, "organization_id")
		}
		if err != nil {
			return err
		}
		err = a.db.SaveConsortiumMember(ctx, models.ConsortiumMember{ConsortiumID: consortiumID, OrganizationID: organizationID, Role: role})
		if err != nil {
			return err
		}
		return a.audit(ctx, ac, "consortium.member.set", auditConsortium, consortiumID,
			map[string]any{"organization_id": organizationID, "role": role})
	})
	if err != nil {
		return ConsortiumDetail{}, err
	}
	return a.Consortium(ctx, ac, consortiumID)
}

// RemoveConsortiumMember takes an organization out of a consortium (admins); removing the lead
// leaves the consortium without one.
func (a *App) RemoveConsortiumMember(ctx context.Context, ac Actor, consortiumID, organizationID int64) error {
	if !ac.IsAdmin() {
		return ErrForbidden
	}
	return a.tx(ctx, func(ctx context.Context) error {
		c, err := a.db.ConsortiumByID(ctx, consortiumID)
		if err != nil {
			return NotFound(err)
		}
		removed, err := a.db.DeleteConsortiumMember(ctx, consortiumID, organizationID)
		if err != nil {
			return err
		}
		if !removed {
			return ErrNotFound.With("the organization is not a member")
		}
		if c.LeadOrganizationID != nil && *c.LeadOrganizationID == organizationID {
			err := a.db.UpdateByID(ctx, &models.Consortium{}, consortiumID, map[string]any{"lead_organization_id": nil})
			if err != nil {
				return err
			}
		}
		return a.audit(ctx, ac, "consortium.member.remove", auditConsortium, consortiumID,
			map[string]any{"organization_id": organizationID})
	})
}
