package services

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// Side is where a caller stands to a service request.
type Side int

// The sides of a request. Someone on neither side is told the request does not exist (404), so
// nobody learns which requests other SMEs have made.
const (
	// SideSME is a member of the requesting organization.
	SideSME Side = iota + 1
	// SidePlatform is a manager of the request's platform, or an admin.
	SidePlatform
)

// sideOf is where the actor stands to the request; 0 when on neither side.
func sideOf(ac core.Actor, r models.ServiceRequest) Side {
	switch {
	case ac.ManagesFacility(r.FacilityID):
		return SidePlatform
	case ac.Role == models.RoleSME && ac.OrganizationID != nil && *ac.OrganizationID == r.OrganizationID:
		return SideSME
	}
	return 0
}

// requestFor loads a request the actor stands to, with the side they stand on; core.ErrNotFound
// for a request that does not exist or that the actor is on neither side of.
func (s *Service) requestFor(ctx context.Context, ac core.Actor, id int64) (models.ServiceRequest, Side, error) {
	r, err := s.DB.ServiceRequestByID(ctx, id)
	if err != nil {
		return r, 0, core.NotFound(err)
	}
	side := sideOf(ac, r)
	if side == 0 {
		return models.ServiceRequest{}, 0, core.ErrNotFound
	}
	return r, side, nil
}

// partiesOf lists the users on one side of a request: the requesting organization's active SME
// accounts (as sideOf stands them), or the platform's active managers.
func (s *Service) partiesOf(ctx context.Context, r models.ServiceRequest, side Side) ([]int64, error) {
	if side == SideSME {
		return s.DB.OrganizationSMEAccountIDs(ctx, r.OrganizationID)
	}
	return s.DB.FacilityManagerIDs(ctx, r.FacilityID)
}

// notifySide tells every user on one side of a request, except the actor, of a kind of news,
// inside the transaction of ctx.
func (s *Service) notifySide(ctx context.Context, r models.ServiceRequest, side Side, actorID int64, kind string, data map[string]any) error {
	ids, err := s.partiesOf(ctx, r, side)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if id == actorID {
			continue
		}
		d := map[string]any{"request_id": r.ID, "title": r.Title}
		for k, v := range data {
			d[k] = v
		}
		if err := s.Notify(ctx, id, kind, d); err != nil {
			return err
		}
	}
	return nil
}
