package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// FindOrCreateSMEOrganization returns the organization with the credit code, whatever its kind,
// or creates it as an SME enterprise when none exists; created says which (ErrRetry when a
// concurrent registration created it first).
func (d *DB) FindOrCreateSMEOrganization(ctx context.Context, name, creditCode string) (org Organization, created bool, err error) {
	err = d.W(ctx).Where("credit_code = ?", creditCode).First(&org).Error
	if err == nil || !IsNotFound(err) {
		return org, false, err
	}
	now := time.Now().UTC()
	org = Organization{Name: name, Kind: "enterprise", CreditCode: &creditCode, IsSME: true, CreatedAt: now, UpdatedAt: now}
	return org, true, raced(d.W(ctx).Create(&org).Error)
}

// OrganizationFilter selects organizations.
type OrganizationFilter struct {
	Query string // in the name, English name or credit code
	Kind  string
	SME   *bool
}

// ListOrganizations lists one page of the organizations that match, by name, and how many match.
func (d *DB) ListOrganizations(ctx context.Context, f OrganizationFilter, limit, offset int) ([]Organization, int64, error) {
	q := d.R(ctx).Model(&Organization{})
	q = whereContains(q, f.Query, "name", "name_en", "credit_code")
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.SME != nil {
		q = q.Where("is_sme = ?", *f.SME)
	}
	q = q.Session(&gorm.Session{}) // reused by the count and the page
	return page[Organization](q, q.Order("name, id"), limit, offset)
}

// OrganizationByID loads an organization.
func (d *DB) OrganizationByID(ctx context.Context, id int64) (Organization, error) {
	return first[Organization](d.R(ctx), id)
}
