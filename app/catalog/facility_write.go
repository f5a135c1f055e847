package catalog

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// NewFacility is a facility an admin opens in a consortium. Default rules not given take the
// platform defaults; the time zone defaults to the configured one, the series horizon to
// models.DefaultSeriesHorizonDays.
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
	// SeriesHorizonDays bounds the later occurrences of a weekly series, in days from booking.
	SeriesHorizonDays *int `json:"series_horizon_days,omitempty"`
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
	// SeriesHorizonDays bounds the later occurrences of a weekly series, in days from booking.
	SeriesHorizonDays *int `json:"series_horizon_days,omitempty"`
	// OnBookings says what shorter opening hours do with the active bookings they leave
	// outside; CancelReason is told to the holders of those cancelled.
	OnBookings   OnBookings `json:"on_bookings,omitempty"`
	CancelReason string     `json:"cancel_reason,omitempty"`
}

// CreateFacility opens a facility (the administrators of its consortium).
func (s *Service) CreateFacility(ctx context.Context, ac core.Actor, in NewFacility) (FacilityView, error) {
	if !ac.AdministersConsortium(in.ConsortiumID) {
		return FacilityView{}, core.ErrForbidden
	}
	now := s.Now()
	f := models.Facility{ConsortiumID: in.ConsortiumID, Kind: in.Kind, Name: strings.TrimSpace(in.Name),
		NameEn: strings.TrimSpace(in.NameEn), District: strings.TrimSpace(in.District), Address: strings.TrimSpace(in.Address),
		TimeZone: cmp.Or(strings.TrimSpace(in.TimeZone), s.defaultTZ.String()), Description: strings.TrimSpace(in.Description),
		SeriesHorizonDays: models.DefaultSeriesHorizonDays, CreatedAt: now, UpdatedAt: now}
	core.Set(&f.SeriesHorizonDays, in.SeriesHorizonDays)
	f.OpeningHours.V = in.OpeningHours
	f.DefaultRules.V = in.DefaultRules.apply(models.DefaultRules())
	err := s.Tx(ctx, func(ctx context.Context) error {
		f.ID = 0
		if err := s.checkFacility(ctx, ac, f, nil, in.ManagerIDs, OnBookingsAsk, ""); err != nil {
			return err
		}
		f.OpeningHours.V = sortedHours(in.OpeningHours)
		if err := s.DB.Insert(ctx, &f); err != nil {
			return err
		}
		if err := s.DB.SetFacilityManagers(ctx, f.ID, core.UniqueIDs(in.ManagerIDs)); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "facility.create", core.AuditFacility, f.ID, in)
	})
	if err != nil {
		return FacilityView{}, err
	}
	return s.Facility(ctx, ac, f.ID)
}

// UpdateFacility changes a facility: admins everything, its managers all but its consortium,
// kind and managers. Opening hours that leave active bookings outside are refused with the list
// of them unless p.OnBookings says to cancel or keep them (the closing hook).
func (s *Service) UpdateFacility(ctx context.Context, ac core.Actor, id int64, p FacilityPatch) (FacilityView, error) {
	if !ac.IsStaff() {
		return FacilityView{}, core.ErrForbidden
	}
	err := s.Tx(ctx, func(ctx context.Context) error {
		f, err := s.DB.FacilityByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		was := f
		if err := core.RequireFacilityManager(ac, id); err != nil {
			return err
		}
		if !ac.AdministersConsortium(f.ConsortiumID) && (p.ConsortiumID != nil || p.Kind != nil || p.ManagerIDs != nil) ||
			p.ConsortiumID != nil && !ac.AdministersConsortium(*p.ConsortiumID) {
			return core.ErrForbidden.Say("facility.admin_only")
		}
		core.Set(&f.ConsortiumID, p.ConsortiumID)
		core.Set(&f.Kind, p.Kind)
		core.Set(&f.Name, core.Trimmed(p.Name))
		core.Set(&f.NameEn, core.Trimmed(p.NameEn))
		core.Set(&f.District, core.Trimmed(p.District))
		core.Set(&f.Address, core.Trimmed(p.Address))
		core.Set(&f.TimeZone, core.Trimmed(p.TimeZone))
		core.Set(&f.Description, core.Trimmed(p.Description))
		core.Set(&f.SeriesHorizonDays, p.SeriesHorizonDays)
		wasQualification := f.DefaultRules.V.QualificationID
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
		if err := s.checkFacility(ctx, ac, f, wasQualification, managers, p.OnBookings, p.CancelReason); err != nil {
			return err
		}
		f.OpeningHours.V = sortedHours(f.OpeningHours.V)
		f.UpdatedAt = s.Now()
		err = s.DB.UpdateByID(ctx, &models.Facility{}, id, map[string]any{"consortium_id": f.ConsortiumID,
			"kind": f.Kind, "name": f.Name, "name_en": f.NameEn, "district": f.District, "address": f.Address,
			"time_zone": f.TimeZone, "description": f.Description, "opening_hours": f.OpeningHours,
			"default_rules": f.DefaultRules, "series_horizon_days": f.SeriesHorizonDays, "updated_at": f.UpdatedAt})
		if err != nil {
			return err
		}
		if p.ManagerIDs != nil {
			if err := s.DB.SetFacilityManagers(ctx, id, core.UniqueIDs(managers)); err != nil {
				return err
			}
		}
		if p.OpeningHours != nil || p.TimeZone != nil {
			err := s.closing(ctx, ac, Closing{Facility: f, WasFacility: was, OnBookings: p.OnBookings, Reason: strings.TrimSpace(p.CancelReason)})
			if err != nil {
				return err
			}
		}
		return s.Audit(ctx, ac, "facility.update", core.AuditFacility, id, p)
	})
	if err != nil {
		return FacilityView{}, err
	}
	return s.Facility(ctx, ac, id)
}

// DeleteFacility deletes a facility that has no resources (the administrators of its
// consortium); retire resources instead of deleting a facility with history.
func (s *Service) DeleteFacility(ctx context.Context, ac core.Actor, id int64) error {
	if !ac.IsAdmin() && ac.Role != models.RoleConsortiumAdmin {
		return core.ErrForbidden
	}
	return s.Tx(ctx, func(ctx context.Context) error {
		f, err := s.DB.FacilityByID(ctx, id)
		if err != nil {
			return core.NotFound(err)
		}
		if !ac.AdministersConsortium(f.ConsortiumID) {
			return core.ErrForbidden
		}
		n, err := s.DB.CountFacilityResources(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrInUse.Say("facility.has_resources")
		}
		if err := s.DB.DeleteFacility(ctx, id); err != nil {
			return err
		}
		return s.Audit(ctx, ac, "facility.delete", core.AuditFacility, id, map[string]any{"name": f.Name})
	})
}

// checkFacility validates a facility as it would be stored by the actor (opening hours in the
// order given, so fields name the client's indexes; wasQualification is the qualification its
// default rules required before), the managers it would have and the choice (with its reason)
// for the bookings its opening hours would leave outside.
func (s *Service) checkFacility(ctx context.Context, ac core.Actor, f models.Facility, wasQualification *int64, managerIDs []int64, on OnBookings, cancelReason string) error {
	fields := map[string]core.Text{}
	checkOnBookings(fields, on, cancelReason, "cancel_reason")
	if f.Name == "" {
		fields["name"] = core.T("field.required")
	}
	if !slices.Contains(models.FacilityKinds, f.Kind) {
		fields["kind"] = core.T("field.choose")
	}
	if !validTimeZone(f.TimeZone) {
		fields["time_zone"] = core.T("facility.time_zone")
	}
	validateOpeningHours(f.OpeningHours.V, fields)
	if f.SeriesHorizonDays < minSeriesHorizonDays || f.SeriesHorizonDays > maxSeriesHorizonDays {
		fields["series_horizon_days"] = core.T("field.between", "min", core.Days(minSeriesHorizonDays), "max", core.Days(maxSeriesHorizonDays))
	}
	ValidateRules(f.DefaultRules.V, "default_rules.", fields)
	if err := s.checkRuleQualification(ctx, ac, f.DefaultRules.V, wasQualification, "default_rules.", fields); err != nil {
		return err
	}
	if _, err := s.DB.ConsortiumByID(ctx, f.ConsortiumID); models.IsNotFound(err) {
		fields["consortium_id"] = core.T("catalog.no_such_consortium")
	} else if err != nil {
		return err
	}
	if err := s.checkManagers(ctx, managerIDs, "manager_ids", fields); err != nil {
		return err
	}
	if len(fields) > 0 {
		return core.ValidationError(fields)
	}
	return nil
}

// checkManagers names the field unless every id is an account with the manager role.
func (s *Service) checkManagers(ctx context.Context, userIDs []int64, field string, fields map[string]core.Text) error {
	ids := core.UniqueIDs(userIDs)
	users, err := s.DB.UsersByIDs(ctx, ids)
	if err != nil {
		return err
	}
	if len(users) < len(ids) {
		fields[field] = core.T("catalog.no_such_user")
		return nil
	}
	for _, u := range users {
		if u.Role != models.RoleManager {
			fields[field] = core.T("facility.not_a_manager", "name", u.Name)
		}
	}
	return nil
}

// clockPattern is a time of day "HH:MM" from 00:00 to 24:00.
var clockPattern = regexp.MustCompile(`^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$`)

// validateOpeningHours checks weekly opening hours: weekdays 0 (Sunday) to 6, times "HH:MM",
// each period starting before it ends, no two periods of a day overlapping.
func validateOpeningHours(hours []models.OpeningInterval, fields map[string]core.Text) {
	if len(hours) > maxOpeningPeriods {
		fields["opening_hours"] = core.T("facility.too_many_periods", "max", maxOpeningPeriods)
		return
	}
	type period struct{ i, start, end int }
	byDay := map[int][]period{}
	for i, oi := range hours {
		at := fmt.Sprintf("opening_hours[%d].", i)
		if oi.Weekday < 0 || oi.Weekday > 6 {
			fields[at+"weekday"] = core.T("facility.weekday")
			continue
		}
		start, err1 := parseStrictClock(oi.Start)
		end, err2 := parseStrictClock(oi.End)
		switch {
		case err1 != nil:
			fields[at+"start"] = core.T("field.clock_time")
		case err2 != nil:
			fields[at+"end"] = core.T("field.clock_time")
		case start >= end:
			fields[at+"end"] = core.T("field.after_start")
		default:
			byDay[oi.Weekday] = append(byDay[oi.Weekday], period{i, start, end})
		}
	}
	for _, ps := range byDay {
		slices.SortFunc(ps, func(a, b period) int { return cmp.Compare(a.start, b.start) })
		for k := 1; k < len(ps); k++ {
			if ps[k].start < ps[k-1].end {
				fields[fmt.Sprintf("opening_hours[%d]", ps[k].i)] = core.T("facility.periods_overlap")
			}
		}
	}
}

func parseStrictClock(s string) (int, error) {
	if !clockPattern.MatchString(s) {
		return 0, fmt.Errorf("%q is not HH:MM", s)
	}
	return calendar.ParseClock(s)
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
