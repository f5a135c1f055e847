package services

import (
	"context"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// lowScore is the highest score that needs a comment and a public reply (差评).
const lowScore = 2

// replyWorkingDays is how many working days the platform has to reply to a low rating.
const replyWorkingDays = 5

// RateRequest records the SME's rating of delivered work, once; a low one needs a comment and
// awaits the platform's reply for replyWorkingDays working days. The platform's managers are told.
func (s *Service) RateRequest(ctx context.Context, ac core.Actor, id int64, score int, comment string) (RequestDetail, error) {
	comment = strings.TrimSpace(comment)
	err := s.Tx(ctx, func(ctx context.Context) error {
		r, side, err := s.requestFor(ctx, ac, id)
		if err != nil {
			return err
		}
		t, err := transitionFor(ActionRate, side, r.Status)
		if err != nil {
			return err
		}
		ratings, err := s.DB.ServiceRatingsOf(ctx, []int64{r.ID})
		if err != nil {
			return err
		}
		if _, rated := ratings[r.ID]; rated {
			return invalidTransition(ActionRate, r.Status)
		}
		if score <= lowScore && comment == "" {
			return core.FieldError("comment", "services.comment_required")
		}
		now := s.Now()
		rt := models.ServiceRating{RequestID: r.ID, Score: score, Comment: comment, RatedBy: ac.UserID, CreatedAt: now}
		if score <= lowScore {
			cal, err := s.workingCalendar(ctx, r.FacilityID)
			if err != nil {
				return err
			}
			due := cal.AddWorkingDays(now, replyWorkingDays)
			rt.ReplyDueAt = &due
		}
		if err := s.DB.Insert(ctx, &rt); err != nil {
			if models.IsDuplicate(err) {
				return invalidTransition(ActionRate, r.Status)
			}
			return err
		}
		return s.notifySide(ctx, r, SidePlatform, ac.UserID, t.kind, map[string]any{"score": score, "note": comment})
	})
	if err != nil {
		return RequestDetail{}, err
	}
	return s.Request(ctx, ac, id)
}

// ReplyToRating records the platform's public reply to the request's rating, once.
func (s *Service) ReplyToRating(ctx context.Context, ac core.Actor, id int64, reply string) (RequestDetail, error) {
	reply = strings.TrimSpace(reply)
	err := s.Tx(ctx, func(ctx context.Context) error {
		r, side, err := s.requestFor(ctx, ac, id)
		if err != nil {
			return err
		}
		if _, err := transitionFor(ActionReply, side, r.Status); err != nil {
			return err
		}
		if reply == "" {
			return core.FieldError("reply", "field.required")
		}
		ok, err := s.DB.ReplyServiceRating(ctx, r.ID, reply, ac.UserID, s.Now())
		if err != nil {
			return err
		}
		if !ok {
			return invalidTransition(ActionReply, r.Status)
		}
		return nil
	})
	if err != nil {
		return RequestDetail{}, err
	}
	return s.Request(ctx, ac, id)
}
