package booking

import (
	"context"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// MaxScheduleWindow caps a facility schedule.
const MaxScheduleWindow = 14 * 24 * time.Hour

// BusyInterval is an active booking in a schedule. Who booked it is shown only to the
// facility's managers and admins.
type BusyInterval struct {
	StartAt   time.Time
	EndAt     time.Time
	Seats     int
	Status    models.BookingStatus
	BookingID *int64
	UserID    *int64
	UserName  *string
}

// ResourceSchedule is one resource's busy and free time.
type ResourceSchedule struct {
	Resource models.Resource
	Busy     []BusyInterval
	Free     []FreeInterval
}

// FacilitySchedule is the busy and free time of every resource of a facility.
type FacilitySchedule struct {
	Facility  models.Facility
	TimeZone  string
	From, To  time.Time
	Resources []ResourceSchedule
}

// FacilitySchedule gives every bookable resource of a facility with its busy intervals (active
// bookings) and free intervals (opening hours less closures and claimed seats, not clipped to
// anyone's lead time) in [from, to), at most 14 days. It runs the same five queries whatever the
// number of resources.
func (s *Service) FacilitySchedule(ctx context.Context, ac core.Actor, facilityID int64, from, to time.Time) (FacilitySchedule, error) {
	from, to, err := window(from, to, s.Now(), DefaultAvailabilityWindow, MaxScheduleWindow)
	if err != nil {
		return FacilitySchedule{}, err
	}
	fac, resources, err := s.DB.FacilityWithResources(ctx, facilityID)
	if err != nil {
		return FacilitySchedule{}, core.NotFound(err)
	}
	loc := s.catalog.Location(fac)
	out := FacilitySchedule{Facility: fac, TimeZone: loc.String(), From: from, To: to, Resources: []ResourceSchedule{}}
	if len(resources) == 0 {
		return out, nil
	}
	ids := make([]int64, len(resources))
	tail := 0
	for i, r := range resources {
		ids[i] = r.ID
		tail = max(tail, bufferSlots(r.BufferMinutes))
	}
	blackouts, err := s.DB.BlackoutsOverlapping(ctx, fac.ID, from, to)
	if err != nil {
		return out, err
	}
	counts, err := s.DB.ClaimCountsInRange(ctx, ids, from.Truncate(models.ClaimGrid), to.Add(time.Duration(tail+1)*models.ClaimGrid))
	if err != nil {
		return out, err
	}
	bookings, err := s.DB.BusyBookingsOverlapping(ctx, ids, from, to)
	if err != nil {
		return out, err
	}
	busy := make(map[int64][]BusyInterval, len(resources))
	identities := ac.ManagesFacility(fac.ID)
	for _, b := range bookings {
		bi := BusyInterval{StartAt: b.StartAt.UTC(), EndAt: b.EndAt.UTC(), Seats: b.Seats, Status: b.Status}
		if identities {
			bi.BookingID, bi.UserID, bi.UserName = &b.ID, &b.UserID, &b.UserName
		}
		busy[b.ResourceID] = append(busy[b.ResourceID], bi)
	}
	for _, r := range resources {
		rs := ResourceSchedule{Resource: r, Busy: busy[r.ID], Free: []FreeInterval{}}
		if rs.Busy == nil {
			rs.Busy = []BusyInterval{}
		}
		if r.Status == models.ResourceAvailable {
			open := calendar.ForFacility(loc, fac, r.ID, blackouts).Open(from, to)
			rs.Free = freeIntervals(open, counts[r.ID], r.Capacity, bufferSlots(r.BufferMinutes))
		}
		out.Resources = append(out.Resources, rs)
	}
	return out, nil
}
