package catalog

import (
	"context"
	"strings"

	"cqshare/app/core"
	"cqshare/models"
)

// OnBookings is what a catalog write that takes bookable time away (a blackout, shorter opening
// hours, a lower capacity, a resource out of service) does with the active bookings it covers.
type OnBookings string

// The choices of a manager for the bookings a write covers.
const (
	// OnBookingsAsk refuses the write while it covers bookings, listing them (the default).
	OnBookingsAsk OnBookings = ""
	// OnBookingsCancel cancels them for the manager, with the reason, telling each holder.
	OnBookingsCancel OnBookings = "cancel"
	// OnBookingsKeep keeps them as they are.
	OnBookingsKeep OnBookings = "keep"
)

// Closing is bookable time a catalog write has taken away, as the booking engine is told it
// inside the write's transaction, after the write: the facility and the resource as stored now
// and as they were before (Resource nil for a facility-wide change), and the closure added.
type Closing struct {
	Facility, WasFacility models.Facility
	Resource, WasResource *models.Resource
	Blackout              *models.Blackout
	OnBookings            OnBookings
	// Reason is told to the holders of the bookings cancelled.
	Reason string
}

// ClosingHook handles the bookings a Closing covers; an error undoes the write.
type ClosingHook func(ctx context.Context, ac core.Actor, c Closing) error

// SetClosingHook sets what the catalog calls when a write takes bookable time away (app.New
// sets the booking engine's).
func (s *Service) SetClosingHook(h ClosingHook) { s.onClosing = h }

// closing tells the hook, if one is set, that a write took bookable time away.
func (s *Service) closing(ctx context.Context, ac core.Actor, c Closing) error {
	if s.onClosing == nil {
		return nil
	}
	return s.onClosing(ctx, ac, c)
}

// checkOnBookings names the field unless the choice is one a client may send, and the reason's
// field when bookings are to be cancelled without one (their holders are told it).
func checkOnBookings(fields map[string]core.Text, on OnBookings, reason, reasonField string) {
	switch on {
	case OnBookingsAsk, OnBookingsKeep:
	case OnBookingsCancel:
		if strings.TrimSpace(reason) == "" {
			fields[reasonField] = core.T("closing.reason_required")
		}
	default:
		fields["on_bookings"] = core.T("field.choose")
	}
}
