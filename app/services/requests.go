package services

import (
	"context"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// NewRequest is an SME's request for a service: for an offering, or free-form to a platform.
type NewRequest struct {
	OfferingID   *int64
	FacilityID   *int64
	Title        string
	Description  string
	Quantity     int
	DesiredDate  string // local YYYY-MM-DD, or empty
	ContactName  string
	ContactPhone string
	ContactEmail string
}

// SubmitRequest records an SME account's request and tells the platform's managers. The
// organization must be verified; the first response is due after the offering's target (or
// freeFormResponseHours) of the platform's opening hours.
func (s *Service) SubmitRequest(ctx context.Context, ac core.Actor, in NewRequest) (RequestDetail, error) {
	if err := core.RequireRole(ac, models.RoleSME); err != nil || ac.OrganizationID == nil {
		return RequestDetail{}, core.ErrForbidden
	}
	org, err := s.DB.OrganizationByID(ctx, *ac.OrganizationID)
	if err != nil {
		return RequestDetail{}, err
	}
	if org.VerifiedAt == nil {
		return RequestDetail{}, ErrOrganizationUnverified
	}
	facilityID, hours, err := s.requestTarget(ctx, in)
	if err != nil {
		return RequestDetail{}, err
	}
	if in.DesiredDate != "" {
		if _, err := time.Parse(time.DateOnly, in.DesiredDate); err != nil {
			return RequestDetail{}, core.FieldError("desired_date", "field.datetime")
		}
	}
	var id int64
	err = s.Tx(ctx, func(ctx context.Context) error {
		cal, err := s.workingCalendar(ctx, facilityID)
		if err != nil {
			return err
		}
		now := s.Now()
		due := cal.AddWorking(now, hours*60)
		r := models.ServiceRequest{FacilityID: facilityID, OfferingID: in.OfferingID, OrganizationID: org.ID, RequesterID: ac.UserID,
			Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), Quantity: in.Quantity,
			DesiredDate: in.DesiredDate, ContactName: strings.TrimSpace(in.ContactName), ContactPhone: strings.TrimSpace(in.ContactPhone),
			ContactEmail: strings.TrimSpace(in.ContactEmail), Status: models.RequestSubmitted, SubmittedAt: now, ResponseDueAt: &due,
			CreatedAt: now, UpdatedAt: now}
		if err := s.DB.Insert(ctx, &r); err != nil {
			return err
		}
		id = r.ID
		if err := s.recordEvent(ctx, ac, r.ID, actionSubmit, "", r.Status, ""); err != nil {
			return err
		}
		return s.notifySide(ctx, r, SidePlatform, ac.UserID, "service_submitted", nil)
	})
	if err != nil {
		return RequestDetail{}, err
	}
	return s.Request(ctx, ac, id)
}

// requestTarget is the platform a new request goes to and its first-response target in hours:
// an active offering's, or a tech platform's for a free-form request.
func (s *Service) requestTarget(ctx context.Context, in NewRequest) (int64, int, error) {
	switch {
	case (in.OfferingID == nil) == (in.FacilityID == nil):
		return 0, 0, core.FieldError("offering_id", "services.offering_or_facility")
	case in.OfferingID != nil:
		o, err := s.DB.ServiceOfferingByID(ctx, *in.OfferingID)
		if err != nil || !o.Active {
			return 0, 0, core.FieldError("offering_id", "services.offering_unavailable")
		}
		return o.FacilityID, o.FirstResponseHours, nil
	}
	fac, err := s.DB.FacilityByID(ctx, *in.FacilityID)
	if err != nil || fac.Kind != models.KindTechPlatform {
		return 0, 0, core.FieldError("facility_id", "services.not_tech_platform")
	}
	return fac.ID, freeFormResponseHours, nil
}

// recordEvent adds a move of a request to its timeline; the system actor is recorded as none.
func (s *Service) recordEvent(ctx context.Context, ac core.Actor, requestID int64, action string, from, to models.ServiceRequestStatus, note string) error {
	e := models.ServiceRequestEvent{RequestID: requestID, Action: action, FromStatus: from, ToStatus: to, Note: note, CreatedAt: s.Now()}
	if ac.UserID != 0 {
		id := ac.UserID
		e.ActorID = &id
	}
	return s.DB.Insert(ctx, &e)
}

// other is the side across a request from this one.
func (sd Side) other() Side {
	if sd == SideSME {
		return SidePlatform
	}
	return SideSME
}

// step is what a move does besides changing the status, inside its transaction: it checks what
// the table cannot, writes its rows and returns the columns it stamps on the request.
type step func(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error)

// move takes a transition of the table on a request for the actor in one transaction: the
// status changes only from the state it was read in (a lost race is 409 too), with one event
// row and the other side told; all or nothing.
func (s *Service) move(ctx context.Context, ac core.Actor, id int64, a Action, note string, do step) (RequestDetail, error) {
	note = strings.TrimSpace(note)
	err := s.Tx(ctx, func(ctx context.Context) error {
		r, side, err := s.requestFor(ctx, ac, id)
		if err != nil {
			return err
		}
		t, err := transitionFor(a, side, r.Status)
		if err != nil {
			return err
		}
		now := s.Now()
		cols := map[string]any{}
		if do != nil {
			if cols, err = do(ctx, r, now); err != nil {
				return err
			}
		}
		cols["updated_at"] = now
		ok, err := s.DB.MoveServiceRequest(ctx, r.ID, r.Status, t.to, cols)
		if err != nil {
			return err
		}
		if !ok {
			return invalidTransition(a, r.Status)
		}
		if err := s.recordEvent(ctx, ac, r.ID, string(a), r.Status, t.to, note); err != nil {
			return err
		}
		return s.notifySide(ctx, r, side.other(), ac.UserID, t.kind, map[string]any{"note": note})
	})
	if err != nil {
		return RequestDetail{}, err
	}
	return s.Request(ctx, ac, id)
}

// Transition takes one of the moves that carry at most a note (every move but the quote):
// reject, deliver and request_revision need the note.
func (s *Service) Transition(ctx context.Context, ac core.Actor, id int64, a Action, note string) (RequestDetail, error) {
	needsNote := func(do step) step {
		return func(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error) {
			if strings.TrimSpace(note) == "" {
				return nil, core.FieldError("note", "services.note_required")
			}
			if do == nil {
				return map[string]any{}, nil
			}
			return do(ctx, r, now)
		}
	}
	steps := map[Action]step{
		ActionReject:          needsNote(nil),
		ActionAccept:          s.acceptStep,
		ActionDecline:         s.declineStep,
		ActionCancel:          s.cancelStep(strings.TrimSpace(note)),
		ActionStart:           stamp("started_at"),
		ActionDeliver:         needsNote(s.deliverStep),
		ActionRequestRevision: needsNote(s.revisionStep),
		ActionConfirm:         stamp("closed_at"),
	}
	do, ok := steps[a]
	if !ok {
		return RequestDetail{}, core.ErrNotFound
	}
	return s.move(ctx, ac, id, a, note, do)
}

// stamp is the step that records when a move happened.
func stamp(column string) step {
	return func(_ context.Context, _ models.ServiceRequest, now time.Time) (map[string]any, error) {
		return map[string]any{column: now}, nil
	}
}

func (s *Service) acceptStep(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error) {
	if r.QuoteID == nil {
		return nil, invalidTransition(ActionAccept, r.Status)
	}
	q, err := s.DB.ServiceQuotesByID(ctx, []int64{*r.QuoteID})
	if err != nil {
		return nil, err
	}
	quote := q[*r.QuoteID]
	cal, err := s.workingCalendar(ctx, r.FacilityID)
	if err != nil {
		return nil, err
	}
	if now.After(quote.ValidUntil) {
		return nil, ErrQuoteExpired.Say("services.quote_expired", "valid_until", quote.ValidUntil.In(cal.Location()))
	}
	if _, err := s.DB.SetQuoteStatus(ctx, r.ID, models.QuoteOffered, models.QuoteAccepted); err != nil {
		return nil, err
	}
	due, err := cal.EndOfDay(quote.DueDate)
	if err != nil {
		return nil, err
	}
	return map[string]any{"accepted_at": now, "due_at": due}, nil
}

func (s *Service) declineStep(ctx context.Context, r models.ServiceRequest, _ time.Time) (map[string]any, error) {
	_, err := s.DB.SetQuoteStatus(ctx, r.ID, models.QuoteOffered, models.QuoteDeclined)
	return map[string]any{}, err
}

func (s *Service) deliverStep(ctx context.Context, r models.ServiceRequest, now time.Time) (map[string]any, error) {
	cols := map[string]any{"delivered_at": now}
	if r.AcceptedAt != nil {
		cal, err := s.workingCalendar(ctx, r.FacilityID)
		if err != nil {
			return nil, err
		}
		cols["turnaround_minutes"] = cal.WorkingBetween(*r.AcceptedAt, now)
	}
	return cols, nil
}

func (s *Service) revisionStep(ctx context.Context, r models.ServiceRequest, _ time.Time) (map[string]any, error) {
	return map[string]any{}, s.DB.CountRevision(ctx, r.ID)
}
