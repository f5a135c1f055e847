package models

import (
	"context"
	"time"
)

// FindOrCreateSMEOrganization returns the enterprise with the credit code, creating it as an SME
// when none exists.
func (d *DB) FindOrCreateSMEOrganization(ctx context.Context, name, creditCode string) (Organization, error) {
	var org Organization
	err := d.W(ctx).Where("credit_code = ?", creditCode).First(&org).Error
	if err == nil || !IsNotFound(err) {
		return org, err
	}
	now := time.Now().UTC()
	org = Organization{Name: name, Kind: "enterprise", CreditCode: &creditCode, IsSME: true, CreatedAt: now, UpdatedAt: now}
	return org, d.W(ctx).Create(&org).Error
}
