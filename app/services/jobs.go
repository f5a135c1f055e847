package services

import (
	"context"
	"fmt"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// AutoCloseAfter is how long a delivered request waits for the SME before it closes by itself.
const AutoCloseAfter = 14 * 24 * time.Hour

// jobBatch bounds the rows one query of a job reads; the job reads again until none is left.
const jobBatch = 200

// AutoClose (job services_auto_close, hourly) closes the requests delivered AutoCloseAfter ago
// that the SME neither confirmed nor sent back, with an auto_close event of no actor, and tells
// the SME. A request another run (or the SME) moved first is left alone. It returns how many it
// closed.
func (s *Service) AutoClose(ctx context.Context) (int64, error) {
	var n int64
	for {
		due, err := s.DB.DeliveredServiceRequestsBefore(ctx, s.Now().Add(-AutoCloseAfter), jobBatch)
		if err != nil {
			return n, err
		}
		for _, r := range due {
			var closed bool
			err := s.Tx(ctx, func(ctx context.Context) error {
				now := s.Now()
				ok, err := s.DB.MoveServiceRequest(ctx, r.ID, models.RequestDelivered, models.RequestClosed,
					map[string]any{"closed_at": now, "auto_closed": true, "updated_at": now})
				if closed = ok; err != nil || !ok {
					return err
				}
				if err := s.recordEvent(ctx, core.System, r.ID, actionAutoClose, r.Status, models.RequestClosed, ""); err != nil {
					return err
				}
				return s.notifySide(ctx, r, SideSME, 0, "service_closed", nil)
			})
			if err != nil {
				return n, fmt.Errorf("auto-close request %d: %w", r.ID, err)
			}
			if closed {
				n++
			}
		}
		if len(due) < jobBatch {
			return n, nil
		}
	}
}

// overdueKinds pairs each overdue condition with the notification the platform's managers get.
var overdueKinds = []struct{ overdue, kind string }{
	{models.OverdueResponse, "service_response_overdue"},
	{models.OverdueDue, "service_due_overdue"},
	{models.OverdueReply, "service_reply_overdue"},
}

// NotifyOverdue (job services_overdue, every 15 minutes) tells a platform's managers, once each,
// of a request past its first-response target without a response, past its due date without
// delivery, or of a low rating past its reply date without a reply: the stamp is set in the
// transaction of the notifications, and only where it was not set. It returns how many it told of.
func (s *Service) NotifyOverdue(ctx context.Context) (int64, error) {
	var n int64
	for _, k := range overdueKinds {
		for {
			due, err := s.DB.OverdueServiceRequests(ctx, k.overdue, s.Now(), jobBatch)
			if err != nil {
				return n, err
			}
			for _, r := range due {
				var told bool
				err := s.Tx(ctx, func(ctx context.Context) error {
					ok, err := s.DB.StampOverdueNotified(ctx, k.overdue, r.ID, s.Now())
					if told = ok; err != nil || !ok {
						return err
					}
					return s.notifySide(ctx, r, SidePlatform, 0, k.kind, nil)
				})
				if err != nil {
					return n, fmt.Errorf("overdue request %d: %w", r.ID, err)
				}
				if told {
					n++
				}
			}
			if len(due) < jobBatch {
				break
			}
		}
	}
	return n, nil
}
