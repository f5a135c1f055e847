package models

import (
	"context"

	"gorm.io/gorm"
)

// FacilityFilter selects facilities.
type FacilityFilter struct {
	Kind         string
	ConsortiumID int64
	District     string
	Query        string // in the name, English name, district or address
}

// FacilityRow is a facility with the names of its consortium.
type FacilityRow struct {
	Facility
	ConsortiumName   string
	ConsortiumNameEn string
	ConsortiumLevel  string
}

func (d *DB) facilityQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("facilities f").
		Select("f.*, c.name AS consortium_name, c.name_en AS consortium_name_en, c.level AS consortium_level").
		Joins("JOIN consortia c ON c.id = f.consortium_id")
}

// ListFacilities lists one page of the facilities that match, by id, and how many match.
func (d *DB) ListFacilities(ctx context.Context, f FacilityFilter, limit, offset int) ([]FacilityRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.Kind != "" {
			q = q.Where("f.kind = ?", f.Kind)
		}
		if f.ConsortiumID != 0 {
			q = q.Where("f.consortium_id = ?", f.ConsortiumID)
		}
		if f.District != "" {
			q = q.Where("f.district = ?", f.District)
		}
		return whereContains(q, f.Query, "f.name", "f.name_en", "f.district", "f.address")
	}
	return page[FacilityRow](filter(d.R(ctx).Table("facilities f")), filter(d.facilityQuery(ctx)).Order("f.id"), limit, offset)
}

// FacilityRowByID loads a facility with the names of its consortium.
func (d *DB) FacilityRowByID(ctx context.Context, id int64) (FacilityRow, error) {
	var out []FacilityRow
	if err := d.facilityQuery(ctx).Where("f.id = ?", id).Scan(&out).Error; err != nil {
		return FacilityRow{}, err
	}
	if len(out) == 0 {
		return FacilityRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// FacilityByID loads a facility.
func (d *DB) FacilityByID(ctx context.Context, id int64) (Facility, error) {
	return first[Facility](d.R(ctx), id)
}

// TouchFacility counts a change of a facility's calendar that its row does not hold (a blackout
// added or removed) in its version, so that bookings checked against the calendar before see it
// (CatalogStamp).
func (d *DB) TouchFacility(ctx context.Context, id int64) error {
	return d.W(ctx).Model(&Facility{}).Where("id = ?", id).UpdateColumn("version", gorm.Expr("version + 1")).Error
}

// ExistingFacilityIDs returns those of the ids that name a facility.
func (d *DB) ExistingFacilityIDs(ctx context.Context, ids []int64) ([]int64, error) {
	var out []int64
	if len(ids) == 0 {
		return out, nil
	}
	err := d.R(ctx).Model(&Facility{}).Where("id IN ?", ids).Order("id").Pluck("id", &out).Error
	return out, err
}

// ManagerName names a manager of a facility.
type ManagerName struct {
	FacilityID int64
	UserID     int64
	Name       string
}

// FacilityManagerNames lists the managers of the facilities, in one query.
func (d *DB) FacilityManagerNames(ctx context.Context, facilityIDs []int64) ([]ManagerName, error) {
	var out []ManagerName
	if len(facilityIDs) == 0 {
		return out, nil
	}
	err := d.R(ctx).Table("facility_managers fm").Select("fm.facility_id, fm.user_id, u.name").
		Joins("JOIN users u ON u.id = fm.user_id").
		Where("fm.facility_id IN ?", facilityIDs).Order("fm.facility_id, u.name, u.id").Scan(&out).Error
	return out, err
}

// ResourceCounts counts the resources of each facility that are not retired, in one query.
func (d *DB) ResourceCounts(ctx context.Context, facilityIDs []int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	if len(facilityIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		FacilityID int64
		N          int64
	}
	err := d.R(ctx).Model(&Resource{}).Select("facility_id, COUNT(*) AS n").
		Where("facility_id IN ? AND status <> ?", facilityIDs, ResourceRetired).Group("facility_id").Scan(&rows).Error
	for _, r := range rows {
		out[r.FacilityID] = r.N
	}
	return out, err
}

// SetFacilityManagers replaces the managers of a facility (ErrRetry when a concurrent
// replacement inserted first).
func (d *DB) SetFacilityManagers(ctx context.Context, facilityID int64, userIDs []int64) error {
	if err := d.W(ctx).Where("facility_id = ?", facilityID).Delete(&FacilityManager{}).Error; err != nil {
		return err
	}
	for _, uid := range userIDs {
		if err := d.AddFacilityManager(ctx, facilityID, uid); err != nil {
			return raced(err)
		}
	}
	return nil
}

// CountFacilityResources counts every resource of a facility, retired ones included.
func (d *DB) CountFacilityResources(ctx context.Context, facilityID int64) (int64, error) {
	var n int64
	err := d.R(ctx).Model(&Resource{}).Where("facility_id = ?", facilityID).Count(&n).Error
	return n, err
}

// DeleteFacility deletes a facility with its managers and blackouts (the schema cascades).
func (d *DB) DeleteFacility(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Facility{}, id).Error
}

// FacilityWithResources loads a facility and its resources that are not retired, in two
// queries.
func (d *DB) FacilityWithResources(ctx context.Context, facilityID int64) (Facility, []Resource, error) {
	var fac Facility
	if err := d.R(ctx).First(&fac, facilityID).Error; err != nil {
		return fac, nil, err
	}
	var res []Resource
	err := d.R(ctx).Where("facility_id = ? AND status <> ?", facilityID, ResourceRetired).Order("name, id").Find(&res).Error
	return fac, res, err
}
