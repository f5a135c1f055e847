package training

import "cqshare/app/core"

// The refusals of enrolment; Details carry what the caller may act on.
var (
	// ErrAlreadyEnrolled: the person holds a seat or a waitlist place in the session already.
	ErrAlreadyEnrolled = &core.Error{Kind: core.KindConflict, Code: "already_enrolled", Key: "training.already_enrolled"}
	// ErrAudienceRestricted: the session is for members of the consortium or named
	// organizations only.
	ErrAudienceRestricted = &core.Error{Kind: core.KindForbidden, Code: "audience_restricted", Key: "training.audience_restricted"}
	// ErrPrerequisiteMissing: Details "courses" and "qualifications" name what is missing.
	ErrPrerequisiteMissing = &core.Error{Kind: core.KindRule, Code: "prerequisite_missing", Rule: "prerequisite", Key: "training.prerequisite_missing"}
	// ErrEnrollmentNotOpen: Details "opens_at" and "closes_at" give the window.
	ErrEnrollmentNotOpen = &core.Error{Kind: core.KindRule, Code: "enrollment_not_open", Rule: "enrollment_window", Key: "training.enrollment_not_open"}
	// ErrCancelDeadlinePassed: the trainee may no longer cancel; Details "deadline".
	ErrCancelDeadlinePassed = &core.Error{Kind: core.KindRule, Code: "cancel_deadline_passed", Rule: "cancel_deadline", Key: "training.cancel_deadline_passed"}
)
