// Package training is the training bases' work (示范性职工培训基地): courses and their sessions,
// enrolment with waitlists (invariant 2), attendance and results, certificates, the
// qualifications that passing grants, and each person's learning record (终身学习档案). A
// session's room is booked through the booking engine's front door.
package training

import (
	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
)

// Service runs the training use cases.
type Service struct {
	core.Base
	catalog *catalog.Service
	booking *booking.Service
}

// New builds the training service over the catalog and the booking engine.
func New(base core.Base, cat *catalog.Service, book *booking.Service) *Service {
	return &Service{Base: base, catalog: cat, booking: book}
}
