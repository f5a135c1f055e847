// Package billing prices what the platform's users consume and issues the monthly statements:
// completed bookings from the resource's rate for the user's type and their effective hours,
// course seats from the session's fee, service requests from the accepted quote. Money is in
// integer fen. Billing reads through its own queries and calls no other context's service.
package billing

import "cqshare/app/core"

// Service runs the billing use cases.
type Service struct {
	core.Base
}

// New builds the billing service.
func New(base core.Base) *Service {
	return &Service{Base: base}
}
