package booking

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// ErrBookingsAffected refuses a catalog write that would close time active bookings hold until
// the manager chooses to cancel or keep them; Details list them ("bookings": []AffectedBooking).
var ErrBookingsAffected = &core.Error{Kind: core.KindConflict, Code: "bookings_affected",
	Key: "closing.bookings_affected"}

// AffectedBooking is an active booking a catalog write would close, as its manager is shown it.
type AffectedBooking struct {
	ID           int64     `json:"id"`
	ResourceID   int64     `json:"resource_id"`
	ResourceName string    `json:"resource_name"`
	UserName     string    `json:"user_name"`
	StartAt      time.Time `json:"start_at"`
	EndAt        time.Time `json:"end_at"`
	Seats        int       `json:"seats"`
	Status       string    `json:"status"`
}

// closableStatuses are the bookings a closing covers: those not yet under way in the room.
var closableStatuses = []models.BookingStatus{models.BookingPending, models.BookingConfirmed}

// HandleClosing is the catalog's closing hook: it finds the active bookings that the write has
// made impossible (inside a closure or outside the new opening hours, on a resource out of
// service, on a seat above the new capacity) and that were possible before, then refuses the
// write listing them, cancels them for the manager with the reason (each holder told, no
// credit lost, the seats given back), or keeps them, as the manager chose. Seats above the
// capacity cannot be kept: invariant 1 would break.
func (s *Service) HandleClosing(ctx context.Context, ac core.Actor, c catalog.Closing) error {
	affected, stranded, err := s.closedBookings(ctx, c)
	if err != nil || len(affected) == 0 {
		return err
	}
	switch c.OnBookings {
	case catalog.OnBookingsKeep:
		if stranded {
			return core.RuleError("on_bookings", "capacity_in_use", "closing.capacity_cancel_only", "capacity", c.Resource.Capacity)
		}
		return nil
	case catalog.OnBookingsCancel:
		for _, b := range affected {
			if err := s.cancelForClosing(ctx, ac, b.Booking, c.Reason); err != nil {
				return err
			}
		}
		return nil
	}
	list := make([]AffectedBooking, 0, len(affected))
	for _, b := range affected {
		list = append(list, AffectedBooking{ID: b.ID, ResourceID: b.ResourceID, ResourceName: b.ResourceName, UserName: b.UserName,
			StartAt: b.StartAt.UTC(), EndAt: b.EndAt.UTC(), Seats: b.Seats, Status: string(b.Status)})
	}
	return ErrBookingsAffected.Say("closing.bookings_affected_n", "bookings", list, "count", len(list), "keep_allowed", !stranded)
}

// closedBookings lists the pending and confirmed bookings not yet over that the closing has made
// impossible and that were possible before, by start and id; stranded says some hold seats above a
// lower capacity.
func (s *Service) closedBookings(ctx context.Context, c catalog.Closing) ([]models.BookingView, bool, error) {
	now := s.Now()
	from, to := now, now.AddDate(maxClosingYears, 0, 0)
	if b := c.Blackout; b != nil {
		from, to = maxTime(from, b.StartAt.UTC()), b.EndAt.UTC()
		if !from.Before(to) {
			return nil, false, nil
		}
	}
	was, is, err := s.closingResources(ctx, c)
	if err != nil || len(is) == 0 {
		return nil, false, err
	}
	ids := make([]int64, 0, len(is))
	for id := range is {
		ids = append(ids, id)
	}
	active, err := s.DB.ActiveBookingsOverlapping(ctx, ids, from, to)
	if err != nil {
		return nil, false, err
	}
	active = slices.DeleteFunc(active, func(b models.BookingView) bool { return !slices.Contains(closableStatuses, b.Status) })
	if len(active) == 0 {
		return nil, false, nil
	}
	var aboveCapacity []int64
	if c.Resource != nil && c.Resource.Capacity < c.WasResource.Capacity {
		if aboveCapacity, err = s.DB.BookingsClaimingSeatsFrom(ctx, c.Resource.ID, c.Resource.Capacity, now); err != nil {
			return nil, false, err
		}
	}
	lo, hi := active[0].StartAt, active[0].EndAt
	for _, b := range active {
		lo, hi = minTime(lo, b.StartAt), maxTime(hi, b.EndAt)
	}
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, c.Facility.ID, lo, hi)
	if err != nil {
		return nil, false, err
	}
	before := slices.DeleteFunc(slices.Clone(blackouts), func(b models.Blackout) bool { return c.Blackout != nil && b.ID == c.Blackout.ID })
	var out []models.BookingView
	stranded := false
	for _, b := range active {
		span := calendar.Span{Start: b.StartAt.UTC(), End: b.EndAt.UTC()}
		above := slices.Contains(aboveCapacity, b.ID)
		if !s.possible(c.WasFacility, was[b.ResourceID], before, span) {
			continue
		}
		if above || !s.possible(c.Facility, is[b.ResourceID], blackouts, span) {
			out = append(out, b)
			stranded = stranded || above
		}
	}
	slices.SortFunc(out, func(x, y models.BookingView) int {
		return cmp.Or(x.StartAt.Compare(y.StartAt), cmp.Compare(x.ID, y.ID))
	})
	return out, stranded, nil
}

// maxClosingYears bounds how far ahead a closing looks for bookings.
const maxClosingYears = 10

// closingResources is the resources a closing touches, as they were and as they are, by id: the
// one resource written, the one a blackout closes, or the facility's.
func (s *Service) closingResources(ctx context.Context, c catalog.Closing) (was, is map[int64]models.Resource, err error) {
	var list []models.Resource
	switch {
	case c.Resource != nil:
		return map[int64]models.Resource{c.Resource.ID: *c.WasResource}, map[int64]models.Resource{c.Resource.ID: *c.Resource}, nil
	case c.Blackout != nil && c.Blackout.ResourceID != nil:
		r, err := s.DB.ResourceByID(ctx, *c.Blackout.ResourceID)
		if err != nil {
			return nil, nil, err
		}
		list = []models.Resource{r}
	default:
		if _, list, err = s.DB.FacilityWithResources(ctx, c.Facility.ID); err != nil {
			return nil, nil, err
		}
	}
	is = make(map[int64]models.Resource, len(list))
	for _, r := range list {
		is[r.ID] = r
	}
	return is, is, nil
}

// possible reports whether a booking of span on the resource keeps to its status and calendar
// (opening hours and closures): the checks of Reserve that a catalog write can change.
func (s *Service) possible(fac models.Facility, res models.Resource, blackouts []models.Blackout, span calendar.Span) bool {
	return res.Status == models.ResourceAvailable &&
		checkCalendar(calendar.ForFacility(s.catalog.Location(fac), fac, res.ID, blackouts), span) == nil
}

// cancelForClosing cancels a booking that a catalog write closed, as the manager who made it,
// with the reason.
func (s *Service) cancelForClosing(ctx context.Context, ac core.Actor, b models.Booking, reason string) error {
	t, err := bookingTransitionFor(ActionCancel, partyManager, b, 0, s.Now())
	if err != nil {
		return fmt.Errorf("cancel booking %d for a closing: %w", b.ID, err)
	}
	return s.cancelAsManager(ctx, ac, b, t, reason)
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
