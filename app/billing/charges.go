package billing

import (
	"context"
	"time"

	"cqshare/app/calendar"
)

// CreateCharges charges everything chargeable that is not charged yet (the billing_charges
// job): completed bookings, seats of ended course sessions, closed service requests, each by
// one INSERT … SELECT, then gives the new charges their local month. The UNIQUE (kind,
// source_id) key and the NOT EXISTS of each insert make a second run write nothing. It returns
// how many charges it wrote.
func (s *Service) CreateCharges(ctx context.Context) (int64, error) {
	var rows int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		rows = 0
		now := s.Now()
		for _, insert := range []func(context.Context, time.Time) (int64, error){
			s.DB.InsertBookingCharges, s.DB.InsertEnrollmentCharges, s.DB.InsertServiceCharges,
		} {
			n, err := insert(ctx, now)
			if err != nil {
				return err
			}
			rows += n
		}
		return s.assignPeriods(ctx)
	})
	return rows, err
}

// assignPeriods gives every charge without a period the local month it occurred in, in its
// facility's zone: one UPDATE per zone and month, however many charges.
func (s *Service) assignPeriods(ctx context.Context) error {
	spans, err := s.DB.UnperiodedCharges(ctx)
	if err != nil {
		return err
	}
	for _, sp := range spans {
		loc := s.location(sp.TimeZone)
		last := time.Unix(sp.Last, 0)
		for m := monthStart(time.Unix(sp.First, 0), loc); !m.After(last); {
			next := calendar.Midnight(m.Year(), m.Month()+1, 1, loc)
			if _, err := s.DB.SetChargePeriod(ctx, sp.TimeZone, m.Format(PeriodFormat), m, next); err != nil {
				return err
			}
			m = next
		}
	}
	return nil
}
