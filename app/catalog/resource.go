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
// consortium and time zone (the one in force), its industry cluster, the qualification its
// rules require (nil when none) and the published courses that grant it.
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
	// QualificationCourses are the published courses whose passing grants the qualification.
	QualificationCourses []models.CourseRef
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
	return out, total, s.addQualificationCourses(ctx, out)
}

// Resource loads one resource with what the catalog shows beside it. Every signed-in user may
// read the catalog; booking code reads rules, capacity and time zone from here.
func (s *Service) Resource(ctx context.Context, ac core.Actor, id int64) (ResourceView, error) {
	row, err := s.DB.ResourceRowByID(ctx, id)
	if err != nil {
		return ResourceView{}, core.NotFound(err)
	}
	v := []ResourceView{s.resourceView(row)}
	return v[0], s.addQualificationCourses(ctx, v)
}

// addQualificationCourses names, beside each resource that requires a qualification, the
// courses that grant it, in one query for all of them.
func (s *Service) addQualificationCourses(ctx context.Context, views []ResourceView) error {
	var ids []int64
	for _, v := range views {
		if v.Qualification != nil {
			ids = append(ids, v.Qualification.ID)
		}
	}
	courses, err := s.DB.PublishedCoursesGranting(ctx, ids)
	if err != nil {
		return err
	}
	for i, v := range views {
		if v.Qualification != nil {
			views[i].QualificationCourses = courses[v.Qualification.ID]
		}
	}
	return nil
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
