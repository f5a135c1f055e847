package catalog

import (
	"context"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// FacilityFilter selects facilities.
type FacilityFilter = models.FacilityFilter

// Named is an id with a name, for the people and objects shown beside another.
type Named struct {
	ID   int64
	Name string
}

// FacilityView is a facility with its consortium's names, its managers, its number of resources
// (not retired) and the qualification its default rules require. TimeZone is the one in force:
// the facility's own or the configured default.
type FacilityView struct {
	models.FacilityRow
	Managers             []Named
	ResourceCount        int64
	DefaultQualification *models.Qualification
	Location             *time.Location
}

// Facilities lists one page of the facilities that match, and how many match, in a fixed number
// of queries whatever the page size.
func (s *Service) Facilities(ctx context.Context, ac core.Actor, f FacilityFilter, p core.Page) ([]FacilityView, int64, error) {
	rows, total, err := s.DB.ListFacilities(ctx, f, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.facilityViews(ctx, rows)
	return views, total, err
}

// Facility loads one facility with what its page shows.
func (s *Service) Facility(ctx context.Context, ac core.Actor, id int64) (FacilityView, error) {
	row, err := s.DB.FacilityRowByID(ctx, id)
	if err != nil {
		return FacilityView{}, core.NotFound(err)
	}
	views, err := s.facilityViews(ctx, []models.FacilityRow{row})
	if err != nil {
		return FacilityView{}, err
	}
	return views[0], nil
}

// facilityViews completes facility rows with three batch queries: managers, resource counts and
// default qualifications.
func (s *Service) facilityViews(ctx context.Context, rows []models.FacilityRow) ([]FacilityView, error) {
	ids := make([]int64, len(rows))
	var qualIDs []int64
	for i, r := range rows {
		ids[i] = r.ID
		if q := r.DefaultRules.V.QualificationID; q != nil {
			qualIDs = append(qualIDs, *q)
		}
	}
	managers, err := s.DB.FacilityManagerNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	counts, err := s.DB.ResourceCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	quals, err := s.DB.QualificationsByIDs(ctx, qualIDs)
	if err != nil {
		return nil, err
	}
	byFacility := map[int64][]Named{}
	for _, m := range managers {
		byFacility[m.FacilityID] = append(byFacility[m.FacilityID], Named{ID: m.UserID, Name: m.Name})
	}
	out := make([]FacilityView, len(rows))
	for i, r := range rows {
		v := FacilityView{FacilityRow: r, Managers: byFacility[r.ID], ResourceCount: counts[r.ID]}
		if v.Managers == nil {
			v.Managers = []Named{}
		}
		if v.OpeningHours.V == nil {
			v.OpeningHours.V = []models.OpeningInterval{}
		}
		if q := r.DefaultRules.V.QualificationID; q != nil {
			if qual, ok := quals[*q]; ok {
				v.DefaultQualification = &qual
			}
		}
		v.Location = s.Location(r.Facility)
		v.TimeZone = v.Location.String()
		out[i] = v
	}
	return out, nil
}
