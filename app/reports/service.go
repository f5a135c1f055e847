// Package reports computes the utilization figures of DESIGN.md section 6 and answers the
// reports: the rollup jobs write per resource and local day what the bookings add up to, by
// set-based SQL in the database, and the reports read those rollups only, never the bookings.
// Like billing, it reads the other contexts' tables through its own queries and calls none of
// them (docs/reports.md).
package reports

import (
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
)

// Service runs the reports' use cases.
type Service struct {
	core.Base
	defaultTZ *time.Location
}

// New builds the reports service; defaultTZ is the zone of facilities that name none.
func New(base core.Base, defaultTZ *time.Location) *Service {
	if defaultTZ == nil {
		defaultTZ = time.UTC
	}
	return &Service{Base: base, defaultTZ: defaultTZ}
}

// location is a facility's time zone by its name, the default when it names none.
func (s *Service) location(name string) *time.Location { return calendar.Location(name, s.defaultTZ) }
