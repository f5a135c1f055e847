package services

import (
	"context"
	"time"

	"cqshare/app/calendar"
	"cqshare/models"
)

// freeFormResponseHours is the first-response target of a request made without an offering.
const freeFormResponseHours = 16

// The flags of a request in the manager's queue.
const (
	FlagResponseOverdue = "response_overdue"
	FlagDueOverdue      = "due_overdue"
	FlagReplyOverdue    = "reply_overdue"
)

// workingCalendar is a platform's working calendar: its opening hours and make-up days, less
// its closures, in its time zone. Service levels are counted in it.
func (s *Service) workingCalendar(ctx context.Context, facilityID int64) (calendar.Calendar, error) {
	fac, err := s.DB.FacilityByID(ctx, facilityID)
	if err != nil {
		return calendar.Calendar{}, err
	}
	now := s.Now()
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, now.AddDate(-2, 0, 0), now.AddDate(2, 0, 0))
	if err != nil {
		return calendar.Calendar{}, err
	}
	return calendar.ForFacility(s.catalog.Location(fac), fac, 0, blackouts), nil
}

// markFirstResponse stamps the platform's first response to a request (its first quote or
// message) and how many working minutes after submission it came, unless one came before.
func (s *Service) markFirstResponse(ctx context.Context, r models.ServiceRequest) error {
	if r.FirstResponseAt != nil {
		return nil
	}
	cal, err := s.workingCalendar(ctx, r.FacilityID)
	if err != nil {
		return err
	}
	now := s.Now()
	_, err = s.DB.StampFirstResponse(ctx, r.ID, now, cal.WorkingBetween(r.SubmittedAt, now))
	return err
}

// flagsOf lists what is overdue on a request now: the first response, the delivery, or the
// reply to a low rating.
func flagsOf(r models.ServiceRequest, rating *models.ServiceRating, now time.Time) []string {
	out := []string{}
	if r.Status == models.RequestSubmitted && r.FirstResponseAt == nil && r.ResponseDueAt != nil && now.After(*r.ResponseDueAt) {
		out = append(out, FlagResponseOverdue)
	}
	if (r.Status == models.RequestAccepted || r.Status == models.RequestInProgress) && r.DueAt != nil && now.After(*r.DueAt) {
		out = append(out, FlagDueOverdue)
	}
	if rating != nil && rating.Reply == "" && rating.ReplyDueAt != nil && now.After(*rating.ReplyDueAt) {
		out = append(out, FlagReplyOverdue)
	}
	return out
}
