package core

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorIs(t *testing.T) {
	t.Parallel()
	quota := RuleError("end_at", "weekly_quota", "booking.weekly_quota", "quota", Minutes(600))
	lead := RuleError("start_at", "min_lead", "booking.min_lead", "lead", Minutes(60))
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"a sentinel matches its copy with details", ErrNotFound.Say("booking.started").WithDetails(map[string]any{"id": 1}), ErrNotFound, true},
		{"wrapped", fmt.Errorf("load: %w", ErrConflict), ErrConflict, true},
		{"another code", ErrConflict, ErrNotFound, false},
		{"the same rule", RuleError("end_at", "weekly_quota", "booking.max_duration"), quota, true},
		{"another rule of the same code", lead, quota, false},
		{"a target without a rule matches by code", lead, &Error{Code: "rule_violation"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", tt.err, tt.target, got, tt.want)
			}
		})
	}
}

func TestWithDetailsCopies(t *testing.T) {
	t.Parallel()
	e := ErrConflict.WithDetails(map[string]any{"conflicts": 2})
	if ErrConflict.Details != nil || e.Details["conflicts"] != 2 || e == ErrConflict {
		t.Fatalf("got sentinel details %v and copy details %v, want the sentinel untouched", ErrConflict.Details, e.Details)
	}
	f := ErrEmailTaken.WithDetails(nil)
	f.Fields["email"] = T("changed")
	if ErrEmailTaken.Fields["email"].Key != "field.email_taken" {
		t.Fatalf("a copy's fields changed the sentinel's: %v", ErrEmailTaken.Fields)
	}
}
