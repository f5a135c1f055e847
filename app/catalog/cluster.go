package catalog

import (
	"context"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// NewCluster is an industry cluster an admin adds.
type NewCluster struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEn    string `json:"name_en"`
	Tier      string `json:"tier"`
	SortOrder int    `json:"sort_order"`
}

// ClusterPatch changes some fields of an industry cluster; its code stays.
type ClusterPatch struct {
	Name      *string `json:"name,omitempty"`
	NameEn    *string `json:"name_en,omitempty"`
	Tier      *string `json:"tier,omitempty"`
	SortOrder *int    `json:"sort_order,omitempty"`
}

// Clusters lists one page of the industry clusters of the 33618 system, every tier, in display
// order, and how many there are.
func (s *Service) Clusters(ctx context.Context, ac core.Actor, p core.Page) ([]models.IndustryCluster, int64, error) {
	all, err := s.DB.ListClusters(ctx)
	if err != nil {
		return nil, 0, err
	}
	return pageOf(all, p), int64(len(all)), nil
}

// CreateCluster adds an industry cluster (admins).
func (s *Service) CreateCluster(ctx context.Context, ac core.Actor, in NewCluster) (models.IndustryCluster, error) {
	if !ac.IsAdmin() {
		return models.IndustryCluster{}, core.ErrForbidden
	}
	c := models.IndustryCluster{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), Tier: in.Tier, SortOrder: in.SortOrder}
	fields := map[string]core.Text{}
	if !codePattern.MatchString(c.Code) {
		fields["code"] = core.T("field.code_format", "max", 40)
	}
	validateCluster(c, fields)
	if len(fields) > 0 {
		return c, core.ValidationError(fields)
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		c.ID = 0
		if err := s.DB.Insert(ctx, &c); err != nil {
			if models.IsDuplicate(err) {
				return ErrCodeTaken
			}
			return err
		}
		return s.Audit(ctx, ac, "cluster.create", core.AuditCluster, c.ID, in)
	})
	return c, err
}

// UpdateCluster changes an industry cluster (admins).
func (s *Service) UpdateCluster(ctx context.Context, ac core.Actor, id int64, p ClusterPatch) (models.IndustryCluster, error) {
	if !ac.IsAdmin() {
		return models.IndustryCluster{}, core.ErrForbidden
	}
	var c models.IndustryCluster
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.DB.ClusterByID(ctx, id); err != nil {
			return core.NotFound(err)
		}
		core.Set(&c.Name, core.Trimmed(p.Name))
		core.Set(&c.NameEn, core.Trimmed(p.NameEn))
		core.Set(&c.Tier, p.Tier)
		core.Set(&c.SortOrder, p.SortOrder)
		fields := map[string]core.Text{}
		if validateCluster(c, fields); len(fields) > 0 {
			return core.ValidationError(fields)
		}
		err = s.DB.UpdateByID(ctx, &models.IndustryCluster{}, id, map[string]any{
			"name": c.Name, "name_en": c.NameEn, "tier": c.Tier, "sort_order": c.SortOrder})
		if err != nil {
			return err
		}
		return s.Audit(ctx, ac, "cluster.update", core.AuditCluster, id, p)
	})
	return c, err
}

func validateCluster(c models.IndustryCluster, fields map[string]core.Text) {
	if c.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !slices.Contains(models.ClusterTiers, c.Tier) {
		fields["tier"] = core.T("field.choose")
	}
	if c.SortOrder < 0 || c.SortOrder > 1_000_000 {
		fields["sort_order"] = core.T("field.between", "min", 0, "max", 1000000)
	}
}

// pageOf cuts one page out of a short list read whole (reference data).
func pageOf[T any](items []T, p core.Page) []T {
	start := min(p.Offset(), len(items))
	if p.Offset() < 0 {
		start = len(items)
	}
	return items[start:min(start+p.Size, len(items))]
}
