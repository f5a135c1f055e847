package booking

import (
	"context"
	"sync"

	"cqshare/models"
)

// bookables keeps the resources people book, each with its facility, as last read: CreateBooking
// checks a booking's catalog rules against them before its write transaction, which compares
// the versions they carry with the rows' (models.CatalogStamp) and reads them again where they
// differ. A stale entry therefore never lets a booking through, and a refusal it gives is
// confirmed on fresh rows (CreateBooking), so it never turns one away either. One entry per
// resource booked since the server started.
type bookables struct {
	mu sync.RWMutex
	m  map[int64]bookable
}

type bookable struct {
	res models.Resource
	fac models.Facility
}

func (c *bookables) get(id int64) (bookable, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	b, ok := c.m[id]
	return b, ok
}

func (c *bookables) put(res models.Resource, fac models.Facility) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[int64]bookable{}
	}
	c.m[res.ID] = bookable{res: res, fac: fac}
}

// loadBookable reads a resource with its facility from the database and keeps it in the cache.
func (s *Service) loadBookable(ctx context.Context, id int64) (models.Resource, models.Facility, error) {
	res, fac, err := s.bookableResource(ctx, id)
	if err == nil {
		s.bookables.put(res, fac)
	}
	return res, fac, err
}
