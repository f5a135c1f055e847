package booking

import "context"

// RecordCreditEventForTest runs recordCreditEvent.
func RecordCreditEventForTest(ctx context.Context, s *Service, userID int64, kind string) error {
	return s.recordCreditEvent(ctx, userID, kind, nil)
}
