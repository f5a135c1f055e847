package catalog

import (
	"context"
	"regexp"
	"strings"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// Limits of the catalog's numbers: generous for any real facility, small enough that no sum of
// them overflows.
const (
	maxCapacity       = 500   // seats: bounds the claim rows of a slot (docs/booking-rules.md, "Bounds")
	maxQuotaHours     = 8_784 // hours in a leap year
	maxBookingMinutes = 7 * 24 * 60
	maxAdvanceDays    = 730
	maxNoticeMinutes  = 60 * 24 * 60 // lead time and cancellation deadline: 60 days
	maxRateFen        = 100_000_000  // ¥1,000,000 an hour
	maxOpeningPeriods = 50
)

// The range of a facility's series horizon, in days: a week to a school year.
const (
	minSeriesHorizonDays = 7
	maxSeriesHorizonDays = 366
)

// DefaultQuotaHoursYear is the quota (定额机时) a new resource gets, that of general
// equipment; specialized equipment usually has models.DefaultQuotaHoursSpecialized.
const DefaultQuotaHoursYear = models.DefaultQuotaHoursGeneral

// Errors of the catalog.
var (
	ErrNameTaken       = &core.Error{Kind: core.KindConflict, Code: "name_taken", Key: "catalog.name_taken", Fields: map[string]core.Text{"name": core.T("field.already_used")}}
	ErrCodeTaken       = &core.Error{Kind: core.KindConflict, Code: "code_taken", Key: "catalog.code_taken", Fields: map[string]core.Text{"code": core.T("field.already_used")}}
	ErrCreditCodeTaken = &core.Error{Kind: core.KindConflict, Code: "credit_code_taken", Key: "catalog.credit_code_taken", Fields: map[string]core.Text{"credit_code": core.T("field.email_taken")}}
	ErrInUse           = &core.Error{Kind: core.KindConflict, Code: "in_use", Key: "catalog.in_use"}
)

// codePattern is the shape of stable codes (of clusters and qualifications): lower-case
// snake_case; categoryPattern the same for resource categories, whose column is shorter.
var (
	codePattern     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
	categoryPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,29}$`)
)

// RulesPatch changes some booking rules: nil fields keep their value. It serves both the
// rules of a resource and the defaults of a facility. JSON names are for the audit record.
type RulesPatch struct {
	SlotMinutes           *int   `json:"slot_minutes,omitempty"`
	MinMinutes            *int   `json:"min_minutes,omitempty"`
	MaxMinutes            *int   `json:"max_minutes,omitempty"`
	MaxAdvanceDays        *int   `json:"max_advance_days,omitempty"`
	MinLeadMinutes        *int   `json:"min_lead_minutes,omitempty"`
	BufferMinutes         *int   `json:"buffer_minutes,omitempty"`
	WeeklyQuotaMinutes    *int   `json:"weekly_quota_minutes,omitempty"`
	RequiresApproval      *bool  `json:"requires_approval,omitempty"`
	QualificationID       *int64 `json:"qualification_id,omitempty"` // 0 removes the requirement
	CancelDeadlineMinutes *int   `json:"cancel_deadline_minutes,omitempty"`
	CheckinGraceMinutes   *int   `json:"checkin_grace_minutes,omitempty"`
	RateInternalFen       *int64 `json:"rate_internal_fen,omitempty"`
	RateExternalFen       *int64 `json:"rate_external_fen,omitempty"`
}

// apply returns r with the patch's fields set.
func (p RulesPatch) apply(r models.Rules) models.Rules {
	core.Set(&r.SlotMinutes, p.SlotMinutes)
	core.Set(&r.MinMinutes, p.MinMinutes)
	core.Set(&r.MaxMinutes, p.MaxMinutes)
	core.Set(&r.MaxAdvanceDays, p.MaxAdvanceDays)
	core.Set(&r.MinLeadMinutes, p.MinLeadMinutes)
	core.Set(&r.BufferMinutes, p.BufferMinutes)
	core.Set(&r.WeeklyQuotaMinutes, p.WeeklyQuotaMinutes)
	core.Set(&r.RequiresApproval, p.RequiresApproval)
	core.Set(&r.CancelDeadlineMinutes, p.CancelDeadlineMinutes)
	core.Set(&r.CheckinGraceMinutes, p.CheckinGraceMinutes)
	core.Set(&r.RateInternalFen, p.RateInternalFen)
	core.Set(&r.RateExternalFen, p.RateExternalFen)
	if p.QualificationID != nil {
		r.QualificationID = nil
		if *p.QualificationID != 0 {
			id := *p.QualificationID
			r.QualificationID = &id
		}
	}
	return r
}

// ruleRange is the allowed range of one rule and the step its value must be a multiple of.
type ruleRange struct {
	field    string
	value    int64
	min, max int64
	step     int64
}

// unit gives a bound of the rule its unit, so it is worded as minutes, days or yuan.
func (c ruleRange) unit(v int64) any {
	switch {
	case strings.HasSuffix(c.field, "_minutes"):
		return core.Minutes(v)
	case strings.HasSuffix(c.field, "_days"):
		return core.Days(v)
	case strings.HasSuffix(c.field, "_fen"):
		return core.Fen(v)
	}
	return v
}

// ValidateRules checks booking rules on their own: ranges, the 15-minute claim grid, min ≤ max.
// Fields are named under prefix ("rules." or "default_rules.").
func ValidateRules(r models.Rules, prefix string, fields map[string]core.Text) {
	checks := []ruleRange{
		{"slot_minutes", int64(r.SlotMinutes), 15, 1440, 15},
		{"min_minutes", int64(r.MinMinutes), 15, maxBookingMinutes, 1},
		{"max_minutes", int64(r.MaxMinutes), 15, maxBookingMinutes, 1},
		{"max_advance_days", int64(r.MaxAdvanceDays), 0, maxAdvanceDays, 1},
		{"min_lead_minutes", int64(r.MinLeadMinutes), 0, maxNoticeMinutes, 1},
		{"buffer_minutes", int64(r.BufferMinutes), 0, 1440, 15},
		{"weekly_quota_minutes", int64(r.WeeklyQuotaMinutes), 0, maxBookingMinutes, 1},
		{"cancel_deadline_minutes", int64(r.CancelDeadlineMinutes), 0, maxNoticeMinutes, 1},
		{"checkin_grace_minutes", int64(r.CheckinGraceMinutes), 0, 1440, 1},
		{"rate_internal_fen", r.RateInternalFen, 0, maxRateFen, 1},
		{"rate_external_fen", r.RateExternalFen, 0, maxRateFen, 1},
	}
	for _, c := range checks {
		switch {
		case c.value < c.min || c.value > c.max:
			fields[prefix+c.field] = core.T("field.between", "min", c.unit(c.min), "max", c.unit(c.max))
		case c.step > 1 && c.value%c.step != 0:
			fields[prefix+c.field] = core.T("field.multiple_of", "step", c.unit(c.step))
		}
	}
	if _, bad := fields[prefix+"slot_minutes"]; bad {
		return
	}
	slot := r.SlotMinutes
	for name, v := range map[string]int{"min_minutes": r.MinMinutes, "max_minutes": r.MaxMinutes} {
		if _, bad := fields[prefix+name]; !bad && v%slot != 0 {
			fields[prefix+name] = core.T("rules.multiple_of_slot", "slot", core.Minutes(slot))
		}
	}
	if _, bad := fields[prefix+"max_minutes"]; !bad && r.MinMinutes > r.MaxMinutes {
		fields[prefix+"max_minutes"] = core.T("rules.max_below_min", "min", core.Minutes(r.MinMinutes))
	}
	if r.QualificationID != nil && *r.QualificationID <= 0 {
		fields[prefix+"qualification_id"] = core.T("catalog.no_such_qualification")
	}
}

// checkRuleQualification names the field when the rules require a qualification that does
// not exist, and refuses the actor a requirement they may not set (mayRequireQualification).
// A requirement the rules had before (was) may stay whoever set it.
func (s *Service) checkRuleQualification(ctx context.Context, ac core.Actor, r models.Rules, was *int64, prefix string, fields map[string]core.Text) error {
	if _, bad := fields[prefix+"qualification_id"]; bad || r.QualificationID == nil {
		return nil
	}
	q, err := s.DB.QualificationByID(ctx, *r.QualificationID)
	if models.IsNotFound(err) {
		fields[prefix+"qualification_id"] = core.T("catalog.no_such_qualification")
		return nil
	}
	if err != nil || (was != nil && *was == q.ID) || mayRequireQualification(ac, q) {
		return err
	}
	e := core.ErrForbidden.Say("catalog.qualification_out_of_scope")
	e.Fields = map[string]core.Text{prefix + "qualification_id": core.T("catalog.qualification_not_yours")}
	return e
}

// validTimeZone reports whether name is an IANA time zone this build knows. "Local" is refused:
// it would mean whatever the server's host is set to.
func validTimeZone(name string) bool {
	if name == "" || name == "Local" {
		return false
	}
	_, err := time.LoadLocation(name)
	return err == nil
}
