package app

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cqshare/models"
)

// NewFacility is a facility an admin opens in a consortium. Default rules not given take the
// platform defaults; the time zone defaults to the configured one.
type NewFacility struct {
	ConsortiumID int64                    `json:"consortium_id"`
	Kind         string                   `json:"kind"`
	Name         string                   `json:"name"`
	NameEn       string                   `json:"name_en"`
	District     string                   `json:"district"`
	Address      string                   `json:"address"`
	TimeZone     string                   `json:"time_zone"`
	Description  string                   `json:"description"`
	OpeningHours []models.OpeningInterval `json:"opening_hours"`
	DefaultRules RulesPatch               `json:"default_rules"`
	ManagerIDs   []int64                  `json:"manager_ids"`
}

// FacilityPatch changes some fields of a facility. Managers of the facility may change all but
// ConsortiumID, Kind and ManagerIDs, which are the admins'.
type FacilityPatch struct {
	ConsortiumID *int64                    `json:"consortium_id,omitempty"`
	Kind         *string                   `json:"kind,omitempty"`
	Name         *string                   `json:"name,omitempty"`
	NameEn       *string                   `json:"name_en,omitempty"`
	District     *string                   `json:"district,omitempty"`
	Address      *string                   `json:"address,omitempty"`
	TimeZone     *string                   `json:"time_zone,omitempty"`
	Description  *string                   `json:"description,omitempty"`
	OpeningHours *[]models.OpeningInterval `json:"opening_hours,omitempty"`
	DefaultRules *RulesPatch               `json:"default_rules,omitempty"`
	ManagerIDs   *[]int64                  `json:"manager_ids,omitempty"`
}

// CreateFacility opens a facility (admins).
func (a *App) CreateFacility(ctx context.Context, ac Actor, in NewFacility) (FacilityView, error) {
	if !ac.IsAdmin() {
		return FacilityView{}, ErrForbidden
	}
	now := a.Now()
	f := models.Facility{ConsortiumID: in.ConsortiumID, Kind: in.Kind, Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), District: strings.TrimSpace(in.District), Address: strings.TrimSpace(in.Address),
		TimeZone: cmp.Or(strings.TrimSpace(in.TimeZone), a.cfg.DefaultTZ.String()), Description: strings.TrimSpace(in.Description),
		CreatedAt: now, UpdatedAt: now}
	f.OpeningHours.V = in.OpeningHours
	f.DefaultRules.V = in.DefaultRules.apply(models.DefaultRules())
	err := a.tx(ctx, func(ctx context.Context) error {
		f.ID = 0
		if err := a.checkFacility(ctx, f, in.ManagerIDs); err != nil {
			return err
		}
		f.OpeningHours.V = sortedHours(in.OpeningHours)
		if err := a.db.Insert(ctx, &f); err != nil {
			return err
		}
		if err := a.db.SetFacilityManagers(ctx, f.ID, UniqueIDs(in.ManagerIDs)); err != nil {
			return err
		}
		return a.audit(ctx, ac, "facility.create", auditFacility, f.ID, in)
	})
	if err != nil {
		return FacilityView{}, err
	}
	return a.Facility(ctx, ac, f.ID)
}

// UpdateFacility changes a facility: admins everything, its managers all but its consortium,
// kind and managers.
func (a *App) UpdateFacility(ctx context.Context, ac Actor, id int64, p FacilityPatch) (FacilityView, error) {
	if err := RequireRole(ac, models.RoleAdmin, models.RoleManager); err != nil {
		return FacilityView{}, err
	}
	err := a.tx(ctx, func(ctx context.Context) error {
		f, err := a.db.FacilityByID(ctx, id)
		if err != nil {
			return NotFound(err)
		}
		if err := RequireFacilityManager(ac, id); err != nil {
			return err
		}
		if !ac.IsAdmin() && (p.ConsortiumID != nil || p.Kind != nil || p.ManagerIDs != nil) {
			return ErrForbidden.With("only admins move a facility, change its kind or its managers")
		}
		Set(&f.ConsortiumID, p.ConsortiumID)
		Set(&f.Kind, p.Kind)
		Set(&f.Name, Trimmed(p.Name))
		Set(&f.NameEn, Trimmed(p.NameEn))
		Set(&f.District, Trimmed(p.District))
		Set(&f.Address, Trimmed(p.Address))
		Set(&f.TimeZone, Trimmed(p.TimeZone))
		Set(&f.Description, Trimmed(p.Description))
		if p.OpeningHours != nil {
			f.OpeningHours.V = *p.OpeningHours
		}
		if p.DefaultRules != nil {
			f.DefaultRules.V = p.DefaultRules.apply(f.DefaultRules.V)
		}
		var managers []int64
		if p.ManagerIDs != nil {
			managers = *p.ManagerIDs
		}
		if err := a.checkFacility(ctx, f, managers); err != nil {
			return err
		}
		f.OpeningHours.V = sortedHours(f.OpeningHours.V)
		f.UpdatedAt = a.Now()
		err = a.db.UpdateByID(ctx, &models.Facility{}, id, map[string]any{"consortium_id": f.ConsortiumID,
			"kind": f.Kind, "name": f.Name, "name_en": f.NameEn, "district": f.District, "address": f.Address,
			"time_zone": f.TimeZone, "description": f.Description, "opening_hours": f.OpeningHours,
			"default_rules": f.DefaultRules, "updated_at": f.UpdatedAt})
		if err != nil {
			return err
		}
		if p.ManagerIDs != nil {
			if err := a.db.SetFacilityManagers(ctx, id, UniqueIDs(managers)); err != nil {
				return err
			}
		}
		return a.audit(ctx, ac, "facility.update", auditFacility, id, p)
	})
	if err != nil {
		return FacilityView{}, err
	}
	return a.Facility(ctx, ac, id)
}

// DeleteFacility deletes a facility that has no resources (admins); retire resources instead of
// deleting a facility with history.
func (a *App) DeleteFacility(ctx context.Context, ac Actor, id int64) error {
	if !ac.IsAdmin() {
		return ErrForbidden
	}
	return a.tx(ctx, func(ctx context.Context) error {
		f, err := a.db.FacilityByID(ctx, id)
		if err != nil {
			return NotFound(err)
		}
		n, err := a.db.CountFacilityResources(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrInUse.With("the facility still has resources")
		}
		if err := a.db.DeleteFacility(ctx, id); err != nil {
			return err
		}
		return a.audit(ctx, ac, "facility.delete", auditFacility, id, map[string]any{"name": f.Name})
	})
}

// checkFacility validates a facility as it would be stored (opening hours in the order given,
// so fields name the client's indexes), and the managers it would have.
func (a *App) checkFacility(ctx context.Context, f models.Facility, managerIDs []int64) error {
	fields := map[string]string{}
	if f.Name == "" {
		fields["name"] = "required"
	}
	if !slices.Contains(models.FacilityKinds, f.Kind) {
		fields["kind"] = "must be one of " + strings.Join(models.FacilityKinds, ", ")
	}
	if !validTimeZone(f.TimeZone) {
		fields["time_zone"] = "not an IANA time zone (such as Asia/Shanghai)"
	}
	validateOpeningHours(f.OpeningHours.V, fields)
	ValidateRules(f.DefaultRules.V, "default_rules.", fields)
	if err := a.checkRuleQualification(ctx, f.DefaultRules.V, "default_rules.", fields); err != nil {
		return err
	}
	if _, err := a.db.ConsortiumByID(ctx, f.ConsortiumID); models.IsNotFound(err) {
		fields["consortium_id"] = "no such consortium"
	} else if err != nil {
		return err
	}
	if err := a.checkManagers(ctx, managerIDs, "manager_ids", fields); err != nil {
		return err
	}
	if len(fields) > 0 {
		return ValidationError(fields)
	}
	return nil
}

// checkManagers names the field unless every id is an account with the manager role.
func (a *App) checkManagers(ctx context.Context, userIDs []int64, field string, fields map[string]string) error {
	ids := UniqueIDs(userIDs)
	users, err := a.db.UsersByIDs(ctx, ids)
	if err != nil {
		return err
	}
	if len(users) < len(ids) {
		fields[field] = "no such user"
		return nil
	}
	for _, u := range users {
		if u.Role != models.RoleManager {
			fields[field] = fmt.Sprintf("user %d is not a manager", u.ID)
		}
	}
	return nil
}

// clockPattern is a time of day "HH:MM" from 00:00 to 24:00.
var clockPattern = regexp.MustCompile(`^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`)

// validateOpeningHours checks weekly opening hours: weekdays 0 (Sunday) to 6, times "HH:MM",
// each period starting before it ends, no two periods of a day overlapping.
func validateOpeningHours(hours []models.OpeningInterval, fields map[string]string) {
	if len(hours) > maxOpeningPeriods {
		fields["opening_hours"] = fmt.Sprintf("at most %d periods", maxOpeningPeriods)
		return
	}
	type period struct{ i, start, end int }
	byDay := map[int][]period{}
	for i, oi := range hours {
		at := fmt.Sprintf("opening_hours[%d].", i)
		if oi.Weekday < 0 || oi.Weekday > 6 {
			fields[at+"weekday"] = "must be 0 (Sunday) to 6 (Saturday)"
			continue
		}
		start, err1 := parseStrictClock(oi.Start)
		end, err2 := parseStrictClock(oi.End)
		switch {
		case err1 != nil:
			fields[at+"start"] = "must be a time HH:MM"
		case err2 != nil:
			fields[at+"end"] = "must be a time HH:MM"
		case start >= end:
			fields[at+"end"] = "must be after start"
		default:
			byDay[oi.Weekday] = append(byDay[oi.Weekday], period{i, start, end})
		}
	}
	for _, ps := range byDay {
		slices.SortFunc(ps, func(a, b period) int { return cmp.Compare(a.start, b.start) })
		for k := 1; k < len(ps); k++ {
			if ps[k].start < ps[k-1].end {
				fields[fmt.Sprintf("opening_hours[%d]", ps[k].i)] = fmt.Sprintf("overlaps opening_hours[%d]", ps[k-1].i)
			}
		}
	}
}

func parseStrictClock(s string) (int, error) {
	if !clockPattern.MatchString(s) {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return ParseClock(s)
}

// sortedHours orders opening periods by weekday and start, as they are stored.
func sortedHours(hours []models.OpeningInterval) []models.OpeningInterval {
	out := slices.Clone(hours)
	if out == nil {
		out = []models.OpeningInterval{}
	}
	slices.SortStableFunc(out, func(a, b models.OpeningInterval) int {
		return cmp.Or(cmp.Compare(a.Weekday, b.Weekday), cmp.Compare(a.Start, b.Start))
	})
	return out
}

// uniqueIDs sorts ids and drops repeats.
func UniqueIDs(ids []int64) []int64 {
	return slices.Compact(slices.Sorted(slices.Values(ids)))
}
