package catalog

import (
	"maps"
	"slices"
	"testing"

	"cqshare/app/core"
	"cqshare/models"
)

func TestValidateRules(t *testing.T) {
	t.Parallel()
	ptr := func(v int64) *int64 { return &v }
	tests := []struct {
		name   string
		change func(*models.Rules)
		want   []string // the fields named, sorted
	}{
		{"defaults", func(*models.Rules) {}, nil},
		{"slot not a multiple of 15", func(r *models.Rules) { r.SlotMinutes = 20 }, []string{"rules.slot_minutes"}},
		{"slot below 15", func(r *models.Rules) { r.SlotMinutes = 0 }, []string{"rules.slot_minutes"}},
		{"slot above a day", func(r *models.Rules) { r.SlotMinutes, r.MinMinutes, r.MaxMinutes = 1455, 1455, 1455 }, []string{"rules.slot_minutes"}},
		{"slot of a whole day", func(r *models.Rules) { r.SlotMinutes, r.MinMinutes, r.MaxMinutes = 1440, 1440, 2880 }, nil},
		{"min not a multiple of slot", func(r *models.Rules) { r.SlotMinutes, r.MinMinutes = 60, 90 }, []string{"rules.min_minutes"}},
		{"max not a multiple of slot", func(r *models.Rules) { r.MaxMinutes = 245 }, []string{"rules.max_minutes"}},
		{"min above max", func(r *models.Rules) { r.MinMinutes, r.MaxMinutes = 120, 60 }, []string{"rules.max_minutes"}},
		{"min equals max", func(r *models.Rules) { r.MinMinutes, r.MaxMinutes = 60, 60 }, nil},
		{"max above a week", func(r *models.Rules) { r.MaxMinutes = 7*24*60 + 30 }, []string{"rules.max_minutes"}},
		{"buffer not a multiple of 15", func(r *models.Rules) { r.BufferMinutes = 10 }, []string{"rules.buffer_minutes"}},
		{"buffer of 15", func(r *models.Rules) { r.BufferMinutes = 15 }, nil},
		{"negative everything", func(r *models.Rules) {
			r.MaxAdvanceDays, r.MinLeadMinutes, r.BufferMinutes, r.WeeklyQuotaMinutes = -1, -1, -15, -1
			r.CancelDeadlineMinutes, r.CheckinGraceMinutes, r.RateInternalFen, r.RateExternalFen = -1, -1, -1, -1
		}, []string{"rules.buffer_minutes", "rules.cancel_deadline_minutes", "rules.checkin_grace_minutes", "rules.max_advance_days",
			"rules.min_lead_minutes", "rules.rate_external_fen", "rules.rate_internal_fen", "rules.weekly_quota_minutes"}},
		{"huge rate", func(r *models.Rules) { r.RateExternalFen = 1 << 60 }, []string{"rules.rate_external_fen"}},
		{"zero qualification id", func(r *models.Rules) { r.QualificationID = ptr(0) }, []string{"rules.qualification_id"}},
		{"a qualification id", func(r *models.Rules) { r.QualificationID = ptr(3) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := models.DefaultRules()
			tt.change(&r)
			fields := map[string]core.Text{}
			ValidateRules(r, "rules.", fields)
			if got := slices.Sorted(maps.Keys(fields)); !slices.Equal(got, tt.want) {
				t.Errorf("got fields %v (%v), want %v", got, fields, tt.want)
			}
		})
	}
}

func TestValidateOpeningHours(t *testing.T) {
	t.Parallel()
	oi := func(day int, start, end string) models.OpeningInterval {
		return models.OpeningInterval{Weekday: day, Start: start, End: end}
	}
	tests := []struct {
		name  string
		hours []models.OpeningInterval
		want  []string
	}{
		{"none: always closed", nil, nil},
		{"a working week", []models.OpeningInterval{oi(1, "08:30", "21:30"), oi(6, "09:00", "17:00")}, nil},
		{"two periods a day", []models.OpeningInterval{oi(1, "13:30", "17:30"), oi(1, "08:30", "12:00")}, nil},
		{"touching periods", []models.OpeningInterval{oi(2, "08:00", "12:00"), oi(2, "12:00", "18:00")}, nil},
		{"until midnight", []models.OpeningInterval{oi(0, "18:00", "24:00")}, nil},
		{"overlap", []models.OpeningInterval{oi(1, "08:00", "12:00"), oi(1, "11:00", "13:00")}, []string{"opening_hours[1]"}},
		{"same period twice", []models.OpeningInterval{oi(3, "08:00", "12:00"), oi(3, "08:00", "12:00")}, []string{"opening_hours[1]"}},
		{"other days do not overlap", []models.OpeningInterval{oi(1, "08:00", "12:00"), oi(2, "08:00", "12:00")}, nil},
		{"weekday 7", []models.OpeningInterval{oi(7, "08:00", "12:00")}, []string{"opening_hours[0].weekday"}},
		{"negative weekday", []models.OpeningInterval{oi(-1, "08:00", "12:00")}, []string{"opening_hours[0].weekday"}},
		{"start after end", []models.OpeningInterval{oi(1, "18:00", "08:00")}, []string{"opening_hours[0].end"}},
		{"empty period", []models.OpeningInterval{oi(1, "08:00", "08:00")}, []string{"opening_hours[0].end"}},
		{"one digit hour", []models.OpeningInterval{oi(1, "8:00", "12:00")}, []string{"opening_hours[0].start"}},
		{"minute 60", []models.OpeningInterval{oi(1, "08:00", "12:60")}, []string{"opening_hours[0].end"}},
		{"hour 25", []models.OpeningInterval{oi(1, "08:00", "25:00")}, []string{"opening_hours[0].end"}},
		{"24:00 as start", []models.OpeningInterval{oi(1, "24:00", "24:00")}, []string{"opening_hours[0].end"}},
		{"not a time", []models.OpeningInterval{oi(1, "noon", "13:00")}, []string{"opening_hours[0].start"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := map[string]core.Text{}
			validateOpeningHours(tt.hours, fields)
			if got := slices.Sorted(maps.Keys(fields)); !slices.Equal(got, tt.want) {
				t.Errorf("got fields %v (%v), want %v", got, fields, tt.want)
			}
		})
	}
	t.Run("too many periods", func(t *testing.T) {
		fields := map[string]core.Text{}
		validateOpeningHours(make([]models.OpeningInterval, maxOpeningPeriods+1), fields)
		if _, ok := fields["opening_hours"]; !ok {
			t.Errorf("got %v, want opening_hours named", fields)
		}
	})
}

func TestRulesPatchApply(t *testing.T) {
	t.Parallel()
	five, sixty, zero := int64(5), 60, int64(0)
	yes := true
	base := models.DefaultRules()
	q := int64(9)
	base.QualificationID = &q

	got := RulesPatch{SlotMinutes: &sixty, RequiresApproval: &yes, QualificationID: &five}.apply(base)
	if got.SlotMinutes != 60 || !got.RequiresApproval || got.QualificationID == nil || *got.QualificationID != 5 {
		t.Errorf("got %+v, want slot 60, approval, qualification 5", got)
	}
	if got.MaxMinutes != base.MaxMinutes || got.CancelDeadlineMinutes != base.CancelDeadlineMinutes {
		t.Errorf("got %+v, want the fields not sent unchanged", got)
	}
	if *base.QualificationID != 9 {
		t.Errorf("apply changed the rules it was given")
	}
	if got := (RulesPatch{QualificationID: &zero}).apply(base); got.QualificationID != nil {
		t.Errorf("got qualification %v, want none after 0", *got.QualificationID)
	}
	if got := (RulesPatch{}).apply(base); got != base {
		t.Errorf("got %+v, want an empty patch to change nothing", got)
	}
}
