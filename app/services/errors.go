package services

import "cqshare/app/core"

// The refusals of the services context beyond the kernel's.
var (
	// ErrOrganizationUnverified: only members of a verified organization may request services.
	ErrOrganizationUnverified = &core.Error{Kind: core.KindForbidden, Code: "organization_unverified", Key: "services.organization_unverified"}
	// ErrQuoteExpired: the quote in force is past its validity; Details "valid_until".
	ErrQuoteExpired = &core.Error{Kind: core.KindConflict, Code: "quote_expired", Key: "services.quote_expired"}
)
