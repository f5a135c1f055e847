package billing

import (
	"context"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// Who reads what (docs/billing.md, "Who sees a statement"): administrators every statement and
// charge; a manager the facility statements and the charges of the facilities they manage; an
// organization's SME accounts (the enterprise's own people, as for the learning record) the
// organization's statements and charges. Anyone else is told a statement does not exist.

// StatementFilter narrows a list of statements; zero fields do not filter.
type StatementFilter struct {
	Scope          string
	FacilityID     int64
	OrganizationID int64
	Period         string
}

// Statements is one page of the statements the actor may read, newest month first.
func (s *Service) Statements(ctx context.Context, ac core.Actor, f StatementFilter, p core.Page) ([]models.StatementView, int64, error) {
	q := models.StatementQuery{Scope: f.Scope, Period: f.Period}
	switch {
	case f.FacilityID != 0 && f.OrganizationID != 0:
		return nil, 0, core.FieldError("organization_id", "billing.one_subject")
	case f.FacilityID != 0:
		q.Scope, q.SubjectID = models.ScopeFacility, f.FacilityID
	case f.OrganizationID != 0:
		q.Scope, q.SubjectID = models.ScopeOrganization, f.OrganizationID
	}
	if f.Scope != "" && q.Scope != f.Scope {
		return nil, 0, core.FieldError("scope", "billing.scope_mismatch")
	}
	switch {
	case ac.IsAdmin():
	case ac.ScopedToFacilities():
		q.FacilityIDs, q.OrganizationIDs = slices.Clone(ac.ManagedFacilityIDs), []int64{}
	case ac.Role == models.RoleSME && ac.OrganizationID != nil:
		q.FacilityIDs, q.OrganizationIDs = []int64{}, []int64{*ac.OrganizationID}
	default:
		return nil, 0, core.ErrForbidden
	}
	return s.DB.ListStatements(ctx, q, p.Size, p.Offset())
}

// StatementDetail is a statement with its lines.
type StatementDetail struct {
	models.StatementView
	Lines []models.ChargeView
}

// Statement is a statement with its lines, for those who may read it; anyone else is told it
// does not exist.
func (s *Service) Statement(ctx context.Context, ac core.Actor, id int64) (StatementDetail, error) {
	st, err := s.DB.StatementByID(ctx, id)
	if err != nil {
		return StatementDetail{}, core.NotFound(err)
	}
	if !readsStatement(ac, st.BillingStatement) {
		return StatementDetail{}, core.ErrNotFound
	}
	lines, err := s.DB.StatementLines(ctx, st.BillingStatement)
	return StatementDetail{StatementView: st, Lines: lines}, err
}

func readsStatement(ac core.Actor, st models.BillingStatement) bool {
	switch st.Scope {
	case models.ScopeFacility:
		return ac.ManagesFacility(st.SubjectID)
	case models.ScopeOrganization:
		return ac.IsAdmin() || (ac.Role == models.RoleSME && ac.OrganizationID != nil && *ac.OrganizationID == st.SubjectID)
	}
	return false
}

// ChargeFilter narrows a list of charges; Unbilled keeps those not yet on a statement (the
// running month's, before its statement is issued).
type ChargeFilter struct {
	FacilityID     int64
	OrganizationID int64
	Period         string
	Unbilled       bool
}

// Charges is one page of the charges the actor may read, newest first.
func (s *Service) Charges(ctx context.Context, ac core.Actor, f ChargeFilter, p core.Page) ([]models.ChargeView, int64, error) {
	q := models.ChargeQuery{Period: f.Period, Unbilled: f.Unbilled, UnbilledScope: models.ScopeFacility}
	if f.FacilityID != 0 {
		q.FacilityIDs = []int64{f.FacilityID}
	}
	if f.OrganizationID != 0 {
		q.OrganizationIDs = []int64{f.OrganizationID}
	}
	switch {
	case ac.IsAdmin():
	case ac.ScopedToFacilities():
		if f.FacilityID != 0 && !ac.ManagesFacility(f.FacilityID) {
			return nil, 0, core.ErrForbidden
		}
		if q.FacilityIDs == nil {
			q.FacilityIDs = slices.Clone(ac.ManagedFacilityIDs)
		}
	case ac.Role == models.RoleSME && ac.OrganizationID != nil:
		if f.OrganizationID != 0 && f.OrganizationID != *ac.OrganizationID {
			return nil, 0, core.ErrForbidden
		}
		q.OrganizationIDs, q.UnbilledScope = []int64{*ac.OrganizationID}, models.ScopeOrganization
	default:
		return nil, 0, core.ErrForbidden
	}
	return s.DB.ListCharges(ctx, q, p.Size, p.Offset())
}
