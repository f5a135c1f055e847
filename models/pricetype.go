package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// PriceType is which of a facility's prices a user pays (DESIGN.md section 3, "Charges"): the
// internal rate for members of the consortium that runs the facility, the external rate for
// everyone else. Member is kept apart from external because the reports count other consortia's
// members (其他联合体成员) on their own, though they pay the external rate of a resource.
type PriceType string

// Price types.
const (
	// PriceInternal is for members of the consortium that runs the facility.
	PriceInternal PriceType = "internal"
	// PriceMember is for members of another consortium.
	PriceMember PriceType = "member"
	// PriceExternal is for everyone outside the consortia, and for SMEs (中小企业) and SME users
	// wherever their organization is a member.
	PriceExternal PriceType = "external"
)

// PriceTypes lists every price type.
var PriceTypes = []PriceType{PriceInternal, PriceMember, PriceExternal}

// IncomeType is how a charge counts in service income (服务收入): internal when paid at the
// internal price, external otherwise.
func (p PriceType) IncomeType() string {
	if p == PriceInternal {
		return IncomeInternal
	}
	return IncomeExternal
}

// Income types of service income (服务收入) in the reports.
const (
	IncomeInternal = "internal"
	IncomeExternal = "external"
)

// priceTypeSQL is the one definition of the price type, as an SQL expression over a user row
// (alias u) and the consortium that runs the facility (an SQL expression): SME users and
// members of SME organizations are external; members of the facility's consortium internal;
// members of another consortium member; everyone else, and anyone without an organization,
// external. Every reader of the price type (quotes, charges) goes through it.
func priceTypeSQL(consortium string) string {
	return priceTypeOver("u.role", "u.organization_id", consortium)
}

// priceTypeOver is priceTypeSQL over a role and an organization id given as SQL expressions.
func priceTypeOver(role, organization, consortium string) string {
	return fmt.Sprintf(`CASE
	WHEN %[6]s = '%[2]s' OR %[7]s IS NULL
		OR EXISTS (SELECT 1 FROM organizations po WHERE po.id = %[7]s AND po.is_sme) THEN '%[5]s'
	WHEN EXISTS (SELECT 1 FROM consortium_members pm WHERE pm.organization_id = %[7]s
		AND pm.consortium_id = %[1]s) THEN '%[3]s'
	WHEN EXISTS (SELECT 1 FROM consortium_members pm WHERE pm.organization_id = %[7]s) THEN '%[4]s'
	ELSE '%[5]s' END`, consortium, RoleSME, PriceInternal, PriceMember, PriceExternal, role, organization)
}

// PriceTypeOfOrganization is the price type of an organization's members (other than its SME
// user accounts) at the facilities of a consortium: what an adjustment to it counts as.
func (d *DB) PriceTypeOfOrganization(ctx context.Context, organizationID, consortiumID int64) (PriceType, error) {
	var p PriceType
	err := d.R(ctx).Raw("SELECT "+priceTypeOver("''", "o.id", "?")+" FROM organizations o WHERE o.id = ?",
		consortiumID, organizationID).Scan(&p).Error
	if err == nil && p == "" {
		err = gorm.ErrRecordNotFound
	}
	return p, err
}

// PriceTypeOf is the price type of a user at the facilities of a consortium.
func (d *DB) PriceTypeOf(ctx context.Context, userID, consortiumID int64) (PriceType, error) {
	got, err := d.PriceTypesOf(ctx, []int64{userID}, consortiumID)
	if err != nil {
		return "", err
	}
	p, ok := got[userID]
	if !ok {
		return "", gorm.ErrRecordNotFound
	}
	return p, nil
}

// PriceTypesOf is the price type of each of the users (by id; missing ones are absent) at the
// facilities of a consortium, in one query.
func (d *DB) PriceTypesOf(ctx context.Context, userIDs []int64, consortiumID int64) (map[int64]PriceType, error) {
	out := make(map[int64]PriceType, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID        int64
		PriceType PriceType
	}
	err := d.R(ctx).Raw("SELECT u.id, "+priceTypeSQL("?")+" AS price_type FROM users u WHERE u.id IN ?",
		consortiumID, userIDs).Scan(&rows).Error
	for _, r := range rows {
		out[r.ID] = r.PriceType
	}
	return out, err
}
