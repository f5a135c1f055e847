package services

import (
	"context"
	"time"

	"cqshare/app/calendar"
	"cqshare/models"
)

// markFirstResponse stamps the request's first response now, counted in the platform's opening
// hours from its submission, unless one is stamped already.
func (s *Service) markFirstResponse(ctx context.Context, r models.ServiceRequest) error {
	if r.FirstResponseAt != nil {
		return nil
	}
	fac, err := s.DB.FacilityByID(ctx, r.FacilityID)
	if err != nil {
		return err
	}
	now := s.Now()
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, r.SubmittedAt, now)
	if err != nil {
		return err
	}
	cal := calendar.ForFacility(calendar.Location(fac.TimeZone, time.UTC), fac, 0, blackouts)
	return s.DB.StampServiceFirstResponse(ctx, r.ID, now, cal.WorkingBetween(r.SubmittedAt, now))
}
