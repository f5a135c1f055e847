package talent

import (
	"context"
	"slices"

	"cqshare/app/core"
	"cqshare/models"
)

// Stance is where a caller stands to a need.
type Stance int

// The stances. A caller with none is told the need does not exist.
const (
	// StanceReader reads an open need: students its openings, everyone else signed in all kinds.
	StanceReader Stance = iota + 1
	// StanceModerator reads every need of their scope and may close it: the city administrator,
	// a consortium administrator for their consortium's member organizations.
	StanceModerator
	// StancePoster is a member of the need's organization: they manage it and see its applicants.
	StancePoster
)

// isMember reports whether the actor belongs to the organization.
func isMember(ac core.Actor, orgID int64) bool {
	return ac.OrganizationID != nil && *ac.OrganizationID == orgID
}

// inConsortium reports whether an organization is a member of a consortium.
func (s *Service) inConsortium(ctx context.Context, consortiumID, orgID int64) (bool, error) {
	_, err := s.DB.ConsortiumMember(ctx, consortiumID, orgID)
	if models.IsNotFound(err) {
		return false, nil
	}
	return err == nil, err
}

// moderation tells which organizations' needs the actor moderates: every one for the city
// administrator, their consortium's members for a consortium administrator (read once), none
// for anyone else.
func (s *Service) moderation(ctx context.Context, ac core.Actor) (func(orgID int64) bool, error) {
	switch {
	case ac.IsAdmin():
		return func(int64) bool { return true }, nil
	case ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil:
		members, err := s.DB.ConsortiumMembers(ctx, *ac.ConsortiumID)
		return func(orgID int64) bool {
			return slices.ContainsFunc(members, func(m models.MemberRow) bool { return m.OrganizationID == orgID })
		}, err
	default:
		return func(int64) bool { return false }, nil
	}
}

// stanceOn is where the actor stands to the need, given the organizations they moderate; 0 when
// they may not see it.
func stanceOn(ac core.Actor, n models.TalentNeed, moderates func(orgID int64) bool) Stance {
	switch {
	case isMember(ac, n.OrganizationID):
		return StancePoster
	case moderates(n.OrganizationID):
		return StanceModerator
	case n.Status != models.TalentOpen:
		return 0
	case ac.Role == models.RoleStudent && !slices.Contains(models.OpeningKinds, n.Kind):
		return 0
	}
	return StanceReader
}

// needFor loads a need the actor may see, with where they stand; core.ErrNotFound otherwise.
func (s *Service) needFor(ctx context.Context, ac core.Actor, id int64) (models.TalentNeed, Stance, error) {
	n, err := s.DB.TalentNeedByID(ctx, id)
	if err != nil {
		return n, 0, core.NotFound(err)
	}
	moderates, err := s.moderation(ctx, ac)
	if err != nil {
		return n, 0, err
	}
	st := stanceOn(ac, n, moderates)
	if st == 0 {
		return n, 0, core.ErrNotFound
	}
	return n, st, nil
}

// visibility is the list filter's scope of the actor: what stanceOn lets them see.
func visibility(ac core.Actor, f *models.TalentNeedFilter) {
	if ac.IsAdmin() {
		f.All = true
		return
	}
	if ac.OrganizationID != nil {
		f.OwnOrgID = *ac.OrganizationID
	}
	if ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil {
		f.ConsortiumID = *ac.ConsortiumID
	}
	if ac.Role == models.RoleStudent {
		f.OpenKinds = models.OpeningKinds
	}
}

// enterpriseOf is the enterprise the actor posts needs for; ErrNotEnterprise when they belong
// to none.
func (s *Service) enterpriseOf(ctx context.Context, ac core.Actor) (int64, error) {
	if ac.OrganizationID == nil {
		return 0, ErrNotEnterprise
	}
	org, err := s.DB.OrganizationByID(ctx, *ac.OrganizationID)
	if err != nil || org.Kind != "enterprise" {
		return 0, ErrNotEnterprise
	}
	return org.ID, nil
}

// schoolOf is the school a teacher offers for, 0 when the actor is not a school's teacher.
func (s *Service) schoolOf(ctx context.Context, ac core.Actor) (int64, error) {
	if ac.Role != models.RoleTeacher || ac.OrganizationID == nil {
		return 0, nil
	}
	org, err := s.DB.OrganizationByID(ctx, *ac.OrganizationID)
	if err != nil || org.Kind != "school" {
		return 0, core.NotFound(err)
	}
	return org.ID, nil
}

// offersAtBase reports whether the actor may post offers for a training base: they manage it,
// or teach a session of one of its courses.
func (s *Service) offersAtBase(ctx context.Context, ac core.Actor, facilityID int64) (bool, error) {
	fac, err := s.DB.FacilityByID(ctx, facilityID)
	if err != nil || fac.Kind != models.KindTrainingBase {
		return false, core.NotFound(err)
	}
	if ac.ManagesFacility(facilityID) {
		return true, nil
	}
	if ac.Role != models.RoleInstructor {
		return false, nil
	}
	return s.DB.TeachesAtFacility(ctx, ac.UserID, facilityID)
}

// offerSide reports whether the actor stands on an offer's side: the school's teachers, the
// base's managers or instructors, or a moderator of the school's or base's consortium.
func (s *Service) offerSide(ctx context.Context, ac core.Actor, o models.TalentOffer) (bool, error) {
	if o.OrganizationID != nil && ac.Role == models.RoleTeacher && isMember(ac, *o.OrganizationID) {
		return true, nil
	}
	if o.FacilityID != nil {
		if ok, err := s.offersAtBase(ctx, ac, *o.FacilityID); err != nil || ok {
			return ok, err
		}
	}
	if ac.IsAdmin() {
		return true, nil
	}
	if ac.Role == models.RoleConsortiumAdmin && ac.ConsortiumID != nil && o.OrganizationID != nil {
		return s.inConsortium(ctx, *ac.ConsortiumID, *o.OrganizationID)
	}
	return false, nil
}
