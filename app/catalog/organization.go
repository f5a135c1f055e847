package catalog

import (
	"context"
	"slices"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// OrganizationFilter selects organizations.
type OrganizationFilter = models.OrganizationFilter

// NewOrganization is a school, enterprise, park or institute an admin registers.
type NewOrganization struct {
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	Kind       string `json:"kind"`
	CreditCode string `json:"credit_code"` // required for enterprises
	IsSME      bool   `json:"is_sme"`
}

// OrganizationPatch changes some fields of an organization.
type OrganizationPatch struct {
	Name       *string `json:"name,omitempty"`
	NameEn     *string `json:"name_en,omitempty"`
	Kind       *string `json:"kind,omitempty"`
	CreditCode *string `json:"credit_code,omitempty"` // "" removes it (not for enterprises)
	IsSME      *bool   `json:"is_sme,omitempty"`
	// Verified records (true) or withdraws (false) an administrator's check of the credit code
	// against the business licence. Changing the code withdraws it.
	Verified *bool `json:"verified,omitempty"`
}

// Organizations lists one page of the organizations that match, and how many match.
func (s *Service) Organizations(ctx context.Context, ac core.Actor, f OrganizationFilter, p core.Page) ([]models.Organization, int64, error) {
	return s.DB.ListOrganizations(ctx, f, p.Size, p.Offset())
}

// Organization loads one organization.
func (s *Service) Organization(ctx context.Context, ac core.Actor, id int64) (models.Organization, error) {
	o, err := s.DB.OrganizationByID(ctx, id)
	return o, core.NotFound(err)
}

// CreateOrganization registers an organization (admins).
func (s *Service) CreateOrganization(ctx context.Context, ac core.Actor, in NewOrganization) (models.Organization, error) {
	if !ac.IsAdmin() {
		return models.Organization{}, core.ErrForbidden
	}
	now := s.Now()
	o := models.Organization{Name: strings.TrimSpace(in.Name), NameEn: strings.TrimSpace(in.NameEn), Kind: in.Kind,
		IsSME: in.IsSME, CreatedAt: now, UpdatedAt: now}
	if code := strings.TrimSpace(in.CreditCode); code != "" {
		o.CreditCode = &code
	}
	if err := validateOrganization(o); err != nil {
		return o, err
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		o.ID = 0
		if err := s.DB.Insert(ctx, &o); err != nil {
			if models.IsDuplicate(err) {
				return ErrCreditCodeTaken
			}
			return err
		}
		return s.Audit(ctx, ac, "organization.create", core.AuditOrganization, o.ID, in)
	})
	return o, err
}

// UpdateOrganization changes an organization (admins).
func (s *Service) UpdateOrganization(ctx context.Context, ac core.Actor, id int64, p OrganizationPatch) (models.Organization, error) {
	if !ac.IsAdmin() {
		return models.Organization{}, core.ErrForbidden
	}
	var o models.Organization
	err := s.Tx(ctx, func(ctx context.Context) error {
		var err error
		if o, err = s.DB.OrganizationByID(ctx, id); err != nil {
			return core.NotFound(err)
		}
		core.Set(&o.Name, core.Trimmed(p.Name))
		core.Set(&o.NameEn, core.Trimmed(p.NameEn))
		core.Set(&o.Kind, p.Kind)
		core.Set(&o.IsSME, p.IsSME)
		if code := core.Trimmed(p.CreditCode); code != nil {
			var next *string
			if *code != "" {
				next = code
			}
			if (next == nil) != (o.CreditCode == nil) || next != nil && *next != *o.CreditCode {
				o.VerifiedAt, o.VerifiedBy = nil, nil // a new code has not been checked
			}
			o.CreditCode = next
		}
		if err := validateOrganization(o); err != nil {
			return err
		}
		o.UpdatedAt = s.Now()
		if err := verify(&o, p.Verified, ac, o.UpdatedAt); err != nil {
			return err
		}
		err = s.DB.UpdateByID(ctx, &models.Organization{}, id, map[string]any{"name": o.Name, "name_en": o.NameEn,
			"kind": o.Kind, "credit_code": o.CreditCode, "is_sme": o.IsSME, "verified_at": o.VerifiedAt,
			"verified_by": o.VerifiedBy, "updated_at": o.UpdatedAt})
		if err != nil {
			if models.IsDuplicate(err) {
				return ErrCreditCodeTaken
			}
			return err
		}
		return s.Audit(ctx, ac, "organization.update", core.AuditOrganization, id, p)
	})
	return o, err
}

// validateOrganization checks an organization as it would be stored: enterprises carry a valid
// unified social credit code; others may, and then it must be valid too; only enterprises are
// SMEs.
// verify records or withdraws the check of an organization's credit code: only one that has a
// code can be verified, and verifying again keeps the first check's time and checker.
func verify(o *models.Organization, verified *bool, ac core.Actor, now time.Time) error {
	switch {
	case verified == nil:
	case !*verified:
		o.VerifiedAt, o.VerifiedBy = nil, nil
	case o.CreditCode == nil:
		return core.FieldError("verified", "organization.verify_needs_code")
	case o.VerifiedAt == nil:
		o.VerifiedAt = &now
		if ac.UserID != 0 {
			o.VerifiedBy = &ac.UserID
		}
	}
	return nil
}

func validateOrganization(o models.Organization) error {
	fields := map[string]core.Text{}
	if o.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !slices.Contains(models.OrganizationKinds, o.Kind) {
		fields["kind"] = core.T("field.choose")
	}
	switch {
	case o.CreditCode == nil && o.Kind == "enterprise":
		fields["credit_code"] = core.T("organization.credit_code_required")
	case o.CreditCode != nil && !ValidCreditCode(*o.CreditCode):
		fields["credit_code"] = core.T("field.creditcode")
	}
	if o.IsSME && o.Kind != "enterprise" {
		fields["is_sme"] = core.T("organization.sme_enterprise")
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}
