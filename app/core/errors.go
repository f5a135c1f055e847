package core

import (
	"errors"
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
	KindTooLarge                        // what was sent is larger than allowed (a file)
)

// Error is the one error type of the application: a kind, a stable snake_case code, what is
// said to the person (a catalogue key worded from Details, see Text) and, for rule and validation
// failures, the rule and the fields at fault.
type Error struct {
	Kind    Kind
	Code    string
	Key     string          // the catalogue key of its message, worded from Details
	Rule    string          // the business rule that failed, where one did
	Fields  map[string]Text // field name → what is wrong with it
	Details map[string]any  // the facts the message is worded from, and others the caller may use
}

// Error words the error in English for logs: code, message and the fields at fault.
func (e *Error) Error() string {
	msg := e.Code + ": " + e.Message(EN)
	if len(e.Fields) == 0 {
		return msg
	}
	fields := e.FieldMessages(EN)
	keys := make([]string, 0, len(fields))
	for k, v := range fields {
		keys = append(keys, k+": "+v)
	}
	sort.Strings(keys)
	return msg + " (" + strings.Join(keys, "; ") + ")"
}

// Message words the error in l.
func (e *Error) Message(l Lang) string {
	return l.Say(e.Text())
}

// Text is what the error says, to be worded later (inside the details of another error).
func (e *Error) Text() Text { return Text{Key: e.Key, Params: e.Details} }

// FieldMessages words each field's fault in l.
func (e *Error) FieldMessages(l Lang) map[string]string {
	if len(e.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(e.Fields))
	for k, t := range e.Fields {
		out[k] = l.Say(t)
	}
	return out
}

// Is makes errors.Is match by code, so a sentinel matches a copy carrying details; a target
// that names a rule matches only an error of that rule.
func (e *Error) Is(target error) bool {
	var t *Error
	return errors.As(target, &t) && t.Code == e.Code && (t.Rule == "" || t.Rule == e.Rule)
}

// Say returns a copy of e with another message, worded from the name–value pairs given, which
// join its details.
func (e *Error) Say(key string, pairs ...any) *Error {
	c := e.WithDetails(params(pairs))
	c.Key = key
	return c
}

// WithDetails returns a copy of e with details added: the facts the message is worded from or
// the caller may use (a conflicting interval, the date a suspension ends).
func (e *Error) WithDetails(details map[string]any) *Error {
	c := *e
	c.Fields = maps.Clone(e.Fields)
	if len(e.Details)+len(details) > 0 {
		c.Details = maps.Clone(e.Details)
		if c.Details == nil {
			c.Details = make(map[string]any, len(details))
		}
		maps.Copy(c.Details, details)
	}
	return &c
}

// Sentinel errors; compare with errors.Is.
var (
	ErrUnauthenticated    = &Error{Kind: KindUnauthenticated, Code: "unauthenticated", Key: "error.unauthenticated"}
	ErrBadCredentials     = &Error{Kind: KindUnauthenticated, Code: "invalid_credentials", Key: "error.invalid_credentials"}
	ErrForbidden          = &Error{Kind: KindForbidden, Code: "forbidden", Key: "error.forbidden"}
	ErrNotFound           = &Error{Kind: KindNotFound, Code: "not_found", Key: "error.not_found"}
	ErrConflict           = &Error{Kind: KindConflict, Code: "conflict", Key: "error.conflict"}
	ErrInvalidTransition  = &Error{Kind: KindConflict, Code: "invalid_transition", Key: "error.invalid_transition"}
	ErrEmailTaken         = &Error{Kind: KindConflict, Code: "email_taken", Key: "error.email_taken", Fields: map[string]Text{"email": T("field.email_taken")}}
	ErrRateLimited        = &Error{Kind: KindRateLimited, Code: "rate_limited", Key: "error.rate_limited"}
	ErrRegistrationClosed = &Error{Kind: KindForbidden, Code: "registration_closed", Key: "error.registration_closed"}
	ErrBusy               = &Error{Kind: KindUnavailable, Code: "busy", Key: "error.busy"}
)

// RuleError reports a failed business rule on one field: the message (key) is worded from the
// name–value pairs, which are also the error's details.
func RuleError(field, rule, key string, pairs ...any) *Error {
	t := T(key, pairs...)
	return &Error{Kind: KindRule, Code: "rule_violation", Rule: rule, Key: key, Details: t.Params,
		Fields: map[string]Text{field: t}}
}

// ValidationError reports bad input on one or more fields.
func ValidationError(fields map[string]Text) *Error {
	return &Error{Kind: KindRule, Code: "validation_failed", Key: "error.validation_failed", Fields: fields}
}

// FieldError reports bad input on one field, worded from the name–value pairs.
func FieldError(field, key string, pairs ...any) *Error {
	return ValidationError(map[string]Text{field: T(key, pairs...)})
}
