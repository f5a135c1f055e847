package booking

import (
	"context"
	"time"

	"cqshare/app/calendar"
	"cqshare/app/core"
	"cqshare/models"
)

// PriceType is which of a resource's rates a booker pays; models.PriceType is its one
// definition (models/pricetype.go), which billing prices charges by too.
type PriceType = models.PriceType

// Price types: members of another consortium pay the external rate, the only other rate a
// resource has.
const (
	PriceInternal = models.PriceInternal
	PriceMember   = models.PriceMember
	PriceExternal = models.PriceExternal
)

// Quote is what a booking would cost the booker and take of their weekly quota, and what else
// they hold at that time, before they commit.
type Quote struct {
	PriceType PriceType
	// RateFen is the hourly rate of one seat for the price type; PriceFen is the estimate for
	// the seats and the length asked for (rounded to the fen).
	RateFen  int64
	PriceFen int64
	Minutes  int
	Seats    int
	// Quota is the tightest week of the resource's weekly quota that the booking touches; nil
	// when the resource has no quota.
	Quota *QuotaUse
	// Overlaps are the booker's active bookings at the same time: on other resources, or a
	// second booking of one's own on a pooled one. A warning, not a refusal (on an exclusive
	// resource the claims refuse a second booking).
	Overlaps []models.BookingView
}

// QuotaUse is the weekly quota of one local week: the limit, what the booker's other bookings
// take, what this booking would take, and what would be left after it (negative: over quota).
type QuotaUse struct {
	WeekStart      time.Time
	LimitMinutes   int
	UsedMinutes    int
	BookingMinutes int
	LeftMinutes    int
}

// QuoteBooking estimates a booking for the actor without making it: the price for the actor's
// type, the weekly quota used and left, and the actor's own overlapping bookings. The request
// is checked as a booking's is (times, seats, length); the other rules are the booking's to
// answer. The facility's time zone comes with it.
func (s *Service) QuoteBooking(ctx context.Context, ac core.Actor, r Reservation) (Quote, *time.Location, error) {
	res, fac, err := s.DB.ResourceWithFacility(ctx, r.ResourceID)
	if err != nil {
		return Quote{}, nil, core.NotFound(err)
	}
	if r.Seats == 0 {
		r.Seats = 1
	}
	if err := checkReservation(res, r, false); err != nil {
		return Quote{}, nil, err
	}
	want := calendar.Span{Start: r.StartAt.UTC(), End: r.EndAt.UTC()}
	if err := checkClaimRows(res, r.Seats, claimSlots(res, want), "end_at"); err != nil {
		return Quote{}, nil, err
	}
	loc := s.catalog.Location(fac)
	q := Quote{Minutes: int(want.Duration() / time.Minute), Seats: r.Seats}
	if q.PriceType, err = s.priceType(ctx, ac.UserID, fac); err != nil {
		return Quote{}, nil, err
	}
	q.RateFen = res.RateExternalFen
	if q.PriceType == PriceInternal {
		q.RateFen = res.RateInternalFen
	}
	q.PriceFen = (q.RateFen*int64(q.Minutes)*int64(q.Seats) + 30) / 60
	if q.Quota, err = s.quotaUse(ctx, ac.UserID, res, loc, want); err != nil {
		return Quote{}, nil, err
	}
	if q.Overlaps, err = s.DB.ActiveUserBookingsOverlapping(ctx, []int64{ac.UserID}, want.Start, want.End); err != nil {
		return Quote{}, nil, err
	}
	return q, loc, nil
}

// priceType is the booker's price type at the facility, from their organization's consortia.
func (s *Service) priceType(ctx context.Context, userID int64, fac models.Facility) (PriceType, error) {
	p, err := s.DB.PriceTypeOf(ctx, userID, fac.ConsortiumID)
	if models.IsNotFound(err) {
		return "", core.NotFound(err)
	}
	return p, err
}

// quotaUse is the tightest week of the weekly quota that want touches, counted as
// checkWeeklyQuota counts it; nil without a quota.
func (s *Service) quotaUse(ctx context.Context, userID int64, res models.Resource, loc *time.Location, want calendar.Span) (*QuotaUse, error) {
	if res.WeeklyQuotaMinutes <= 0 {
		return nil, nil
	}
	weeks, err := s.weeklyUse(ctx, userID, res, loc, want)
	if err != nil {
		return nil, err
	}
	var tightest *QuotaUse
	for _, w := range weeks {
		u := QuotaUse{WeekStart: w.week.Start.In(loc), LimitMinutes: res.WeeklyQuotaMinutes, UsedMinutes: int(w.used / time.Minute),
			BookingMinutes: int(want.Clip(w.week.Start, w.week.End).Duration() / time.Minute)}
		u.LeftMinutes = u.LimitMinutes - u.UsedMinutes - u.BookingMinutes
		if tightest == nil || u.LeftMinutes < tightest.LeftMinutes {
			tightest = &u
		}
	}
	return tightest, nil
}

// BookerOverlaps lists, for each booking of the list, its booker's other active bookings that
// overlap it (what an approver weighs as conflicts), in one query.
func (s *Service) BookerOverlaps(ctx context.Context, list []models.BookingView) (map[int64][]models.BookingView, error) {
	out := map[int64][]models.BookingView{}
	if len(list) == 0 {
		return out, nil
	}
	users := make([]int64, 0, len(list))
	from, to := list[0].StartAt, list[0].EndAt
	for _, b := range list {
		users = append(users, b.UserID)
		from, to = minTime(from, b.StartAt), maxTime(to, b.EndAt)
	}
	all, err := s.DB.ActiveUserBookingsOverlapping(ctx, users, from, to)
	if err != nil {
		return nil, err
	}
	for _, b := range list {
		for _, o := range all {
			if o.UserID == b.UserID && o.ID != b.ID && o.StartAt.Before(b.EndAt) && o.EndAt.After(b.StartAt) {
				out[b.ID] = append(out[b.ID], o)
			}
		}
	}
	return out, nil
}
