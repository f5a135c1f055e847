// Package booking is the booking engine: the rules, the seat claims that make double booking
// impossible, the booking lifecycle and its transition table, availability and schedules,
// recurring bookings, slot watches and holds, QR check-in and instruments' usage, credit and
// calendar feeds. Other contexts book time through one front door, Reserve and Release.
package booking

import (
	"cqshare/app/catalog"
	"cqshare/app/core"
)

// Service runs the booking engine's use cases.
type Service struct {
	core.Base
	catalog   *catalog.Service
	bookables bookables
}

// New builds the booking engine over the catalog.
func New(base core.Base, cat *catalog.Service) *Service {
	return &Service{Base: base, catalog: cat}
}
