package models

import "context"

// ServiceRequestByID loads a service request.
func (d *DB) ServiceRequestByID(ctx context.Context, id int64) (ServiceRequest, error) {
	return first[ServiceRequest](d.R(ctx), id)
}

// OrganizationSMEAccountIDs lists the active SME accounts of an organization: those who stand
// on its side of its service requests (a member of another role does not see them).
func (d *DB) OrganizationSMEAccountIDs(ctx context.Context, orgID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Model(&User{}).Where("organization_id = ? AND role = ? AND active = ?", orgID, RoleSME, true).
		Order("id").Pluck("id", &ids).Error
	return ids, err
}

// FacilityManagerIDs lists the active managers of a facility.
func (d *DB) FacilityManagerIDs(ctx context.Context, facilityID int64) ([]int64, error) {
	var ids []int64
	err := d.R(ctx).Table("facility_managers fm").Joins("JOIN users u ON u.id = fm.user_id").
		Where("fm.facility_id = ? AND u.active = ?", facilityID, true).Order("fm.user_id").Pluck("fm.user_id", &ids).Error
	return ids, err
}
