package core

import (
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
)

// Kind classifies an error by what the caller did wrong; the HTTP layer maps it to a status.
type Kind int

// The kinds of error.
const (
	KindInvalid         Kind = iota + 1 // malformed request
	KindUnauthenticated                 // no valid session
	KindForbidden                       // role or scope does not allow it
	KindNotFound                        // no such object, or not visible to the caller
	KindConflict                        // the state of the data forbids it
	KindRule                            // a validation or business rule failed
	KindRateLimited                     // too many attempts
	KindUnavailable                     // the database could not complete it in time
)

// Error is the one error type of the application: a kind, a stable snake_case code, a message
// and, for rule and validation failures, the fields at fault.
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Rule    string            // the business rule that failed, where one did
	Fields  map[string]string // field name → what is wrong with it
	Details map[string]any    // extra facts the caller may use (a conflicting interval)
}

// Error words the error for logs: code, message and the fields at fault.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Code + ": " + e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k+": "+e.Fields[k])
	}
	sort.Strings(keys)
	return e.Code + ": " + e.Message + " (" + strings.Join(keys, "; ") + ")"
}

// Is makes errors.Is match by code, so a sentinel matches a copy carrying details; a target
// that names a rule matches only an error of that rule.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && (t.Rule == "" || t.Rule == e.Rule)
}

// With returns a copy of e with the message replaced.
func (e *Error) With(format string, args ...any) *Error {
	c := *e
	c.Message = fmt.Sprintf(format, args...)
	c.Fields = maps.Clone(e.Fields)
	c.Details = maps.Clone(e.Details)
	return &c
}

// WithDetails returns a copy of e carrying the facts the caller may use (a conflicting
// interval, the date a suspension ends) in place of any it had.
func (e *Error) WithDetails(details map[string]any) *Error {
	c := *e
	c.Fields = maps.Clone(e.Fields)
	c.Details = details
	return &c
}

// Sentinel errors; compare with errors.Is.
var (
	ErrUnauthenticated    = &Error{Kind: KindUnauthenticated, Code: "unauthenticated", Message: "sign in first"}
	ErrBadCredentials     = &Error{Kind: KindUnauthenticated, Code: "invalid_credentials", Message: "wrong e-mail or password"}
	ErrForbidden          = &Error{Kind: KindForbidden, Code: "forbidden", Message: "your role does not allow this"}
	ErrNotFound           = &Error{Kind: KindNotFound, Code: "not_found", Message: "no such object"}
	ErrConflict           = &Error{Kind: KindConflict, Code: "conflict", Message: "the current state does not allow this"}
	ErrInvalidTransition  = &Error{Kind: KindConflict, Code: "invalid_transition", Message: "not allowed from the current state"}
	ErrEmailTaken         = &Error{Kind: KindConflict, Code: "email_taken", Message: "an account with this e-mail exists", Fields: map[string]string{"email": "already registered"}}
	ErrRateLimited        = &Error{Kind: KindRateLimited, Code: "rate_limited", Message: "too many attempts; wait a minute"}
	ErrRegistrationClosed = &Error{Kind: KindForbidden, Code: "registration_closed", Message: "self-registration is switched off"}
	ErrBusy               = &Error{Kind: KindUnavailable, Code: "busy", Message: "the system is busy; try again"}
)

// RuleError reports a failed business rule on one field.
func RuleError(field, rule, message string) *Error {
	return &Error{Kind: KindRule, Code: "rule_violation", Rule: rule, Message: message,
		Fields: map[string]string{field: message}}
}

// ValidationError reports bad input on one or more fields.
func ValidationError(fields map[string]string) *Error {
	return &Error{Kind: KindRule, Code: "validation_failed", Message: "some fields are invalid", Fields: fields}
}
