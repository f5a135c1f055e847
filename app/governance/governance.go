// Package governance keeps how a consortium is run (治理): the seats of its council (理事会),
// secretariat (秘书处) and operating platform (运营平台), its charter (章程) and its annual goals,
// which are targets for the league table's indicators, shown against what the consortium has
// reached so far. The consortium's insiders read them (people of its member organizations, the
// managers of its facilities); its administrators and the city administrator edit them.
package governance

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/app/reports"
	"cqshare/models"
)

// Service runs the governance use cases.
type Service struct {
	core.Base
	reports   *reports.Service
	defaultTZ *time.Location
}

// New builds the governance service; the reports give the goals' progress, defaultTZ is the zone
// a term's "today" is read in.
func New(base core.Base, r *reports.Service, defaultTZ *time.Location) *Service {
	if defaultTZ == nil {
		defaultTZ = time.UTC
	}
	return &Service{Base: base, reports: r, defaultTZ: defaultTZ}
}

// Positions lists the positions of each body, in the order they are shown.
var Positions = map[string][]string{
	models.BodyCouncil:     {"chair", "vice_chair", "director", "supervisor"},          // 理事长 副理事长 理事 监事
	models.BodySecretariat: {"secretary_general", "deputy_secretary_general", "staff"}, // 秘书长 副秘书长 工作人员
	models.BodyPlatform:    {"operator", "lead", "staff"},                              // 运营主体 负责人 工作人员
}

// Limits of what a governance record holds.
const (
	MaxCharter    = 20000 // characters
	MaxPersonName = 100
	MaxTitle      = 200
	MaxNote       = 500
	MinYear       = 2000
	MaxYear       = 2100
)

// Governance is what a consortium's insiders read of how it is run.
type Governance struct {
	Consortium models.ConsortiumRow
	Charter    *models.ConsortiumCharter
	Seats      []models.SeatRow
	// Year is the year of Goals; GoalYears the years that have goals, the latest first.
	Year      int
	GoalYears []int
	Goals     []GoalProgress
	// Reached are the indicators the consortium has reached in Year so far (nil before the
	// year's first nightly rollup).
	Reached *models.LeagueIndicators
	MayEdit bool
}

// GoalProgress is a goal with what the consortium has reached of it in the year so far.
type GoalProgress struct {
	models.ConsortiumGoal
	Reached *float64
}

// Consortia lists one page of the consortia whose governance the actor reads: every one for the
// city administrator, otherwise those they belong to or administer.
func (s *Service) Consortia(ctx context.Context, ac core.Actor, p core.Page) ([]models.ConsortiumRow, int64, error) {
	if ac.IsAdmin() {
		return s.DB.ListConsortia(ctx, "", "", p.Size, p.Offset())
	}
	rows, err := s.insiderConsortia(ctx, ac)
	if err != nil {
		return nil, 0, err
	}
	total := int64(len(rows))
	from := min(p.Offset(), len(rows))
	return rows[from:min(from+p.Size, len(rows))], total, nil
}

// insiderConsortia are the consortia the actor belongs to or administers, by id.
func (s *Service) insiderConsortia(ctx context.Context, ac core.Actor) ([]models.ConsortiumRow, error) {
	rows, err := s.DB.InsiderConsortia(ctx, ac.UserID, ac.OrganizationID)
	if err != nil || ac.ConsortiumID == nil || slices.ContainsFunc(rows, func(r models.ConsortiumRow) bool { return r.ID == *ac.ConsortiumID }) {
		return rows, err
	}
	own, err := s.DB.ConsortiumByID(ctx, *ac.ConsortiumID)
	if err != nil {
		return nil, err
	}
	rows = append(rows, own)
	slices.SortFunc(rows, func(a, b models.ConsortiumRow) int { return int(a.ID - b.ID) })
	return rows, nil
}

// mayRead reports whether the actor reads the consortium's governance.
func (s *Service) mayRead(ctx context.Context, ac core.Actor, consortiumID int64) (bool, error) {
	if ac.AdministersConsortium(consortiumID) {
		return true, nil
	}
	rows, err := s.DB.InsiderConsortia(ctx, ac.UserID, ac.OrganizationID)
	return slices.ContainsFunc(rows, func(r models.ConsortiumRow) bool { return r.ID == consortiumID }), err
}

// Governance loads a consortium's governance with the goals of a year (0 for the current one).
func (s *Service) Governance(ctx context.Context, ac core.Actor, consortiumID int64, year int) (Governance, error) {
	c, err := s.DB.ConsortiumByID(ctx, consortiumID)
	if err != nil {
		return Governance{}, core.NotFound(err)
	}
	ok, err := s.mayRead(ctx, ac, consortiumID)
	if err != nil {
		return Governance{}, err
	}
	if !ok {
		return Governance{}, core.ErrForbidden.Say("governance.members_only")
	}
	if year == 0 {
		year = s.Now().In(s.defaultTZ).Year()
	}
	if year < MinYear || year > MaxYear {
		return Governance{}, core.FieldError("year", "governance.year", "min", MinYear, "max", MaxYear)
	}
	g := Governance{Consortium: c, Year: year, MayEdit: ac.AdministersConsortium(consortiumID)}
	switch charter, err := s.DB.Charter(ctx, consortiumID); {
	case err == nil:
		g.Charter = &charter
	case !models.IsNotFound(err):
		return Governance{}, err
	}
	if g.Seats, err = s.DB.GovernanceSeats(ctx, consortiumID); err != nil {
		return Governance{}, err
	}
	if g.GoalYears, err = s.DB.GoalYears(ctx, consortiumID); err != nil {
		return Governance{}, err
	}
	goals, err := s.DB.ConsortiumGoals(ctx, consortiumID, year)
	if err != nil {
		return Governance{}, err
	}
	reached, ok, err := s.reports.ConsortiumYear(ctx, consortiumID, year)
	if err != nil {
		return Governance{}, err
	}
	if ok {
		g.Reached = &reached
	}
	g.Goals = make([]GoalProgress, len(goals))
	for i, goal := range goals {
		g.Goals[i] = GoalProgress{ConsortiumGoal: goal}
		if ok {
			v := reports.Indicator(reached, goal.Indicator)
			g.Goals[i].Reached = &v
		}
	}
	slices.SortFunc(g.Goals, func(a, b GoalProgress) int {
		return slices.Index(reports.Indicators, a.Indicator) - slices.Index(reports.Indicators, b.Indicator)
	})
	return g, nil
}

// CharterInput is a consortium's charter as its administrators write it.
type CharterInput struct {
	Body      string  `json:"body"`
	AdoptedOn *string `json:"adopted_on,omitempty"`
}

// SetCharter writes a consortium's charter (its administrators).
func (s *Service) SetCharter(ctx context.Context, ac core.Actor, consortiumID int64, in CharterInput) (models.ConsortiumCharter, error) {
	if err := s.requireAdmin(ctx, ac, consortiumID); err != nil {
		return models.ConsortiumCharter{}, err
	}
	fields := map[string]core.Text{}
	body := strings.TrimSpace(in.Body)
	if n := utf8.RuneCountInString(body); n > MaxCharter {
		fields["body"] = core.T("governance.too_long", "max", MaxCharter)
	}
	var adopted *string
	if in.AdoptedOn != nil && *in.AdoptedOn != "" {
		adopted = in.AdoptedOn
		core.CheckDays(fields, "adopted_on", *adopted, "", "")
	}
	if len(fields) > 0 {
		return models.ConsortiumCharter{}, core.ValidationError(fields)
	}
	var actor *int64
	if ac.UserID != 0 {
		actor = &ac.UserID
	}
	c := models.ConsortiumCharter{ConsortiumID: consortiumID, Body: body, AdoptedOn: adopted, UpdatedBy: actor, UpdatedAt: s.Now()}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.SaveCharter(ctx, c); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.charter.update", core.AuditConsortium, consortiumID,
			map[string]any{"characters": utf8.RuneCountInString(body), "adopted_on": adopted})
	})
	return c, err
}

// requireAdmin refuses an actor who does not administer the consortium, and a consortium that
// does not exist.
func (s *Service) requireAdmin(ctx context.Context, ac core.Actor, consortiumID int64) error {
	if err := core.RequireConsortiumAdmin(ac, consortiumID); err != nil {
		return err
	}
	_, err := s.DB.ConsortiumByID(ctx, consortiumID)
	return core.NotFound(err)
}
