package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// ConsortiumView is a consortium (产教联合体) with its lead organization's name and its counts.
type ConsortiumView = models.ConsortiumRow

// ConsortiumDetail is a consortium with its member organizations and industry clusters.
type ConsortiumDetail struct {
	ConsortiumView
	Members  []models.MemberRow
	Clusters []models.IndustryCluster
}

// MemberInput names an organization of a consortium and its role (lead or member).
type MemberInput struct {
	OrganizationID int64  `json:"organization_id"`
	Role           string `json:"role"`
}

// NewConsortium is a consortium an admin creates. The lead organization, when named, becomes a
// member with the lead role.
type NewConsortium struct {
	Name               string        `json:"name"`
	NameEn             string        `json:"name_en"`
	Level              string        `json:"level"`
	Description        string        `json:"description"`
	LeadOrganizationID *int64        `json:"lead_organization_id"`
	Clusters           []string      `json:"clusters"` // industry cluster codes
	Members            []MemberInput `json:"members"`
}

// ConsortiumPatch changes some fields of a consortium.
type ConsortiumPatch struct {
	Name               *string   `json:"name,omitempty"`
	NameEn             *string   `json:"name_en,omitempty"`
	Level              *string   `json:"level,omitempty"`
	Description        *string   `json:"description,omitempty"`
	LeadOrganizationID *int64    `json:"lead_organization_id,omitempty"` // 0 removes the lead
	Clusters           *[]string `json:"clusters,omitempty"`
}

// Consortia lists one page of the consortia of a level ("" for all) whose name contains query,
// and how many match.
func (s *Service) Consortia(ctx context.Context, ac core.Actor, level, query string, p core.Page) ([]ConsortiumView, int64, error) {
	return s.DB.ListConsortia(ctx, level, query, p.Size, p.Offset())
}

// Consortium loads a consortium with its members and clusters.
func (s *Service) Consortium(ctx context.Context, ac core.Actor, id int64) (ConsortiumDetail, error) {
	c, err := s.DB.ConsortiumByID(ctx, id)
	if err != nil {
		return ConsortiumDetail{}, core.NotFound(err)
	}
	d := ConsortiumDetail{ConsortiumView: c}
	if d.Members, err = s.DB.ConsortiumMembers(ctx, id); err != nil {
		return d, err
	}
	d.Clusters, err = s.DB.ConsortiumClusters(ctx, id)
	return d, err
}

// CreateConsortium creates a consortium with its clusters and members (admins).
func (s *Service) CreateConsortium(ctx context.Context, ac core.Actor, in NewConsortium) (ConsortiumDetail, error) {
	if !ac.IsAdmin() {
		return ConsortiumDetail{}, core.ErrForbidden
	}
	now := s.Now()
	c := models.Consortium{Name: strings.TrimSpace(in.Name), NameEn: strings.TrimSpace(in.NameEn), Level: in.Level,
		Description: strings.TrimSpace(in.Description), LeadOrganizationID: in.LeadOrganizationID, CreatedAt: now, UpdatedAt: now}
	members, fields := consortiumMembers(in)
	if c.LeadOrganizationID == nil {
		for _, m := range members {
			if m.Role == models.MemberLead {
				c.LeadOrganizationID = &m.OrganizationID
			}
		}
	}
	validateConsortium(c, fields)
	if len(fields) > 0 {
		return ConsortiumDetail{}, core.ValidationError(fields)
	}
	var id int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		c.ID = 0
		clusterIDs, err := s.ClusterIDs(ctx, in.Clusters)
		if err != nil {
			return err
		}
		if err := s.checkOrganizations(ctx, members, len(in.Members)); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &c); err != nil {
			if models.IsDuplicate(err) {
				return ErrNameTaken
			}
			return err
		}
		id = c.ID
		for _, m := range members {
			if err := s.DB.SaveConsortiumMember(ctx, models.ConsortiumMember{ConsortiumID: c.ID, OrganizationID: m.OrganizationID, Role: m.Role}); err != nil {
				return err
			}
		}
		if err := s.DB.SetConsortiumClusters(ctx, c.ID, clusterIDs); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.create", core.AuditConsortium, c.ID, in)
	})
	if err != nil {
		return ConsortiumDetail{}, err
	}
	return s.Consortium(ctx, ac, id)
}

// consortiumMembers lists the members to create: those given plus the lead, each once, with
// the lead's role set from LeadOrganizationID when it is given.
func consortiumMembers(in NewConsortium) ([]MemberInput, map[string]core.Text) {
	fields := map[string]core.Text{}
	var out []MemberInput
	leads := 0
	for i, m := range in.Members {
		if !slices.Contains([]string{models.MemberLead, models.MemberMember}, m.Role) {
			fields[fmt.Sprintf("members[%d].role", i)] = core.T("consortium.member_role")
		}
		if slices.ContainsFunc(out, func(o MemberInput) bool { return o.OrganizationID == m.OrganizationID }) {
			fields[fmt.Sprintf("members[%d].organization_id", i)] = core.T("field.listed_twice")
			continue
		}
		if m.Role == models.MemberLead {
			leads++
			if in.LeadOrganizationID != nil && *in.LeadOrganizationID != m.OrganizationID {
				fields[fmt.Sprintf("members[%d].role", i)] = core.T("consortium.another_lead")
			}
		}
		out = append(out, m)
	}
	if leads > 1 {
		fields["members"] = core.T("consortium.one_lead")
	}
	if lead := in.LeadOrganizationID; lead != nil {
		i := slices.IndexFunc(out, func(o MemberInput) bool { return o.OrganizationID == *lead })
		if i < 0 {
			out = append(out, MemberInput{OrganizationID: *lead, Role: models.MemberLead})
		} else {
			out[i].Role = models.MemberLead
		}
	}
	return out, fields
}

func validateConsortium(c models.Consortium, fields map[string]core.Text) {
	if c.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !slices.Contains(models.Levels, c.Level) {
		fields["level"] = core.T("field.choose")
	}
}

// ClusterIDs resolves industry cluster codes, naming the field when one is unknown.
func (s *Service) ClusterIDs(ctx context.Context, codes []string) ([]int64, error) {
	codes = slices.Compact(slices.Sorted(slices.Values(codes)))
	found, err := s.DB.ClustersByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(found))
	for _, c := range found {
		ids = append(ids, c.ID)
	}
	if len(found) < len(codes) {
		return nil, core.FieldError("clusters", "catalog.unknown_cluster")
	}
	return ids, nil
}

// checkOrganizations names the field of each member whose organization does not exist; members
// past the given ones were added for lead_organization_id.
func (s *Service) checkOrganizations(ctx context.Context, members []MemberInput, given int) error {
	fields := map[string]core.Text{}
	for i, m := range members {
		field := fmt.Sprintf("members[%d].organization_id", i)
		if i >= given {
			field = "lead_organization_id"
		}
		if _, err := s.DB.OrganizationByID(ctx, m.OrganizationID); models.IsNotFound(err) {
			fields[field] = core.T("catalog.no_such_organization")
		} else if err != nil {
			return err
		}
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}
