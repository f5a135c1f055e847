package models

import (
	"context"

	"gorm.io/gorm"
)

// Roles of an organization in a consortium.
const (
	MemberLead   = "lead"
	MemberMember = "member"
)

// ConsortiumRow is a consortium with its lead organization's name and its counts.
type ConsortiumRow struct {
	Consortium
	LeadName      *string
	LeadNameEn    *string
	MemberCount   int64
	FacilityCount int64
}

func (d *DB) consortiumQuery(ctx context.Context) *gorm.DB {
	return d.R(ctx).Table("consortia c").
		Select("c.*, o.name AS lead_name, o.name_en AS lead_name_en, " +
			"(SELECT COUNT(*) FROM consortium_members m WHERE m.consortium_id = c.id) AS member_count, " +
			"(SELECT COUNT(*) FROM facilities f WHERE f.consortium_id = c.id) AS facility_count").
		Joins("LEFT JOIN organizations o ON o.id = c.lead_organization_id")
}

// ListConsortia lists one page of the consortia of a level ("" for all) whose name contains
// query, by level and name, and how many match.
func (d *DB) ListConsortia(ctx context.Context, level, query string, limit, offset int) ([]ConsortiumRow, int64, error) {
	filter := func(q *gorm.DB) *gorm.DB {
		if level != "" {
			q = q.Where("c.level = ?", level)
		}
		return whereContains(q, query, "c.name", "c.name_en")
	}
	return page[ConsortiumRow](filter(d.R(ctx).Table("consortia c")), filter(d.consortiumQuery(ctx)).Order("c.id"), limit, offset)
}

// ConsortiumByID loads a consortium with its lead's name and counts.
func (d *DB) ConsortiumByID(ctx context.Context, id int64) (ConsortiumRow, error) {
	var out []ConsortiumRow
	if err := d.consortiumQuery(ctx).Where("c.id = ?", id).Scan(&out).Error; err != nil {
		return ConsortiumRow{}, err
	}
	if len(out) == 0 {
		return ConsortiumRow{}, gorm.ErrRecordNotFound
	}
	return out[0], nil
}

// MemberRow is a member organization of a consortium.
type MemberRow struct {
	ConsortiumID   int64
	OrganizationID int64
	Role           string
	Name           string
	NameEn         string
	Kind           string
	IsSME          bool `gorm:"column:is_sme"`
	CreditCode     *string
}

// ConsortiumMembers lists the members of a consortium, the lead first.
func (d *DB) ConsortiumMembers(ctx context.Context, consortiumID int64) ([]MemberRow, error) {
	var out []MemberRow
	err := d.R(ctx).Table("consortium_members m").
		Select("m.consortium_id, m.organization_id, m.role, o.name, o.name_en, o.kind, o.is_sme, o.credit_code").
		Joins("JOIN organizations o ON o.id = m.organization_id").
		Where("m.consortium_id = ?", consortiumID).
		Order("CASE WHEN m.role = 'lead' THEN 0 ELSE 1 END, o.kind, o.name").Scan(&out).Error
	return out, err
}

// ConsortiumMember loads one membership.
func (d *DB) ConsortiumMember(ctx context.Context, consortiumID, organizationID int64) (ConsortiumMember, error) {
	return first[ConsortiumMember](d.R(ctx).Where("consortium_id = ? AND organization_id = ?", consortiumID, organizationID))
}

// SaveConsortiumMember adds an organization to a consortium, or changes its role there. Losing
// a race to insert the same membership is ErrRetry.
func (d *DB) SaveConsortiumMember(ctx context.Context, m ConsortiumMember) error {
	_, err := d.ConsortiumMember(ctx, m.ConsortiumID, m.OrganizationID)
	if IsNotFound(err) {
		return raced(d.W(ctx).Create(&m).Error)
	}
	if err != nil {
		return err
	}
	return d.W(ctx).Model(&ConsortiumMember{}).
		Where("consortium_id = ? AND organization_id = ?", m.ConsortiumID, m.OrganizationID).Update("role", m.Role).Error
}

// DemoteConsortiumLeads makes every lead of a consortium a plain member.
func (d *DB) DemoteConsortiumLeads(ctx context.Context, consortiumID int64) error {
	return d.W(ctx).Model(&ConsortiumMember{}).Where("consortium_id = ? AND role = ?", consortiumID, MemberLead).
		Update("role", MemberMember).Error
}

// DeleteConsortiumMember removes an organization from a consortium and reports whether it was one.
func (d *DB) DeleteConsortiumMember(ctx context.Context, consortiumID, organizationID int64) (bool, error) {
	res := d.W(ctx).Where("consortium_id = ? AND organization_id = ?", consortiumID, organizationID).Delete(&ConsortiumMember{})
	return res.RowsAffected > 0, res.Error
}

// ConsortiumClusters lists the industry clusters a consortium serves.
func (d *DB) ConsortiumClusters(ctx context.Context, consortiumID int64) ([]IndustryCluster, error) {
	var out []IndustryCluster
	err := d.R(ctx).Table("industry_clusters c").Select("c.*").
		Joins("JOIN consortium_clusters cc ON cc.cluster_id = c.id").
		Where("cc.consortium_id = ?", consortiumID).Order("c.sort_order, c.id").Scan(&out).Error
	return out, err
}

// SetConsortiumClusters replaces the industry clusters a consortium serves (ErrRetry when a
// concurrent replacement inserted first).
func (d *DB) SetConsortiumClusters(ctx context.Context, consortiumID int64, clusterIDs []int64) error {
	if err := d.W(ctx).Where("consortium_id = ?", consortiumID).Delete(&ConsortiumCluster{}).Error; err != nil {
		return err
	}
	for _, id := range clusterIDs {
		if err := d.W(ctx).Create(&ConsortiumCluster{ConsortiumID: consortiumID, ClusterID: id}).Error; err != nil {
			return raced(err)
		}
	}
	return nil
}

// DeleteConsortium deletes a consortium with its memberships and clusters (the schema cascades).
func (d *DB) DeleteConsortium(ctx context.Context, id int64) error {
	return d.W(ctx).Delete(&Consortium{}, id).Error
}

// OrganizationConsortiumIDs lists the consortia an organization is a member (or the lead) of.
func (d *DB) OrganizationConsortiumIDs(ctx context.Context, organizationID int64) ([]int64, error) {
	var out []int64
	err := d.R(ctx).Model(&ConsortiumMember{}).Where("organization_id = ?", organizationID).
		Order("consortium_id").Pluck("consortium_id", &out).Error
	return out, err
}
