package app

import (
	"context"
	"slices"
	"strings"

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
func (a *App) Clusters(ctx context.Context, ac Actor, p Page) ([]models.IndustryCluster, int64, error) {
	all, err := a.db.ListClusters(ctx)
	if err != nil {
		return nil, 0, err
	}
	return pageOf(all, p), int64(len(all)), nil
}

// CreateCluster adds an industry cluster (admins).
func (a *App) CreateCluster(ctx context.Context, ac Actor, in NewCluster) (models.IndustryCluster, error) {
	if !ac.IsAdmin() {
		return models.IndustryCluster{}, ErrForbidden
	}
	c := models.IndustryCluster{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), Tier: in.Tier, SortOrder: in.SortOrder}
	fields := map[string]string{}
	if !codePattern.MatchString(c.Code) {
		fields["code"] = "must be lower-case snake_case, at most 40 characters"
	}
	validateCluster(c, fields)
	if len(fields) > 0 {
		return c, ValidationError(fields)
	}
	err := a.tx(ctx, func(ctx context.Context) error {
		c.ID = 0
		if err := a.db.Insert(ctx, &c); err != nil {
			if models.IsDuplicate(err) {
				return ErrCodeTaken
			}
			return err
		}
		return a.audit(ctx, ac, "cluster.create", auditCluster, c.ID, in)
	})
	return c, err
}

// UpdateCluster changes an industry cluster (admins).
func (a *App) UpdateCluster(ctx context.Context, ac Actor, id int64, p ClusterPatch) (models.IndustryCluster, error) {
	if !ac.IsAdmin() {
		return models.IndustryCluster{}, ErrForbidden
	}
	var c models.IndustryCluster
	err := a.tx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = a.db.ClusterByID(ctx, id); err != nil {
			return NotFound(err)
		}
		Set(&c.Name, Trimmed(p.Name))
		Set(&c.NameEn, Trimmed(p.NameEn))
		Set(&c.Tier, p.Tier)
		Set(&c.SortOrder, p.SortOrder)
		fields := map[string]string{}
		if validateCluster(c, fields); len(fields) > 0 {
			return ValidationError(fields)
		}
		err = a.db.UpdateByID(ctx, &models.IndustryCluster{}, id, map[string]any{
			"name": c.Name, "name_en": c.NameEn, "tier": c.Tier, "sort_order": c.SortOrder})
		if err != nil {
			return err
		}
		return a.audit(ctx, ac, "cluster.update", auditCluster, id, p)
	})
	return c, err
}

func validateCluster(c models.IndustryCluster, fields map[string]string) {
	if c.Name == "" {
		fields["name"] = "required"
	}
	if !slices.Contains(models.ClusterTiers, c.Tier) {
		fields["tier"] = "must be one of " + strings.Join(models.ClusterTiers, ", ")
	}
	if c.SortOrder < 0 || c.SortOrder > 1_000_000 {
		fields["sort_order"] = "must be between 0 and 1000000"
	}
}

// trimmed returns a pointer to the trimmed string, nil for nil.
func Trimmed(s *string) *string {
	if s == nil {
		return nil
	}
	t := strings.TrimSpace(*s)
	return &t
}

// pageOf cuts one page out of a short list read whole (reference data).
func pageOf[T any](items []T, p Page) []T {
	start := min(p.Offset(), len(items))
	if p.Offset() < 0 {
		start = len(items)
	}
	return items[start:min(start+p.Size, len(items))]
}
