package talent

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/models"
)

// NeedInput is a need as its poster writes it.
type NeedInput struct {
	Kind        models.TalentNeedKind
	Title       string
	Description string
	ClusterID   int64
	Skills      []string
	Headcount   int
	Place       string
	StartsOn    string
	EndsOn      string
}

// NeedPatch changes the fields given of an open need.
type NeedPatch struct {
	Title, Description, Place, StartsOn, EndsOn *string
	ClusterID                                   *int64
	Skills                                      *[]string
	Headcount                                   *int
}

// NeedFilter selects needs of the board.
type NeedFilter struct {
	Kind      models.TalentNeedKind
	ClusterID int64
	Status    string // open (default), closed or all
	Mine      bool   // my organization's only
	// MyClusters keeps the needs of the clusters of the consortia the student's school belongs to.
	MyClusters bool
	Query      string
}

// NeedView is a need with its skills and what the caller may do to it.
type NeedView struct {
	models.TalentNeedRow
	Skills  []string
	Stance  Stance
	Actions []string
}

// Needs lists one page of the needs the actor may see that match.
func (s *Service) Needs(ctx context.Context, ac core.Actor, f NeedFilter, p core.Page) ([]NeedView, int64, error) {
	mf := models.TalentNeedFilter{Kind: f.Kind, Query: f.Query}
	visibility(ac, &mf)
	switch f.Status {
	case "", models.TalentOpen:
		mf.Status = models.TalentOpen
	case models.TalentClosed:
		mf.Status = models.TalentClosed
	}
	if f.ClusterID != 0 {
		mf.ClusterIDs = []int64{f.ClusterID}
	}
	if f.Mine {
		if ac.OrganizationID == nil {
			return []NeedView{}, 0, nil
		}
		mf.OrganizationID = *ac.OrganizationID
	}
	if f.MyClusters {
		ids, err := s.StudentClusterIDs(ctx, ac)
		if err != nil {
			return nil, 0, err
		}
		if f.ClusterID != 0 {
			ids = slices.DeleteFunc(ids, func(id int64) bool { return id != f.ClusterID })
		}
		mf.ClusterIDs = append([]int64{}, ids...)
	}
	rows, total, err := s.DB.ListTalentNeeds(ctx, mf, p.Size, p.Offset())
	if err != nil {
		return nil, 0, err
	}
	views, err := s.needViews(ctx, ac, rows)
	return views, total, err
}

// StudentClusterIDs are the clusters of the consortia the actor's organization belongs to.
func (s *Service) StudentClusterIDs(ctx context.Context, ac core.Actor) ([]int64, error) {
	if ac.OrganizationID == nil {
		return []int64{}, nil
	}
	ids, err := s.DB.OrganizationClusterIDs(ctx, *ac.OrganizationID)
	if ids == nil {
		ids = []int64{}
	}
	return ids, err
}

func (s *Service) needViews(ctx context.Context, ac core.Actor, rows []models.TalentNeedRow) ([]NeedView, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	skills, err := s.DB.NeedSkills(ctx, ids)
	if err != nil {
		return nil, err
	}
	moderates, err := s.moderation(ctx, ac)
	if err != nil {
		return nil, err
	}
	out := make([]NeedView, len(rows))
	for i, r := range rows {
		st := stanceOn(ac, r.TalentNeed, moderates)
		out[i] = NeedView{TalentNeedRow: r, Skills: orEmpty(skills[r.ID]), Stance: st, Actions: needActions(ac, r.TalentNeed, st)}
	}
	return out, nil
}

// needActions are what the actor may do to the need now.
func needActions(ac core.Actor, n models.TalentNeed, st Stance) []string {
	out := []string{}
	if n.Status != models.TalentOpen {
		return out
	}
	if st == StancePoster {
		out = append(out, "edit", "close")
	}
	if st == StanceModerator {
		out = append(out, "close")
	}
	if ac.Role == models.RoleStudent && slices.Contains(models.OpeningKinds, n.Kind) {
		out = append(out, "apply")
	}
	if st != StancePoster && (ac.Role == models.RoleTeacher || ac.Role == models.RoleInstructor || ac.ScopedToFacilities() || ac.IsAdmin()) {
		out = append(out, "offer")
	}
	return out
}

// Need is one need the actor may see.
func (s *Service) Need(ctx context.Context, ac core.Actor, id int64) (NeedView, error) {
	row, err := s.DB.TalentNeedRowByID(ctx, id)
	if err != nil {
		return NeedView{}, core.NotFound(err)
	}
	views, err := s.needViews(ctx, ac, []models.TalentNeedRow{row})
	if err != nil {
		return NeedView{}, err
	}
	if views[0].Stance == 0 {
		return NeedView{}, core.ErrNotFound
	}
	return views[0], nil
}

// CreateNeed posts a need for the actor's enterprise.
func (s *Service) CreateNeed(ctx context.Context, ac core.Actor, in NeedInput) (NeedView, error) {
	orgID, err := s.enterpriseOf(ctx, ac)
	if err != nil {
		return NeedView{}, err
	}
	now := s.Now()
	n := models.TalentNeed{OrganizationID: orgID, PostedBy: ac.UserID, Kind: in.Kind, Title: strings.TrimSpace(in.Title),
		Description: strings.TrimSpace(in.Description), ClusterID: in.ClusterID, Headcount: in.Headcount,
		Place: strings.TrimSpace(in.Place), StartsOn: strings.TrimSpace(in.StartsOn), EndsOn: strings.TrimSpace(in.EndsOn),
		Status: models.TalentOpen, CreatedAt: now, UpdatedAt: now}
	skills, fields := cleanSkills(in.Skills)
	err = s.Tx(ctx, func(ctx context.Context) error {
		if err := s.checkNeed(ctx, n, fields); err != nil {
			return err
		}
		if err := s.DB.Insert(ctx, &n); err != nil {
			return err
		}
		return s.DB.SetNeedSkills(ctx, n.ID, skills)
	})
	if err != nil {
		return NeedView{}, err
	}
	return s.Need(ctx, ac, n.ID)
}

// UpdateNeed changes an open need (members of its organization).
func (s *Service) UpdateNeed(ctx context.Context, ac core.Actor, id int64, p NeedPatch) (NeedView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		n, st, err := s.needFor(ctx, ac, id)
		if err != nil {
			return err
		}
		if st != StancePoster {
			return core.ErrForbidden
		}
		if n.Status != models.TalentOpen {
			return ErrNeedClosed
		}
		core.Set(&n.Title, core.Trimmed(p.Title))
		core.Set(&n.Description, core.Trimmed(p.Description))
		core.Set(&n.Place, core.Trimmed(p.Place))
		core.Set(&n.StartsOn, core.Trimmed(p.StartsOn))
		core.Set(&n.EndsOn, core.Trimmed(p.EndsOn))
		core.Set(&n.ClusterID, p.ClusterID)
		core.Set(&n.Headcount, p.Headcount)
		fields := map[string]core.Text{}
		var skills []string
		if p.Skills != nil {
			skills, fields = cleanSkills(*p.Skills)
		}
		if err := s.checkNeed(ctx, n, fields); err != nil {
			return err
		}
		n.UpdatedAt = s.Now()
		if err := s.DB.SaveTalentNeed(ctx, &n); err != nil {
			return err
		}
		if p.Skills != nil {
			return s.DB.SetNeedSkills(ctx, n.ID, skills)
		}
		return nil
	})
	if err != nil {
		return NeedView{}, err
	}
	return s.Need(ctx, ac, id)
}

// CloseInput is how a need ends: filled (with how many people) or withdrawn.
type CloseInput struct {
	Outcome     string
	FilledCount int
	Note        string
}

// CloseNeed closes an open need: its organization's members, or a moderator of its scope. The
// need, its offers and applications stay as they are, for the reports.
func (s *Service) CloseNeed(ctx context.Context, ac core.Actor, id int64, in CloseInput) (NeedView, error) {
	err := s.Tx(ctx, func(ctx context.Context) error {
		n, st, err := s.needFor(ctx, ac, id)
		if err != nil {
			return err
		}
		if st != StancePoster && st != StanceModerator {
			return core.ErrForbidden
		}
		if n.Status != models.TalentOpen {
			return ErrNeedClosed
		}
		fields := map[string]core.Text{}
		switch in.Outcome {
		case models.NeedFilled:
			if in.FilledCount < 1 || in.FilledCount > n.Headcount {
				fields["filled_count"] = core.T("field.between", "min", 1, "max", n.Headcount)
			}
		case models.NeedWithdrawn:
			if in.FilledCount < 0 || in.FilledCount > n.Headcount {
				fields["filled_count"] = core.T("field.between", "min", 0, "max", n.Headcount)
			}
		default:
			fields["outcome"] = core.T("field.choose")
		}
		if len(fields) > 0 {
			return core.ValidationError(fields)
		}
		now := s.Now()
		n.Status, n.Outcome, n.FilledCount, n.CloseNote = models.TalentClosed, in.Outcome, in.FilledCount, strings.TrimSpace(in.Note)
		n.ClosedAt, n.ClosedBy, n.UpdatedAt = &now, &ac.UserID, now
		if err := s.DB.SaveTalentNeed(ctx, &n); err != nil {
			return err
		}
		if st == StanceModerator {
			return s.Audit(ctx, ac, "talent_need.close", AuditNeed, n.ID, map[string]any{"title": n.Title, "outcome": n.Outcome,
				"filled_count": n.FilledCount, "note": n.CloseNote})
		}
		return nil
	})
	if err != nil {
		return NeedView{}, err
	}
	return s.Need(ctx, ac, id)
}

// checkNeed checks what the request's validation cannot, adding to the fields already at fault.
func (s *Service) checkNeed(ctx context.Context, n models.TalentNeed, fields map[string]core.Text) error {
	if !slices.Contains(models.NeedKinds, n.Kind) {
		fields["kind"] = core.T("field.choose")
	}
	if n.Title == "" {
		fields["title"] = core.T("field.required")
	}
	if _, err := s.DB.ClusterByID(ctx, n.ClusterID); err != nil {
		fields["cluster_id"] = core.T("talent.unknown_cluster")
	}
	if n.Headcount < 1 || n.Headcount > MaxHeadcount {
		fields["headcount"] = core.T("field.between", "min", 1, "max", MaxHeadcount)
	}
	core.CheckDays(fields, "starts_on", n.StartsOn, "ends_on", n.EndsOn)
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// cleanSkills trims the skills, folds Latin letters to lower case (so "PLC" matches "plc"),
// drops empty and repeated ones, and reports too many or too long.
func cleanSkills(in []string) ([]string, map[string]core.Text) {
	fields := map[string]core.Text{}
	out := []string{}
	for _, s := range in {
		s = strings.ToLower(strings.Join(strings.Fields(s), " "))
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if utf8.RuneCountInString(s) > MaxSkillRunes {
			fields["skills"] = core.T("talent.skill_too_long", "max", MaxSkillRunes)
		}
		out = append(out, s)
	}
	if len(out) > MaxSkills {
		fields["skills"] = core.T("field.max.list", "n", MaxSkills)
	}
	return out, fields
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
