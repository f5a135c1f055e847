package handlers

import (
	"bytes"
	"encoding/json"

	"cqshare/app/catalog"
	"cqshare/models"
)

// nullable is a field of a PATCH body that may be absent (unchanged), null (removed) or a value.
type nullable[T any] struct {
	Set   bool
	Value *T
}

// UnmarshalJSON records that the field was sent, and its value unless it is null.
func (n *nullable[T]) UnmarshalJSON(b []byte) error {
	n.Set = true
	if bytes.Equal(b, []byte("null")) {
		n.Value = nil
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	n.Value = &v
	return nil
}

// orZero maps a nullable to the app's convention for optional references: nil unchanged, a
// pointer to the zero value removed, else the value.
func (n nullable[T]) orZero() *T {
	if !n.Set {
		return nil
	}
	if n.Value == nil {
		var zero T
		return &zero
	}
	return n.Value
}

// rulesRequest sets some booking rules; fields left out keep their value (or the facility's
// default). The app checks ranges and how the rules fit together.
type rulesRequest struct {
	SlotMinutes           *int            `json:"slot_minutes"`
	MinMinutes            *int            `json:"min_minutes"`
	MaxMinutes            *int            `json:"max_minutes"`
	MaxAdvanceDays        *int            `json:"max_advance_days"`
	MinLeadMinutes        *int            `json:"min_lead_minutes"`
	BufferMinutes         *int            `json:"buffer_minutes"`
	WeeklyQuotaMinutes    *int            `json:"weekly_quota_minutes"`
	RequiresApproval      *bool           `json:"requires_approval"`
	QualificationID       nullable[int64] `json:"qualification_id"`
	CancelDeadlineMinutes *int            `json:"cancel_deadline_minutes"`
	CheckinGraceMinutes   *int            `json:"checkin_grace_minutes"`
	RateInternalFen       *int64          `json:"rate_internal_fen"`
	RateExternalFen       *int64          `json:"rate_external_fen"`
}

func (r *rulesRequest) patch() catalog.RulesPatch {
	if r == nil {
		return catalog.RulesPatch{}
	}
	return catalog.RulesPatch{SlotMinutes: r.SlotMinutes, MinMinutes: r.MinMinutes, MaxMinutes: r.MaxMinutes,
		MaxAdvanceDays: r.MaxAdvanceDays, MinLeadMinutes: r.MinLeadMinutes, BufferMinutes: r.BufferMinutes,
		WeeklyQuotaMinutes: r.WeeklyQuotaMinutes, RequiresApproval: r.RequiresApproval,
		QualificationID: r.QualificationID.orZero(), CancelDeadlineMinutes: r.CancelDeadlineMinutes,
		CheckinGraceMinutes: r.CheckinGraceMinutes, RateInternalFen: r.RateInternalFen, RateExternalFen: r.RateExternalFen}
}

// rulesResponse is the booking rules of a resource, or the defaults of a facility.
type rulesResponse struct {
	SlotMinutes           int                    `json:"slot_minutes"`
	MinMinutes            int                    `json:"min_minutes"`
	MaxMinutes            int                    `json:"max_minutes"`
	MaxAdvanceDays        int                    `json:"max_advance_days"`
	MinLeadMinutes        int                    `json:"min_lead_minutes"`
	BufferMinutes         int                    `json:"buffer_minutes"`
	WeeklyQuotaMinutes    int                    `json:"weekly_quota_minutes"`
	RequiresApproval      bool                   `json:"requires_approval"`
	QualificationID       *int64                 `json:"qualification_id"`
	Qualification         *qualificationResponse `json:"qualification"`
	CancelDeadlineMinutes int                    `json:"cancel_deadline_minutes"`
	CheckinGraceMinutes   int                    `json:"checkin_grace_minutes"`
	RateInternalFen       int64                  `json:"rate_internal_fen"`
	RateExternalFen       int64                  `json:"rate_external_fen"`
}

func toRules(r models.Rules, q *models.Qualification) rulesResponse {
	out := rulesResponse{SlotMinutes: r.SlotMinutes, MinMinutes: r.MinMinutes, MaxMinutes: r.MaxMinutes,
		MaxAdvanceDays: r.MaxAdvanceDays, MinLeadMinutes: r.MinLeadMinutes, BufferMinutes: r.BufferMinutes,
		WeeklyQuotaMinutes: r.WeeklyQuotaMinutes, RequiresApproval: r.RequiresApproval, QualificationID: r.QualificationID,
		CancelDeadlineMinutes: r.CancelDeadlineMinutes, CheckinGraceMinutes: r.CheckinGraceMinutes,
		RateInternalFen: r.RateInternalFen, RateExternalFen: r.RateExternalFen}
	if q != nil {
		qr := toQualification(*q)
		out.Qualification = &qr
	}
	return out
}

// namedResponse is an id with a name.
type namedResponse struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func toNamed(n catalog.Named) namedResponse { return namedResponse{ID: n.ID, Name: n.Name} }
