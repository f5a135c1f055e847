package models

import (
	"context"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"
)

// ResourceStatuses lists every resource status.
var ResourceStatuses = []string{ResourceAvailable, ResourceMaintenance, ResourceRetired}

// ResourceFilter selects resources. Retired resources are left out unless Status asks for them.
type ResourceFilter struct {
	FacilityID   int64
	ConsortiumID int64
	Query        string // in the name, English name, model or asset number
	Cluster      string // industry cluster code
	Category     string
	Status       string
	Kind         string // the facility's kind
}

// ResourceRow is a resource with the names the catalog shows beside it: its facility, cluster
// and required qualification.
type ResourceRow struct {
	Resource
	FacilityName        string
	FacilityNameEn      string
	FacilityKind        string
	TimeZone            string
	ConsortiumID        int64
	ClusterCode         *string
	ClusterName         *string
	ClusterNameEn       *string
	QualificationCode   *string
	QualificationName   *string
	QualificationNameEn *string
	QualificationMonths *int
}

func (d *DB) resourceQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("resources r").
		Select("r.*, f.name AS facility_name, f.name_en AS facility_name_en, f.kind AS facility_kind, " +
			"f.time_zone, f.consortium_id, cl.code AS cluster_code, cl.name AS cluster_name, cl.name_en AS cluster_name_en, " +
			"q.code AS qualification_code, q.name AS qualification_name, q.name_en AS qualification_name_en, " +
			"q.valid_months AS qualification_months").
		Joins("JOIN facilities f ON f.id = r.facility_id").
		Joins("LEFT JOIN industry_clusters cl ON cl.id = r.cluster_id").
		Joins("LEFT JOIN qualifications q ON q.id = r.qualification_id")
}

// ListResources lists one page of the resources that match, by id, with their names, in one
// query, and how many match, in another.
func (d *DB) ListResources(ctx context.Context, f ResourceFilter, limit, offset int) ([]ResourceRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if f.FacilityID != 0 {
			q = q.Where("r.facility_id = ?", f.FacilityID)
		}
		if f.ConsortiumID != 0 {
			q = q.Where("f.consortium_id = ?", f.ConsortiumID)
		}
		if f.Kind != "" {
			q = q.Where("f.kind = ?", f.Kind)
		}
		if f.Cluster != "" {
			q = q.Where("r.cluster_id = (SELECT id FROM industry_clusters WHERE code = ?)", f.Cluster)
		}
		if f.Category != "" {
			q = q.Where("r.category = ?", f.Category)
		}
		if f.Status != "" {
			q = q.Where("r.status = ?", f.Status)
		} else {
			q = q.Where("r.status <> ?", ResourceRetired)
		}
		return whereContains(q, f.Query, "r.name", "r.name_en", "r.model", "r.asset_no")
	}
	count := d.R(ctx).Table("resources r").Joins("JOIN facilities f ON f.id = r.facility_id")
	return page[ResourceRow](filter(count), filter(d.resourceQuery(ctx)).Order("r.id"), limit, offset)
}

// ResourceRowByID loads a resource with the names the catalog shows beside it.
func (d *DB) ResourceRowByID(ctx context.Context, id int64) (ResourceRow, error) {
	var out []ResourceRow
	if err := d.resourceQuery(ctx).Where("r.id = ?", id).Scan(&out).Error; err != nil {
		return ResourceRow{}, err
	}
	if len(out) == 0 {
		return ResourceRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// ResourceByID loads a resource.
func (d *DB) ResourceByID(ctx context.Context, id int64) (Resource, error) {
	return first[Resource](d.R(ctx), id)
}

// CategoryCount is a resource category and how many resources (not retired) have it.
type CategoryCount struct {
	Category string
	N        int64
}

// ResourceCategories lists the distinct categories of the resources that are not retired.
func (d *DB) ResourceCategories(ctx context.Context) ([]CategoryCount, error) {
	var out []CategoryCount
	err := d.R(ctx).Model(&Resource{}).Select("category, COUNT(*) AS n").Where("status <> ?", ResourceRetired).
		Group("category").Order("category").Scan(&out).Error
	return out, err
}

// BookingsClaimingSeatsFrom lists the bookings that claim seats numbered seat or higher of a
// resource, on slots from the given time on: the active bookings a lower capacity would strand.
func (d *DB) BookingsClaimingSeatsFrom(ctx context.Context, resourceID int64, seat int, from time.Time) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&BookingClaim{}).Distinct("booking_id").
		Where("resource_id = ? AND seat >= ? AND slot_start >= ?", resourceID, seat, from.UTC()).Pluck("booking_id", &ids).Error
	return ids, err
}

// ResourceWithFacility loads a resource and the facility it belongs to, in one query.
func (d *DB) ResourceWithFacility(ctx context.Context, resourceID int64) (Resource, Facility, error) {
	var row struct {
		Resource
		Facility Facility `gorm:"embedded;embeddedPrefix:facility__"`
	}
	cols, err := facilityColumns()
	if err != nil {
		return Resource{}, Facility{}, err
	}
	err = d.R(ctx).Table("resources").Select("resources.*, "+cols).
		Joins("JOIN facilities ON facilities.id = resources.facility_id").Where("resources.id = ?", resourceID).Take(&row).Error
	return row.Resource, row.Facility, err
}

// facilityColumns selects every column of facilities as facility__COLUMN, for ResourceWithFacility.
var facilityColumns = sync.OnceValues(func() (string, error) {
	sch, err := schema.Parse(&Facility{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		return "", err
	}
	cols := make([]string, 0, len(sch.DBNames))
	for _, c := range sch.DBNames {
		cols = append(cols, "facilities."+c+" AS facility__"+c)
	}
	return strings.Join(cols, ", "), nil
})

// CatalogStamp is the versions of a resource and of its facility (whose version counts its
// blackouts too): what a booking was checked against is still so when both are unchanged.
type CatalogStamp struct {
	ResourceVersion int64
	FacilityVersion int64
}

// Matches reports whether the stamp is that of the resource and facility as loaded.
func (c CatalogStamp) Matches(res Resource, fac Facility) bool {
	return c.ResourceVersion == res.Version && c.FacilityVersion == fac.Version
}

// LockCatalogStamp reads the stamp of a resource and its facility inside the write transaction
// of ctx (a stamp of -1s when there is no such resource). On MySQL it holds a shared lock on
// both rows until the transaction ends: a change of either waits for the transaction, which in
// turn waits for a change under way, so each sees the other whole. SQLite's one writer orders
// them.
func (d *DB) LockCatalogStamp(ctx context.Context, resourceID int64) (CatalogStamp, error) {
	q := "SELECT r.version AS resource_version, f.version AS facility_version " +
		"FROM resources r JOIN facilities f ON f.id = r.facility_id WHERE r.id = ?"
	if d.Dialect == MySQL {
		q += " LOCK IN SHARE MODE"
	}
	var out []CatalogStamp
	if err := d.W(ctx).Raw(q, resourceID).Scan(&out).Error; err != nil || len(out) == 0 {
		return CatalogStamp{ResourceVersion: -1, FacilityVersion: -1}, err
	}
	return out[0], nil
}
