package services

import (
	"context"

	"cqshare/app/core"
	"cqshare/models"
)

// RequestView is a request as its list shows it: with its names, the quote in force, what is
// overdue, the caller's unread messages and what the caller may do.
type RequestView struct {
	models.ServiceRequestRow
	Quote   *models.ServiceQuote
	Flags   []string
	Unread  int
	Actions []Action
}

// RequestDetail is a request with its quotes, timeline, bookings, rating and files.
type RequestDetail struct {
	RequestView
	Quotes      []models.ServiceQuote // newest first
	Events      []models.ServiceEventRow
	Bookings    []models.ServiceBookingRow
	Rating      *models.ServiceRating
	Attachments []AttachmentView
}

// views completes request rows for the actor.
func (s *Service) views(ctx context.Context, ac core.Actor, rows []models.ServiceRequestRow) ([]RequestView, error) {
	ids := make([]int64, len(rows))
	var quoteIDs []int64
	for i, r := range rows {
		ids[i] = r.ID
		if r.QuoteID != nil {
			quoteIDs = append(quoteIDs, *r.QuoteID)
		}
	}
	quotes, err := s.DB.ServiceQuotesByID(ctx, quoteIDs)
	if err != nil {
		return nil, err
	}
	ratings, err := s.DB.ServiceRatingsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	unreadRows, err := s.unreadRows(ctx, ac, ids)
	if err != nil {
		return nil, err
	}
	unread := make(map[int64]int, len(unreadRows))
	for _, u := range unreadRows {
		unread[u.RequestID] = u.Unread
	}
	now := s.Now()
	out := make([]RequestView, len(rows))
	for i, r := range rows {
		v := RequestView{ServiceRequestRow: r, Unread: unread[r.ID]}
		if r.QuoteID != nil {
			if q, ok := quotes[*r.QuoteID]; ok {
				v.Quote = &q
			}
		}
		var rating *models.ServiceRating
		if rt, ok := ratings[r.ID]; ok {
			rating = &rt
		}
		v.Flags = flagsOf(r.ServiceRequest, rating, now)
		v.Actions = actionsFor(sideOf(ac, r.ServiceRequest), r.ServiceRequest, rating)
		out[i] = v
	}
	return out, nil
}

// Request is a request with everything its page shows, to either side; core.ErrNotFound to
// anyone else.
func (s *Service) Request(ctx context.Context, ac core.Actor, id int64) (RequestDetail, error) {
	if _, _, err := s.requestFor(ctx, ac, id); err != nil {
		return RequestDetail{}, err
	}
	row, err := s.DB.ServiceRequestRowByID(ctx, id)
	if err != nil {
		return RequestDetail{}, core.NotFound(err)
	}
	views, err := s.views(ctx, ac, []models.ServiceRequestRow{row})
	if err != nil {
		return RequestDetail{}, err
	}
	d := RequestDetail{RequestView: views[0]}
	if d.Quotes, err = s.DB.ServiceQuotesOf(ctx, id); err != nil {
		return d, err
	}
	if d.Events, err = s.DB.ServiceEventsOf(ctx, id); err != nil {
		return d, err
	}
	if d.Bookings, err = s.DB.ServiceBookingsOf(ctx, id); err != nil {
		return d, err
	}
	files, err := s.DB.ServiceAttachmentRows(ctx, id, "")
	if err != nil {
		return d, err
	}
	d.Attachments = make([]AttachmentView, len(files))
	for i, a := range files {
		d.Attachments[i] = toAttachmentView(a)
	}
	ratings, err := s.DB.ServiceRatingsOf(ctx, []int64{id})
	if rt, ok := ratings[id]; ok {
		d.Rating = &rt
	}
	return d, err
}

// RequestFilter selects requests of a list.
type RequestFilter struct {
	Status     models.ServiceRequestStatus
	FacilityID int64
	Overdue    bool
	Open       bool // only requests that have not ended
	Query      string
}

// Requests lists the requests the actor may see: an SME account its organization's, a manager
// their platforms', an admin all; anyone else is refused.
func (s *Service) Requests(ctx context.Context, ac core.Actor, f RequestFilter, p core.Page) ([]RequestView, int64, error) {
	mf := models.ServiceRequestFilter{Status: f.Status, FacilityID: f.FacilityID, Overdue: f.Overdue, Query: f.Query, Now: s.Now()}
	if f.Open {
		mf.NotIn = closedStates
	}
	switch {
	case ac.IsAdmin():
		mf.All = true
	case ac.ScopedToFacilities():
		mf.FacilityIDs = ac.ManagedFacilityIDs
	case ac.Role == models.RoleSME && ac.OrganizationID != nil:
		mf.OrganizationID = *ac.OrganizationID
	default:
		return nil, 0, core.ErrForbidden
	}
	rows, total, err := s.DB.ListServiceRequests(ctx, mf, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.views(ctx, ac, rows)
	return views, total, err
}
