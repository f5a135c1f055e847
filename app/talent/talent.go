// Package talent is the talent supply–demand board (人才供需信息服务): enterprises post needs
// (positions, internships, apprenticeships 现代学徒制 and skill demands), schools and training
// bases answer with offers (courses, student cohorts, graduates), a match list ranks the offers
// for a need, students apply to openings in their clusters sharing what they choose, and closed
// posts keep their history for the reports. Who may do what is decided here, in access.go.
package talent

import (
	"time"

	"cqshare/app/core"
)

// Service runs the talent board's use cases.
type Service struct {
	core.Base
	tz *time.Location // the day boundaries of the summary
}

// New builds the talent context; tz is the default time zone the summary's days are cut in.
func New(base core.Base, tz *time.Location) *Service {
	if tz == nil {
		tz = time.UTC
	}
	return &Service{Base: base, tz: tz}
}

// AuditNeed is the audit log's name of a need.
const AuditNeed = "talent_need"

// Limits of what a post may carry.
const (
	MaxSkills     = 10
	MaxSkillRunes = 30
	MaxHeadcount  = 10000
)

// The refusals of the talent context beyond the kernel's.
var (
	// ErrNotEnterprise: only members of an enterprise post needs.
	ErrNotEnterprise = &core.Error{Kind: core.KindForbidden, Code: "not_enterprise", Key: "talent.not_enterprise"}
	// ErrNotOfferer: only school teachers and training bases' managers or instructors post offers.
	ErrNotOfferer = &core.Error{Kind: core.KindForbidden, Code: "not_offerer", Key: "talent.not_offerer"}
	// ErrStudentsOnly: only students apply.
	ErrStudentsOnly = &core.Error{Kind: core.KindForbidden, Code: "students_only", Key: "talent.students_only"}
	// ErrNeedClosed: the need is closed; nothing more happens to it.
	ErrNeedClosed = &core.Error{Kind: core.KindConflict, Code: "need_closed", Key: "talent.need_closed"}
	// ErrAlreadyApplied: one application per need per student.
	ErrAlreadyApplied = &core.Error{Kind: core.KindConflict, Code: "already_applied", Key: "talent.already_applied"}
)
