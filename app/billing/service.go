// Package billing prices what the platform's users consume and issues the monthly statements:
// completed bookings from the resource's rate for the user's type and their effective hours,
// course seats from the session's fee, service requests from the accepted quote. Money is in
// integer fen. Billing reads through its own queries and calls no other context's service
// (docs/billing.md).
package billing

import (
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
)

// Service runs the billing use cases.
type Service struct {
	core.Base
	defaultTZ *time.Location
}

// New builds the billing service; defaultTZ is the zone of facilities that name none, and the
// zone the monthly statements' month is read in.
func New(base core.Base, defaultTZ *time.Location) *Service {
	if defaultTZ == nil {
		defaultTZ = time.UTC
	}
	return &Service{Base: base, defaultTZ: defaultTZ}
}

// location is a facility's time zone by its name, the default when it names none.
func (s *Service) location(name string) *time.Location { return calendar.Location(name, s.defaultTZ) }

// PeriodFormat is how a period (a local month) is written: YYYY-MM.
const PeriodFormat = "2006-01"

// monthStart is the first instant of t's local month in loc.
func monthStart(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return calendar.Midnight(t.Year(), t.Month(), 1, loc) // where DST begins at 00:00, the month begins at 01:00
}
