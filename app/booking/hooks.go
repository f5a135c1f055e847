package booking

import (
	"context"
	"time"

	"cqshare/models"
)

// onSlotFreed runs, inside the freeing transaction, when an active booking gives back seats
// from the given time on (cancellation, rejection, no-show, early check-out, a lapsed or
// declined hold): the slot watchers are offered the freed time (watch.go).
func (s *Service) onSlotFreed(ctx context.Context, b models.Booking, from time.Time) error {
	return s.offerFreedTime(ctx, b, from)
}
