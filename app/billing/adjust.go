package billing

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// AuditCharge is the audit log's name of a charge.
const AuditCharge = "charge"

// Adjustment is a correction a facility's manager or an administrator makes: a signed amount
// in fen (a credit is negative), why, and optionally the charge it corrects, whose payer it
// goes to. It lands on the facility's (and the payer's) next statements; issued statements
// never change.
type Adjustment struct {
	FacilityID     int64
	OrganizationID *int64
	AmountFen      int64
	Reason         string
	ChargeID       *int64
}

// Adjust records an adjustment charge in the facility's current month and returns it.
func (s *Service) Adjust(ctx context.Context, ac core.Actor, a Adjustment) (models.ChargeView, error) {
	fac, err := s.DB.FacilityByID(ctx, a.FacilityID)
	if models.IsNotFound(err) {
		return models.ChargeView{}, core.FieldError("facility_id", "billing.no_such_facility")
	}
	if err != nil {
		return models.ChargeView{}, err
	}
	if err := core.RequireFacilityManager(ac, fac.ID); err != nil {
		return models.ChargeView{}, err
	}
	if a.AmountFen == 0 {
		return models.ChargeView{}, core.FieldError("amount_fen", "billing.amount_zero")
	}
	now := s.Now()
	c := models.Charge{Kind: models.ChargeAdjustment, FacilityID: fac.ID, OrganizationID: a.OrganizationID,
		PriceType: models.PriceExternal, Quantity: 1, Unit: models.UnitItem, UnitFen: a.AmountFen, AmountFen: a.AmountFen,
		Reason: a.Reason, CreatedBy: &ac.UserID, CorrectsChargeID: a.ChargeID, OccurredAt: now,
		Period: now.In(s.location(fac.TimeZone)).Format(PeriodFormat), CreatedAt: now}
	if err := s.payer(ctx, &c, fac); err != nil {
		return models.ChargeView{}, err
	}
	c.IncomeType = c.PriceType.IncomeType()
	err = s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.InsertCharge(ctx, &c); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "billing.adjust", AuditCharge, c.ID, map[string]any{"facility_id": c.FacilityID,
			"organization_id": c.OrganizationID, "amount_fen": c.AmountFen, "reason": c.Reason, "charge_id": c.CorrectsChargeID})
	})
	if err != nil {
		return models.ChargeView{}, err
	}
	return s.DB.ChargeViewByID(ctx, c.ID)
}

// payer fills in who an adjustment is to and what it counts as: the corrected charge's payer
// and price type, or the organization's price type at the facility (external without one).
func (s *Service) payer(ctx context.Context, c *models.Charge, fac models.Facility) error {
	if c.CorrectsChargeID != nil {
		orig, err := s.DB.ChargeByID(ctx, *c.CorrectsChargeID)
		switch {
		case models.IsNotFound(err) || (err == nil && orig.FacilityID != fac.ID):
			return core.FieldError("charge_id", "billing.no_such_charge")
		case err != nil:
			return err
		case c.OrganizationID != nil && (orig.OrganizationID == nil || *orig.OrganizationID != *c.OrganizationID):
			return core.FieldError("organization_id", "billing.organization_mismatch")
		}
		c.OrganizationID, c.UserID, c.PriceType = orig.OrganizationID, orig.UserID, orig.PriceType
		c.Description, c.DescriptionEn = orig.Description, orig.DescriptionEn
		return nil
	}
	if c.OrganizationID == nil {
		return nil
	}
	p, err := s.DB.PriceTypeOfOrganization(ctx, *c.OrganizationID, fac.ConsortiumID)
	if models.IsNotFound(err) {
		return core.FieldError("organization_id", "billing.no_such_organization")
	}
	c.PriceType = p
	return err
}
