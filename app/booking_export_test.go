package app

import (
	"context"
	"time"

	"cqshare/models"
)

// BookingTestDB exposes the database to the booking tests, for fixtures, invariant queries and
// query counting.
func BookingTestDB(a *App) *models.DB { return a.db }

// FreeBookingForTest runs freeBooking in a transaction.
func FreeBookingForTest(ctx context.Context, a *App, b models.Booking, from time.Time) error {
	return a.tx(ctx, func(ctx context.Context) error { return a.freeBooking(ctx, b, from) })
}

// RecordCreditEventForTest runs recordCreditEvent.
func RecordCreditEventForTest(ctx context.Context, a *App, userID int64, kind string) error {
	return a.recordCreditEvent(ctx, userID, kind, nil, "test")
}

// CreateBookingTxForTest books several intervals in one transaction through createBookingTx,
// skipping those that fail, as a recurring booking with skip-conflicts does.
func CreateBookingTxForTest(ctx context.Context, a *App, ac Actor, ins []BookingInput) ([]models.Booking, []error, error) {
	var made []models.Booking
	var failed []error
	err := a.tx(ctx, func(ctx context.Context) error {
		made, failed = nil, nil
		for _, in := range ins {
			res, fac, err := a.bookableResource(ctx, in.ResourceID)
			if err != nil {
				return err
			}
			b, err := a.createBookingTx(ctx, ac, res, fac, in)
			if err != nil {
				if _, ok := err.(*Error); !ok {
					return err
				}
				failed = append(failed, err)
				continue
			}
			made = append(made, b)
		}
		return nil
	})
	return made, failed, err
}
