package catalog

import (
	"context"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// ResourceFilter selects resources; retired ones are left out unless Status asks for them.
type ResourceFilter = models.ResourceFilter

// ResourceView is a resource with what the catalog shows beside it: its facility's names, kind,
// consortium and time zone (the one in force), its industry cluster and the qualification its
// rules require (nil when none).
type ResourceView struct {
	models.Resource
	FacilityName   string
	FacilityNameEn string
	FacilityKind   string
	ConsortiumID   int64
	TimeZone       string
	Location       *time.Location
	Cluster        *models.IndustryCluster
	Qualification  *models.Qualification
}

// Resources lists one page of the resources that match, and how many match, in two queries.
func (s *Service) Resources(ctx context.Context, ac core.Actor, f ResourceFilter, p core.Page) ([]ResourceView, int64, error) {
	rows, total, err := s.DB.ListResources(ctx, f, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	out := make([]ResourceView, len(rows))
	for i, r := range rows {
		out[i] = s.resourceView(r)
	}
	return out, total, nil
}

// Resource loads one resource with what the catalog shows beside it. Every signed-in user may
// read the catalog; booking code reads rules, capacity and time zone from here.
func (s *Service) Resource(ctx context.Context, ac core.Actor, id int64) (ResourceView, error) {
	row, err := s.DB.ResourceRowByID(ctx, id)
	if err != nil {
		return ResourceView{}, core.NotFound(err)
	}
	return s.resourceView(row), nil
}

func (s *Service) resourceView(r models.ResourceRow) ResourceView {
	loc := s.Location(models.Facility{TimeZone: r.TimeZone})
	v := ResourceView{Resource: r.Resource, FacilityName: r.FacilityName, FacilityNameEn: r.FacilityNameEn,
		FacilityKind: r.FacilityKind, ConsortiumID: r.ConsortiumID, TimeZone: loc.String(), Location: loc}
	if r.ClusterID != nil && r.ClusterCode != nil {
		v.Cluster = &models.IndustryCluster{ID: *r.ClusterID, Code: *r.ClusterCode, Name: deref(r.ClusterName), NameEn: deref(r.ClusterNameEn)}
	}
	if r.QualificationID != nil && r.QualificationCode != nil {
		v.Qualification = &models.Qualification{ID: *r.QualificationID, Code: *r.QualificationCode,
			Name: deref(r.QualificationName), NameEn: deref(r.QualificationNameEn), ValidMonths: deref(r.QualificationMonths)}
	}
	return v
}

// ResourceCategories lists the categories of the resources in use, for filters, with how many
// resources each has.
func (s *Service) ResourceCategories(ctx context.Context, ac core.Actor) ([]models.CategoryCount, error) {
	return s.DB.ResourceCategories(ctx)
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
