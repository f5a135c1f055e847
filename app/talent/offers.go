package talent

import (
	"context"
	"errors"
	"slices"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// OfferInput is an offer as a school's teacher or a training base writes it. FacilityID names
// the training base (for its managers and instructors); a teacher's offer is their school's.
type OfferInput struct {
	Kind        models.TalentOfferKind
	NeedID      *int64
	FacilityID  *int64
	CourseID    *int64
	Title       string
	Description string
	ClusterID   int64
	Skills      []string
	Headcount   int
	AvailableOn string
}

// OfferView is an offer with its skills.
type OfferView struct {
	models.TalentOfferRow
	Skills []string
}

// MatchView is an offer ranked for a need, with its score's parts.
type MatchView struct {
	models.TalentMatchRow
	Skills       []string
	SharedSkills []string
}

// CreateOffer posts an offer: for the teacher's school, or for a training base the actor
// manages or teaches at (a course offer names a course of that base).
func (s *Service) CreateOffer(ctx context.Context, ac core.Actor, in OfferInput) (OfferView, error) {
	now := s.Now()
	o := models.TalentOffer{Kind: in.Kind, NeedID: in.NeedID, CourseID: in.CourseID, PostedBy: ac.UserID,
		Title: strings.TrimSpace(in.Title), Description: strings.TrimSpace(in.Description), ClusterID: in.ClusterID,
		Headcount: in.Headcount, AvailableOn: strings.TrimSpace(in.AvailableOn), Status: models.TalentOpen, CreatedAt: now, UpdatedAt: now}
	skills, fields := cleanSkills(in.Skills)
	err := s.Tx(ctx, func(ctx context.Context) error {
		if in.FacilityID != nil {
			ok, err := s.offersAtBase(ctx, ac, *in.FacilityID)
			if err != nil && !errors.Is(err, core.ErrNotFound) {
				return err
			}
			if !ok {
				return ErrNotOfferer
			}
			o.FacilityID = in.FacilityID
		} else {
			school, err := s.schoolOf(ctx, ac)
			if err != nil && !errors.Is(err, core.ErrNotFound) {
				return err
			}
			if school == 0 {
				return ErrNotOfferer
			}
			o.OrganizationID = &school
		}
		if err := s.checkOffer(ctx, ac, o, fields); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &o); err != nil {
			return err
		}
		return s.DB.SetOfferSkills(ctx, o.ID, skills)
	})
	if err != nil {
		return OfferView{}, err
	}
	return s.Offer(ctx, ac, o.ID)
}

// checkOffer checks the offer's kind, cluster, need, course and headcount.
func (s *Service) checkOffer(ctx context.Context, ac core.Actor, o models.TalentOffer, fields map[string]core.Text) error {
	if !slices.Contains(models.OfferKinds, o.Kind) {
		fields["kind"] = core.T("field.choose")
	}
	if o.Title == "" {
		fields["title"] = core.T("field.required")
	}
	if _, err := s.DB.ClusterByID(ctx, o.ClusterID); err != nil {
		fields["cluster_id"] = core.T("talent.unknown_cluster")
	}
	if o.Headcount < 0 || o.Headcount > MaxHeadcount {
		fields["headcount"] = core.T("field.between", "min", 0, "max", MaxHeadcount)
	}
	core.CheckDays(fields, "available_on", o.AvailableOn, "", "")
	if o.NeedID != nil {
		n, st, err := s.needFor(ctx, ac, *o.NeedID)
		switch {
		case errors.Is(err, core.ErrNotFound) || err == nil && st == StancePoster:
			fields["need_id"] = core.T("field.invalid")
		case err != nil:
			return err
		case n.Status != models.TalentOpen:
			fields["need_id"] = core.T("talent.need_closed")
		}
	}
	switch {
	case o.Kind == models.OfferCourse && o.CourseID == nil:
		fields["course_id"] = core.T("talent.course_required")
	case o.Kind != models.OfferCourse && o.CourseID != nil:
		fields["course_id"] = core.T("talent.course_only_for_course")
	case o.CourseID != nil:
		c, err := s.DB.CourseByID(ctx, *o.CourseID)
		if err != nil && !models.IsNotFound(err) {
			return err
		}
		ok := err == nil && o.FacilityID != nil && c.FacilityID == *o.FacilityID
		if ok && !ac.ManagesFacility(c.FacilityID) {
			if ok, err = s.DB.TeachesCourse(ctx, ac.UserID, c.ID); err != nil {
				return err
			}
		}
		if !ok {
			fields["course_id"] = core.T("talent.course_not_yours")
		}
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// Offer is one offer; every signed-in user reads offers.
func (s *Service) Offer(ctx context.Context, ac core.Actor, id int64) (OfferView, error) {
	row, err := s.DB.TalentOfferRowByID(ctx, id)
	if err != nil {
		return OfferView{}, core.NotFound(err)
	}
	views, err := s.offerViews(ctx, []models.TalentOfferRow{row})
	if err != nil {
		return OfferView{}, err
	}
	return views[0], nil
}

// OfferFilter selects offers.
type OfferFilter struct {
	NeedID    int64
	ClusterID int64
	Kind      models.TalentOfferKind
	Status    string
}

// Offers lists one page of the offers that match (open by default).
func (s *Service) Offers(ctx context.Context, ac core.Actor, f OfferFilter, p core.Page) ([]OfferView, int64, error) {
	if f.NeedID != 0 {
		if _, _, err := s.needFor(ctx, ac, f.NeedID); err != nil {
			return nil, 0, err
		}
	}
	status := models.TalentOpen
	if f.Status == models.TalentClosed {
		status = models.TalentClosed
	}
	rows, total, err := s.DB.ListTalentOffers(ctx, models.TalentOfferFilter{NeedID: f.NeedID, ClusterID: f.ClusterID, Kind: f.Kind,
		Status: status}, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.offerViews(ctx, rows)
	return views, total, err
}

func (s *Service) offerViews(ctx context.Context, rows []models.TalentOfferRow) ([]OfferView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	skills, err := s.DB.OfferSkills(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]OfferView, len(rows))
	for i, r := range rows {
		out[i] = OfferView{TalentOfferRow: r, Skills: orEmpty(skills[r.ID])}
	}
	return out, nil
}

// CloseOffer closes an open offer (its side, or a moderator); it stays for the history.
func (s *Service) CloseOffer(ctx context.Context, ac core.Actor, id int64) (OfferView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		o, err := s.DB.TalentOfferByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		ok, err := s.offerSide(ctx, ac, o)
		if err != nil {
			return err
		}
		if !ok {
			return core.ErrForbidden
		}
		if o.Status != models.TalentOpen {
			return core.ErrInvalidTransition
		}
		now := s.Now()
		o.Status, o.ClosedAt, o.UpdatedAt = models.TalentClosed, &now, now
		return s.DB.SaveTalentOffer(ctx, &o)
	})
	if err != nil {
		return OfferView{}, err
	}
	return s.Offer(ctx, ac, id)
}

// Matches ranks the open offers for a need the actor may see (its posters, moderators and the
// offering side), with the parts of each score: see models.MatchTalentOffers.
func (s *Service) Matches(ctx context.Context, ac core.Actor, needID int64, p core.Page) ([]MatchView, int64, error) {
	n, _, err := s.needFor(ctx, ac, needID)
	if err != nil {
		return nil, 0, err
	}
	if ac.Role == models.RoleStudent {
		return nil, 0, core.ErrForbidden
	}
	rows, total, err := s.DB.MatchTalentOffers(ctx, n, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	skills, err := s.DB.OfferSkills(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	needSkills, err := s.DB.NeedSkills(ctx, []int64{n.ID})
	if err != nil {
		return nil, 0, err
	}
	out := make([]MatchView, len(rows))
	for i, r := range rows {
		shared := []string{}
		for _, sk := range skills[r.ID] {
			if slices.Contains(needSkills[n.ID], sk) {
				shared = append(shared, sk)
			}
		}
		out[i] = MatchView{TalentMatchRow: r, Skills: orEmpty(skills[r.ID]), SharedSkills: shared}
	}
	return out, total, nil
}
