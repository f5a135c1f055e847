package services

import (
	"context"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditOffering is the audit log's name of a service offering.
const AuditOffering = "service_offering"

// latestRatings is how many ratings an offering's page shows.
const latestRatings = 20

// OfferingFilter selects offerings of the catalogue.
type OfferingFilter struct {
	Query           string
	ClusterID       int64
	District        string
	PriceBasis      models.PriceBasis
	FacilityID      int64
	IncludeInactive bool
}

// OfferingView is an offering with its platform, its equipment and its rating.
type OfferingView struct {
	models.ServiceOfferingRow
	ResourceIDs []int64
}

// OfferingDetail is an offering's page: its equipment by name, its latest ratings, and what the
// caller may do.
type OfferingDetail struct {
	OfferingView
	Resources []models.Resource
	Ratings   []models.ServiceRating
	Actions   []string
}

// OfferingInput is an offering as its platform's managers write it.
type OfferingInput struct {
	FacilityID         int64
	Name               string
	NameEn             string
	Description        string
	ClusterID          *int64
	PriceBasis         models.PriceBasis
	PriceFen           int64
	TurnaroundDays     int
	Requirements       string
	FirstResponseHours int
	Active             bool
	ResourceIDs        []int64
}

// OfferingPatch changes the fields given of an offering; a ClusterID of 0 removes the cluster.
type OfferingPatch struct {
	Name, NameEn, Description, Requirements *string
	ClusterID                               *int64
	PriceBasis                              *models.PriceBasis
	PriceFen                                *int64
	TurnaroundDays, FirstResponseHours      *int
	Active                                  *bool
	ResourceIDs                             *[]int64
}

// Offerings searches the catalogue across every platform of the city: active offerings, and
// with IncludeInactive the inactive ones of the platforms the actor manages.
func (s *Service) Offerings(ctx context.Context, ac core.Actor, f OfferingFilter, p core.Page) ([]OfferingView, int64, error) {
	mf := models.ServiceOfferingFilter{Query: f.Query, ClusterID: f.ClusterID, District: strings.TrimSpace(f.District),
		PriceBasis: f.PriceBasis, FacilityID: f.FacilityID}
	if f.IncludeInactive {
		mf.AllFacilities = ac.IsAdmin()
		if ac.ScopedToFacilities() {
			mf.AllOf = ac.ManagedFacilityIDs
		}
	}
	rows, total, err := s.DB.ListServiceOfferings(ctx, mf, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.offeringViews(ctx, rows)
	return views, total, err
}

func (s *Service) offeringViews(ctx context.Context, rows []models.ServiceOfferingRow) ([]OfferingView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	res, err := s.DB.OfferingResourceIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]OfferingView, len(rows))
	for i, r := range rows {
		out[i] = OfferingView{ServiceOfferingRow: r, ResourceIDs: res[r.ID]}
		if out[i].ResourceIDs == nil {
			out[i].ResourceIDs = []int64{}
		}
	}
	return out, nil
}

// Offering is an offering's page; an inactive one is not found except by its platform's managers.
func (s *Service) Offering(ctx context.Context, ac core.Actor, id int64) (OfferingDetail, error) {
	row, err := s.DB.ServiceOfferingRowByID(ctx, id)
	if err != nil {
		return OfferingDetail{}, core.NotFound(err)
	}
	manages := ac.ManagesFacility(row.FacilityID)
	if !row.Active && !manages {
		return OfferingDetail{}, core.ErrNotFound
	}
	views, err := s.offeringViews(ctx, []models.ServiceOfferingRow{row})
	if err != nil {
		return OfferingDetail{}, err
	}
	d := OfferingDetail{OfferingView: views[0], Resources: []models.Resource{}, Actions: []string{}}
	for _, rid := range d.ResourceIDs {
		r, err := s.DB.ResourceByID(ctx, rid)
		if err != nil {
			return d, err
		}
		d.Resources = append(d.Resources, r)
	}
	if d.Ratings, err = s.DB.OfferingRatings(ctx, id, latestRatings); err != nil {
		return d, err
	}
	if manages {
		d.Actions = append(d.Actions, "edit")
	}
	return d, nil
}

// CreateOffering publishes an offering of a tech platform (its managers, admins).
func (s *Service) CreateOffering(ctx context.Context, ac core.Actor, in OfferingInput) (OfferingDetail, error) {
	if err := core.RequireFacilityManager(ac, in.FacilityID); err != nil {
		return OfferingDetail{}, err
	}
	now := s.Now()
	o := models.ServiceOffering{FacilityID: in.FacilityID, Name: strings.TrimSpace(in.Name), NameEn: strings.TrimSpace(in.NameEn),
		Description: strings.TrimSpace(in.Description), ClusterID: in.ClusterID, PriceBasis: in.PriceBasis, PriceFen: in.PriceFen,
		TurnaroundDays: in.TurnaroundDays, Requirements: strings.TrimSpace(in.Requirements), FirstResponseHours: in.FirstResponseHours,
		Active: in.Active, CreatedAt: now, UpdatedAt: now}
	resources := core.UniqueIDs(in.ResourceIDs)
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.checkOffering(ctx, o, resources); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &o); err != nil {
			return err
		}
		if err := s.DB.SetOfferingResources(ctx, o.ID, resources); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "service_offering.create", AuditOffering, o.ID, map[string]any{"name": o.Name, "facility_id": o.FacilityID})
	})
	if err != nil {
		return OfferingDetail{}, err
	}
	return s.Offering(ctx, ac, o.ID)
}

// UpdateOffering changes an offering (its platform's managers, admins).
func (s *Service) UpdateOffering(ctx context.Context, ac core.Actor, id int64, p OfferingPatch) (OfferingDetail, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		o, err := s.DB.ServiceOfferingByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if err := core.RequireFacilityManager(ac, o.FacilityID); err != nil {
			if o.Active {
				return err
			}
			return core.ErrNotFound
		}
		core.Set(&o.Name, core.Trimmed(p.Name))
		core.Set(&o.NameEn, core.Trimmed(p.NameEn))
		core.Set(&o.Description, core.Trimmed(p.Description))
		core.Set(&o.Requirements, core.Trimmed(p.Requirements))
		core.Set(&o.PriceBasis, p.PriceBasis)
		core.Set(&o.PriceFen, p.PriceFen)
		core.Set(&o.TurnaroundDays, p.TurnaroundDays)
		core.Set(&o.FirstResponseHours, p.FirstResponseHours)
		core.Set(&o.Active, p.Active)
		if p.ClusterID != nil {
			o.ClusterID = p.ClusterID
			if *p.ClusterID == 0 {
				o.ClusterID = nil
			}
		}
		resources, err := s.DB.OfferingResourceIDs(ctx, []int64{o.ID})
		if err != nil {
			return err
		}
		ids := resources[o.ID]
		if p.ResourceIDs != nil {
			ids = core.UniqueIDs(*p.ResourceIDs)
		}
		if err := s.checkOffering(ctx, o, ids); err != nil {
			return err
		}
		o.UpdatedAt = s.Now()
		if err := s.DB.SaveServiceOffering(ctx, &o); err != nil {
			return err
		}
		if p.ResourceIDs != nil {
			if err := s.DB.SetOfferingResources(ctx, o.ID, ids); err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "service_offering.update", AuditOffering, o.ID, p)
	})
	if err != nil {
		return OfferingDetail{}, err
	}
	return s.Offering(ctx, ac, id)
}

// checkOffering checks what the request's validation cannot: the facility is a tech platform,
// the cluster exists, the price fits the basis, the equipment is the platform's.
func (s *Service) checkOffering(ctx context.Context, o models.ServiceOffering, resourceIDs []int64) error {
	fields := map[string]core.Text{}
	if fac, err := s.DB.FacilityByID(ctx, o.FacilityID); err != nil || fac.Kind != models.KindTechPlatform {
		fields["facility_id"] = core.T("services.not_tech_platform")
	}
	if o.ClusterID != nil {
		if _, err := s.DB.ClusterByID(ctx, *o.ClusterID); err != nil {
			fields["cluster_id"] = core.T("field.invalid")
		}
	}
	switch {
	case !slices.Contains(models.PriceBases, o.PriceBasis):
		fields["price_basis"] = core.T("field.choose")
	case o.PriceBasis == models.PriceByQuote && o.PriceFen != 0:
		fields["price_fen"] = core.T("services.price_by_quote")
	case o.PriceBasis != models.PriceByQuote && o.PriceFen <= 0:
		fields["price_fen"] = core.T("services.price_required")
	}
	for _, id := range resourceIDs {
		if r, err := s.DB.ResourceByID(ctx, id); err != nil || r.FacilityID != o.FacilityID {
			fields["resource_ids"] = core.T("services.resource_not_of_platform")
			break
		}
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}
