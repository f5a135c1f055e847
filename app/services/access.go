package services

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// party is where a caller stands to a service request.
type party uint8

const (
	partyRequester party = 1 << iota // a member of the requesting SME
	partyPlatform                    // a manager of the tech platform, or an admin
	partySystem                      // the server's own jobs (auto-close)
)

// partiesOf says in which roles the actor stands to the request. Every member of the
// requesting organization stands for it; the platform's managers and admins for the platform.
func partiesOf(ac core.Actor, r models.ServiceRequest) party {
	var p party
	if ac.UserID != 0 && ac.OrganizationID != nil && *ac.OrganizationID == r.OrganizationID {
		p |= partyRequester
	}
	if ac.ManagesFacility(r.FacilityID) {
		p |= partyPlatform
	}
	return p
}

// requestFor loads a request the actor stands to; one they do not is not found (404), so its
// existence does not leak.
func (s *Service) requestFor(ctx context.Context, ac core.Actor, id int64) (models.ServiceRequest, party, error) {
	r, err := s.DB.ServiceRequestByID(ctx, id)
	if err != nil {
		return r, 0, core.NotFound(err)
	}
	p := partiesOf(ac, r)
	if p == 0 {
		return models.ServiceRequest{}, 0, core.ErrNotFound
	}
	return r, p, nil
}

// notifySide tells one side of a request of something: to partyRequester every active member of
// the requesting organization, to partyPlatform every manager of the platform; the actor who
// caused it is not told. Called inside the transaction of the change it tells of.
func (s *Service) notifySide(ctx context.Context, r models.ServiceRequest, to party, actorID int64, kind string, data map[string]any) error {
	var ids []int64
	var err error
	switch to {
	case partyRequester:
		ids, err = s.DB.OrganizationMemberIDs(ctx, r.OrganizationID)
	case partyPlatform:
		ids, err = s.DB.FacilityManagerIDs(ctx, r.FacilityID)
	}
	if err != nil {
		return err
	}
	if data == nil {
		data = map[string]any{}
	}
	data["request_id"] = r.ID
	data["title"] = r.Title
	for _, id := range ids {
		if id == actorID {
			continue
		}
		if err := s.Notify(ctx, id, kind, data); err != nil {
			return err
		}
	}
	return nil
}
