package services

import (
	"context"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// NewQuote is the platform's price and due date for a request.
type NewQuote struct {
	AmountFen  int64
	DueDate    string // local YYYY-MM-DD, not before the platform's today
	Terms      string
	ValidUntil time.Time // in the future
}

// QuoteRequest offers a quote for a request, or revises it (its platform's managers): the quote
// before, if still offered, is superseded. The first quote stamps quoted_at and, if no message
// came first, the first response.
func (s *Service) QuoteRequest(ctx context.Context, ac core.Actor, id int64, in NewQuote) (RequestDetail, error) {
	return s.move(ctx, ac, id, ActionQuote, "", func(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error) {
		cal, err := s.workingCalendar(ctx, r.FacilityID)
		if err != nil {
			return nil, err
		}
		fields := map[string]core.Text{}
		if due, err := time.ParseInLocation(time.DateOnly, in.DueDate, cal.Location()); err != nil {
			fields["due_date"] = core.T("field.datetime")
		} else if today := now.In(cal.Location()).Format(time.DateOnly); due.Format(time.DateOnly) < today {
			fields["due_date"] = core.T("services.due_date_past")
		}
		if !in.ValidUntil.After(now) {
			fields["valid_until"] = core.T("field.future")
		}
		if len(fields) > 0 {
			return nil, core.ValidationError(fields)
		}
		if _, err := s.DB.SetQuoteStatus(ctx, r.ID, models.QuoteOffered, models.QuoteSuperseded); err != nil {
			return nil, err
		}
		q := models.ServiceQuote{RequestID: r.ID, AmountFen: in.AmountFen, DueDate: in.DueDate, Terms: strings.TrimSpace(in.Terms),
			ValidUntil: in.ValidUntil.UTC(), Status: models.QuoteOffered, CreatedBy: ac.UserID, CreatedAt: now}
		if err := s.DB.Insert(ctx, &q); err != nil {
			return nil, err
		}
		cols := map[string]any{"quote_id": q.ID}
		if r.QuotedAt == nil {
			cols["quoted_at"] = now
		}
		return cols, s.markFirstResponse(ctx, r)
	})
}
