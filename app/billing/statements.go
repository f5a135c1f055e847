package billing

import (
	"context"

	"cqshare/models"
)

// IssueStatements issues last month's statements (the billing_statements job, on the 1st of
// each month; an administrator may run it any time): it charges what is not charged yet, then,
// for the month before the current one in the default zone, issues one statement per facility
// and one per organization that has unbilled charges of that month or earlier. A subject
// whose statement for the month is issued already gets none: its late charges wait for the
// next month's. Issued statements never change. It returns how many charges and statements it
// wrote.
func (s *Service) IssueStatements(ctx context.Context) (int64, error) {
	period := monthStart(s.Now(), s.defaultTZ).AddDate(0, -1, 0).Format(PeriodFormat)
	var rows int64
	err := s.Tx(ctx, func(ctx context.Context) error {
		n, err := s.CreateCharges(ctx)
		if err != nil {
			return err
		}
		rows = n
		for _, scope := range []string{models.ScopeFacility, models.ScopeOrganization} {
			n, err := s.DB.IssueStatements(ctx, scope, period, s.Now())
			if err != nil {
				return err
			}
			rows += n
		}
		return nil
	})
	return rows, err
}
