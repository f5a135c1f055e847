package governance

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"cqshare/app/core"
	"cqshare/app/reports"
	"cqshare/models"
)

// GoalInput is one target of a year's goals.
type GoalInput struct {
	Indicator string  `json:"indicator"`
	Target    float64 `json:"target"`
	Note      string  `json:"note"`
}

// goalRange is the range a target of an indicator lies in: a ratio from 0 to 1, the mean rating
// from 1 to 5, a number of SMEs a whole number.
func goalRange(indicator string) (lo, hi float64, whole bool) {
	switch indicator {
	case "rating":
		return 1, 5, false
	case "smes_served":
		return 0, 1e6, true
	default:
		return 0, 1, false
	}
}

// SetGoals replaces a consortium's goals of a year (its administrators): at most one target per
// league indicator; an empty list clears the year.
func (s *Service) SetGoals(ctx context.Context, ac core.Actor, consortiumID int64, year int, in []GoalInput) (Governance, error) {
	if err := s.requireAdmin(ctx, ac, consortiumID); err != nil {
		return Governance{}, err
	}
	if year < MinYear || year > MaxYear {
		return Governance{}, core.FieldError("year", "governance.year", "min", MinYear, "max", MaxYear)
	}
	fields := map[string]core.Text{}
	goals := make([]models.ConsortiumGoal, 0, len(in))
	seen := map[string]bool{}
	now := s.Now()
	for i, g := range in {
		at := func(name string) string { return fmt.Sprintf("goals[%d].%s", i, name) }
		note := strings.TrimSpace(g.Note)
		switch {
		case !slices.Contains(reports.Indicators, g.Indicator):
			fields[at("indicator")] = core.T("governance.indicator")
		case seen[g.Indicator]:
			fields[at("indicator")] = core.T("governance.indicator_twice")
		}
		seen[g.Indicator] = true
		lo, hi, whole := goalRange(g.Indicator)
		if math.IsNaN(g.Target) || g.Target < lo || g.Target > hi || whole && g.Target != math.Trunc(g.Target) {
			fields[at("target")] = core.T("governance.target", "min", lo, "max", hi)
		}
		if utf8.RuneCountInString(note) > MaxNote {
			fields[at("note")] = core.T("governance.too_long", "max", MaxNote)
		}
		goals = append(goals, models.ConsortiumGoal{ConsortiumID: consortiumID, Year: year, Indicator: g.Indicator,
			Target: g.Target, Note: note, UpdatedAt: now})
	}
	if len(fields) > 0 {
		return Governance{}, core.ValidationError(fields)
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		if err := s.DB.ReplaceConsortiumGoals(ctx, consortiumID, year, goals); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "consortium.goals.set", core.AuditConsortium, consortiumID,
			map[string]any{"year": year, "goals": in})
	})
	if err != nil {
		return Governance{}, err
	}
	return s.Governance(ctx, ac, consortiumID, year)
}
