// Package catalog is the catalog of the platform: consortia, organizations, industry clusters,
// facilities, resources and their booking rules, blackouts, and the qualifications that gate
// some resources.
package catalog

import (
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// Service runs the catalog's use cases.
type Service struct {
	core.Base
	defaultTZ *time.Location
	onClosing ClosingHook
}

// New builds the catalog service; facilities that name no time zone are in defaultTZ.
func New(base core.Base, defaultTZ *time.Location) *Service {
	return &Service{Base: base, defaultTZ: defaultTZ}
}

// Location is the facility's time zone, or the configured default when it names none (or one
// this build does not know).
func (s *Service) Location(fac models.Facility) *time.Location {
	return calendar.Location(fac.TimeZone, s.defaultTZ)
}

// TimeZone is the time zone a facility names, or the configured default when it names none.
func (s *Service) TimeZone(name string) *time.Location { return calendar.Location(name, s.defaultTZ) }
