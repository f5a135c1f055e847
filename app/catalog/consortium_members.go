package catalog

import (
	"context"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// UpdateConsortium changes a consortium (its administrators; its level only the city
// administrator). A new lead organization becomes a member with the lead role and the former
// lead a plain member.
func (s *Service) UpdateConsortium(ctx context.Context, ac core.Actor, id int64, p ConsortiumPatch) (ConsortiumDetail, error) {
	if err := core.RequireConsortiumAdmin(ac, id); err != nil {
		return ConsortiumDetail{}, err
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		row, err := s.DB.ConsortiumByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		c := row.Consortium
		if p.Level != nil && *p.Level != c.Level && !ac.IsAdmin() {
			return core.ErrForbidden.Say("consortium.level_city_only")
		}
		core.Set(&c.Name, core.Trimmed(p.Name))
		core.Set(&c.NameEn, core.Trimmed(p.NameEn))
		core.Set(&c.Level, p.Level)
		core.Set(&c.Description, core.Trimmed(p.Description))
		fields := map[string]core.Text{}
		if validateConsortium(c, fields); len(fields) > 0 {
			return core.ValidationError(fields)
		}
		if p.Clusters != nil {
			ids, err := s.ClusterIDs(ctx, *p.Clusters)
			if err != nil {
				return err
			}
			if err := s.DB.SetConsortiumClusters(ctx, id, ids); err != nil {
				return err
			}
		}
		if p.LeadOrganizationID != nil {
			if err := s.setLead(ctx, id, *p.LeadOrganizationID, "lead_organization_id"); err != nil {
				return err
			}
		}
		err = s.DB.UpdateByID(ctx, &models.Consortium{}, id, map[string]any{"name": c.Name, "name_en": c.NameEn,
			"level": c.Level, "description": c.Description, "updated_at": s.Now()})
		if err != nil {
			if models.IsDuplicate(err) {
				return ErrNameTaken
			}
			return err
		}
		return s.Audit(ctx, ac, "consortium.update", core.AuditConsortium, id, p)
	})
	if err != nil {
		return ConsortiumDetail{}, err
	}
	return s.Consortium(ctx, ac, id)
}

// setLead makes the organization (0 for none) the consortium's lead: a member with the lead
// role, every other member a plain member.
func (s *Service) setLead(ctx context.Context, consortiumID, organizationID int64, field string) error {
	if err := s.DB.DemoteConsortiumLeads(ctx, consortiumID); err != nil {
		return err
	}
	var lead *int64
	if organizationID != 0 {
		if _, err := s.DB.OrganizationByID(ctx, organizationID); models.IsNotFound(err) {
			return core.FieldError(field, "catalog.no_such_organization")
		} else if err != nil {
			return err
		}
		err := s.DB.SaveConsortiumMember(ctx, models.ConsortiumMember{ConsortiumID: consortiumID,
			OrganizationID: organizationID, Role: models.MemberLead})
		if err != nil {
			return err
		}
		lead = &organizationID
	}
	return s.DB.UpdateByID(ctx, &models.Consortium{}, consortiumID, map[string]any{"lead_organization_id": lead})
}

// DeleteConsortium deletes a consortium that has no facilities (admins).
func (s *Service) DeleteConsortium(ctx context.Context, ac core.Actor, id int64) error {
	if !ac.IsAdmin() {
		return core.ErrForbidden
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		c, err := s.DB.ConsortiumByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if c.FacilityCount > 0 {
			return ErrInUse.Say("consortium.has_facilities")
		}
		if err := s.DB.DeleteConsortium(ctx, id); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.delete", core.AuditConsortium, id, map[string]any{"name": c.Name})
	})
}

// SetConsortiumMember adds an organization to a consortium or changes its role there (its
// administrators). Making it the lead demotes the former lead.
func (s *Service) SetConsortiumMember(ctx context.Context, ac core.Actor, consortiumID, organizationID int64, role string) (ConsortiumDetail, error) {
	if err := core.RequireConsortiumAdmin(ac, consortiumID); err != nil {
		return ConsortiumDetail{}, err
	}
	if !slices.Contains([]string{models.MemberLead, models.MemberMember}, role) {
		return ConsortiumDetail{}, core.FieldError("role", "consortium.member_role")
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		c, err := s.DB.ConsortiumByID(ctx, consortiumID)
		if err != nil {
			return core.NotFound(err)
		}
		if _, err := s.DB.OrganizationByID(ctx, organizationID); err != nil {
			return core.NotFound(err)
		}
		isLead := c.LeadOrganizationID != nil && *c.LeadOrganizationID == organizationID
		switch {
		case role == models.MemberLead:
			err = s.setLead(ctx, consortiumID, organizationID, "organization_id")
		case isLead:
			err = s.setLead(ctx, consortiumID, 0, "organization_id")
		}
		if err != nil {
			return err
		}
		err = s.DB.SaveConsortiumMember(ctx, models.ConsortiumMember{ConsortiumID: consortiumID, OrganizationID: organizationID, Role: role})
		if err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.member.set", core.AuditConsortium, consortiumID,
			map[string]any{"organization_id": organizationID, "role": role})
	})
	if err != nil {
		return ConsortiumDetail{}, err
	}
	return s.Consortium(ctx, ac, consortiumID)
}

// RemoveConsortiumMember takes an organization out of a consortium (its administrators);
// removing the lead leaves the consortium without one.
func (s *Service) RemoveConsortiumMember(ctx context.Context, ac core.Actor, consortiumID, organizationID int64) error {
	if err := core.RequireConsortiumAdmin(ac, consortiumID); err != nil {
		return err
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		c, err := s.DB.ConsortiumByID(ctx, consortiumID)
		if err != nil {
			return core.NotFound(err)
		}
		removed, err := s.DB.DeleteConsortiumMember(ctx, consortiumID, organizationID)
		if err != nil {
			return err
		}
		if !removed {
			return core.ErrNotFound.Say("consortium.not_member")
		}
		if c.LeadOrganizationID != nil && *c.LeadOrganizationID == organizationID {
			err := s.DB.UpdateByID(ctx, &models.Consortium{}, consortiumID, map[string]any{"lead_organization_id": nil})
			if err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "consortium.member.remove", core.AuditConsortium, consortiumID,
			map[string]any{"organization_id": organizationID})
	})
}
