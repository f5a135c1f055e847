package app

import (
	"context"
	"fmt"
	"time"

	"cqshare/models"
)

// Credit (信用) defaults: late cancellations and no-shows cost points; reaching the threshold
// within the rolling window suspends booking for a while. docs/booking-rules.md explains them.
const (
	CreditNoShowPoints     = 2
	CreditLateCancelPoints = 1
	CreditThreshold        = 6
	CreditWindow           = 30 * 24 * time.Hour
	CreditSuspension       = 14 * 24 * time.Hour
)

// creditPoints are the points each kind of event costs.
var creditPoints = map[string]int{models.CreditNoShow: CreditNoShowPoints, models.CreditLateCancel: CreditLateCancelPoints}

// recordCreditEvent writes a late cancellation or no-show into the user's credit record and
// suspends the user's booking when the points in the window reach the threshold. It joins the
// caller's transaction.
func (a *App) recordCreditEvent(ctx context.Context, userID int64, kind string, bookingID *int64, note string) error {
	points, ok := creditPoints[kind]
	if !ok {
		return fmt.Errorf("credit event kind %q costs no points", kind)
	}
	return a.tx(ctx, func(ctx context.Context) error {
		now := a.Now()
		e := models.CreditEvent{UserID: userID, Kind: kind, BookingID: bookingID, Points: points, Note: note, CreatedAt: now}
		if err := a.db.InsertCreditEvent(ctx, &e); err != nil {
			return err
		}
		total, err := a.creditPoints(ctx, userID, now)
		if err != nil {
			return err
		}
		if total < CreditThreshold {
			return nil
		}
		until := now.Add(CreditSuspension)
		return a.db.SetBookingSuspension(ctx, userID, &until)
	})
}

// creditPoints sums the points of the window, counting only events after the last clearing.
func (a *App) creditPoints(ctx context.Context, userID int64, now time.Time) (int, error) {
	events, err := a.db.CreditEventsSince(ctx, userID, now.Add(-CreditWindow))
	if err != nil {
		return 0, err
	}
	total := 0
	for _, e := range events {
		if e.Kind == models.CreditCleared {
			total = 0
			continue
		}
		total += e.Points
	}
	return total, nil
}
