package governance

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/models"
)

// SeatInput is a seat as its consortium's administrators write it.
type SeatInput struct {
	Body           string  `json:"body"`
	Position       string  `json:"position"`
	OrganizationID *int64  `json:"organization_id,omitempty"`
	PersonName     string  `json:"person_name"`
	Title          string  `json:"title"`
	TermStart      string  `json:"term_start"`
	TermEnd        *string `json:"term_end,omitempty"`
}

// AddSeat adds a seat to a consortium's council, secretariat or operating platform (its
// administrators).
func (s *Service) AddSeat(ctx context.Context, ac core.Actor, consortiumID int64, in SeatInput) (models.SeatRow, error) {
	if err := s.requireAdmin(ctx, ac, consortiumID); err != nil {
		return models.SeatRow{}, err
	}
	var id int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		seat, err := s.checkSeat(ctx, consortiumID, in)
		if err != nil {
			return err
		}
		now := s.Now()
		seat.CreatedAt, seat.UpdatedAt = now, now
		if err := s.DB.Insert(ctx, &seat); err != nil {
			return err
		}
		id = seat.ID
		return s.Audit(ctx, ac, "consortium.seat.create", core.AuditConsortium, consortiumID, auditedSeat(seat))
	})
	if err != nil {
		return models.SeatRow{}, err
	}
	return s.seat(ctx, consortiumID, id)
}

// UpdateSeat replaces a seat's holder, position and term (its consortium's administrators).
func (s *Service) UpdateSeat(ctx context.Context, ac core.Actor, consortiumID, seatID int64, in SeatInput) (models.SeatRow, error) {
	if err := s.requireAdmin(ctx, ac, consortiumID); err != nil {
		return models.SeatRow{}, err
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if _, err := s.seatOf(ctx, consortiumID, seatID); err != nil {
			return err
		}
		seat, err := s.checkSeat(ctx, consortiumID, in)
		if err != nil {
			return err
		}
		err = s.DB.UpdateByID(ctx, &models.GovernanceSeat{}, seatID, map[string]any{"body": seat.Body, "position": seat.Position,
			"organization_id": seat.OrganizationID, "person_name": seat.PersonName, "title": seat.Title,
			"term_start": seat.TermStart, "term_end": seat.TermEnd, "updated_at": s.Now()})
		if err != nil {
			return err
		}
		seat.ID = seatID
		return s.Audit(ctx, ac, "consortium.seat.update", core.AuditConsortium, consortiumID, auditedSeat(seat))
	})
	if err != nil {
		return models.SeatRow{}, err
	}
	return s.seat(ctx, consortiumID, seatID)
}

// RemoveSeat deletes a seat (its consortium's administrators). A term that ended is kept by
// giving it an end, not by deleting it: deleting is for a seat entered by mistake.
func (s *Service) RemoveSeat(ctx context.Context, ac core.Actor, consortiumID, seatID int64) error {
	if err := s.requireAdmin(ctx, ac, consortiumID); err != nil {
		return err
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		seat, err := s.seatOf(ctx, consortiumID, seatID)
		if err != nil {
			return err
		}
		if err := s.DB.DeleteGovernanceSeat(ctx, seatID); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.seat.delete", core.AuditConsortium, consortiumID, auditedSeat(seat))
	})
}

// seatOf loads a seat of the consortium; another consortium's is not found.
func (s *Service) seatOf(ctx context.Context, consortiumID, seatID int64) (models.GovernanceSeat, error) {
	seat, err := s.DB.GovernanceSeatByID(ctx, seatID)
	if err != nil {
		return seat, core.NotFound(err)
	}
	if seat.ConsortiumID != consortiumID {
		return seat, core.ErrNotFound
	}
	return seat, nil
}

// seat loads a seat of the consortium with its organization's names.
func (s *Service) seat(ctx context.Context, consortiumID, seatID int64) (models.SeatRow, error) {
	rows, err := s.DB.GovernanceSeats(ctx, consortiumID)
	if err != nil {
		return models.SeatRow{}, err
	}
	i := slices.IndexFunc(rows, func(r models.SeatRow) bool { return r.ID == seatID })
	if i < 0 {
		return models.SeatRow{}, core.ErrNotFound
	}
	return rows[i], nil
}

// checkSeat validates a seat of the consortium: a position of its body, a holder (an
// organization, a person or both; a council seat's organization a member of the consortium) and
// a term that ends no earlier than it starts.
func (s *Service) checkSeat(ctx context.Context, consortiumID int64, in SeatInput) (models.GovernanceSeat, error) {
	seat := models.GovernanceSeat{ConsortiumID: consortiumID, Body: in.Body, Position: in.Position,
		OrganizationID: in.OrganizationID, PersonName: strings.TrimSpace(in.PersonName), Title: strings.TrimSpace(in.Title),
		TermStart: in.TermStart}
	fields := map[string]core.Text{}
	positions, ok := Positions[in.Body]
	switch {
	case !ok:
		fields["body"] = core.T("governance.body")
	case !slices.Contains(positions, in.Position):
		fields["position"] = core.T("governance.position")
	}
	if seat.OrganizationID != nil && *seat.OrganizationID == 0 {
		seat.OrganizationID = nil
	}
	if seat.OrganizationID == nil && seat.PersonName == "" {
		fields["person_name"] = core.T("governance.holder")
	}
	if utf8.RuneCountInString(seat.PersonName) > MaxPersonName {
		fields["person_name"] = core.T("governance.too_long", "max", MaxPersonName)
	}
	if utf8.RuneCountInString(seat.Title) > MaxTitle {
		fields["title"] = core.T("governance.too_long", "max", MaxTitle)
	}
	end := ""
	if in.TermEnd != nil && *in.TermEnd != "" {
		seat.TermEnd, end = in.TermEnd, *in.TermEnd
	}
	if seat.TermStart == "" {
		fields["term_start"] = core.T("field.required")
	}
	core.CheckDays(fields, "term_start", seat.TermStart, "term_end", end)
	if len(fields) > 0 {
		return seat, core.ValidationError(fields)
	}
	if seat.OrganizationID == nil {
		return seat, nil
	}
	if _, err := s.DB.OrganizationByID(ctx, *seat.OrganizationID); models.IsNotFound(err) {
		return seat, core.FieldError("organization_id", "catalog.no_such_organization")
	} else if err != nil {
		return seat, err
	}
	if seat.Body != models.BodyCouncil {
		return seat, nil
	}
	if _, err := s.DB.ConsortiumMember(ctx, consortiumID, *seat.OrganizationID); models.IsNotFound(err) {
		return seat, core.FieldError("organization_id", "governance.council_member")
	} else if err != nil {
		return seat, err
	}
	return seat, nil
}

// auditedSeat is what the audit log keeps of a seat.
func auditedSeat(s models.GovernanceSeat) map[string]any {
	return map[string]any{"seat_id": s.ID, "body": s.Body, "position": s.Position, "organization_id": s.OrganizationID,
		"person_name": s.PersonName, "term_start": s.TermStart, "term_end": s.TermEnd}
}
