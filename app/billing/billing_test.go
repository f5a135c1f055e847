package billing_test

import (
	"testing"
	"time"

	"cqshare/models"
)

// january is a month of everything chargeable, and of things that are not: the statements
// issued on 1 February 03:00 (Shanghai) must add up to the hand-computed figures.
type january struct {
	*world
	b1, b2, b3, b4, zero, facilityTime, cancelled models.Booking
	seats                                         []models.Enrollment
	request                                       models.ServiceRequest
}

func newJanuary(t *testing.T) *january {
	w := newWorld(t, local(time.January, 5, 9, 0))
	j := &january{world: w}
	// 10:10–11:40 of 10:00–12:00: 90 minutes at the internal 60 yuan = 90.00.
	j.b1 = w.booking(w.room, w.internal, local(1, 15, 10, 0), local(1, 15, 12, 0), 1, models.BookingCompleted,
		at(local(1, 15, 10, 10)), at(local(1, 15, 11, 40)))
	// In early and out late: clipped to 14:00–15:00, two seats at the external 120 yuan = 240.00.
	j.b2 = w.booking(w.room, w.member, local(1, 20, 14, 0), local(1, 20, 15, 0), 2, models.BookingCompleted,
		at(local(1, 20, 13, 50)), at(local(1, 20, 15, 20)))
	// Out after local midnight: February's in Shanghai, though January's in UTC; 80 minutes = 160.00.
	j.b3 = w.booking(w.room, w.sme, local(1, 31, 23, 0), local(2, 1, 0, 30), 1, models.BookingCompleted,
		at(local(1, 31, 23, 0)), at(local(2, 1, 0, 20)))
	// 7 minutes at 123.45 an hour = 14.4025, rounded to 14.40.
	j.b4 = w.booking(w.odd, w.loner, local(1, 22, 9, 0), local(1, 22, 10, 0), 1, models.BookingCompleted,
		at(local(1, 22, 9, 0)), at(local(1, 22, 9, 7)))
	j.zero = w.booking(w.free, w.internal, local(1, 23, 9, 0), local(1, 23, 10, 0), 1, models.BookingCompleted,
		at(local(1, 23, 9, 0)), at(local(1, 23, 10, 0)))
	j.facilityTime = w.booking(w.room, w.manager, local(1, 24, 9, 0), local(1, 24, 10, 0), 1, models.BookingCompleted,
		at(local(1, 24, 9, 0)), at(local(1, 24, 10, 0)))
	w.Must(w.DB.W(w.Ctx).Model(&j.facilityTime).Update("facility_time", true).Error)
	j.cancelled = w.booking(w.room, w.internal, local(1, 26, 9, 0), local(1, 26, 10, 0), 1, models.BookingCancelled, nil, nil)
	// An ended session: the passed and the absent seat are charged 500.00 each, the waitlisted and
	// the cancelled one not; a session still to end and a cancelled one charge nothing.
	j.seats = w.session(local(1, 25, 9, 0), local(1, 25, 17, 0), models.SessionScheduled, w.sme, 50000,
		models.EnrollmentPassed, models.EnrollmentAbsent, models.EnrollmentWaitlisted, models.EnrollmentCancelled)
	w.session(local(2, 20, 9, 0), local(2, 20, 17, 0), models.SessionScheduled, w.sme, 50000, models.EnrollmentEnrolled)
	w.session(local(1, 10, 9, 0), local(1, 10, 17, 0), models.SessionCancelled, w.sme, 50000, models.EnrollmentEnrolled)
	// A closed request at its accepted 3,000.00; a delivered one is not charged yet.
	j.request = w.request(models.RequestClosed, 300000, at(local(1, 28, 16, 0)))
	w.request(models.RequestDelivered, 99900, nil)
	w.Clock.Set(local(2, 1, 3, 0))
	return j
}

// TestStatementsAddUp: every charge is priced as the hand computation says, in its facility's
// local month; each statement's totals are the SQL sum of its lines and the priced charges.
func TestStatementsAddUp(t *testing.T) {
	t.Parallel()
	j := newJanuary(t)
	rows, err := j.App.Billing.IssueStatements(j.Ctx)
	j.Must(err)
	// 5 booking charges (zero-rated included), 2 seats, 1 request; statements: 3 facilities, 3 organizations.
	if rows != 8+6 {
		t.Errorf("rows: got %d, want 14", rows)
	}
	charges := []struct {
		name     string
		kind     models.ChargeKind
		source   int64
		amount   int64
		quantity int64
		price    models.PriceType
		period   string
	}{
		{"internal, effective minutes", models.ChargeBooking, j.b1.ID, 9000, 90, models.PriceInternal, "2026-01"},
		{"member, clipped, two seats", models.ChargeBooking, j.b2.ID, 24000, 120, models.PriceMember, "2026-01"},
		{"SME, local month", models.ChargeBooking, j.b3.ID, 16000, 80, models.PriceExternal, "2026-02"},
		{"no organization, rounded to the fen", models.ChargeBooking, j.b4.ID, 1440, 7, models.PriceExternal, "2026-01"},
		{"zero-rated kept at 0", models.ChargeBooking, j.zero.ID, 0, 60, models.PriceInternal, "2026-01"},
		{"passed seat", models.ChargeEnrollment, j.seats[0].ID, 50000, 1, models.PriceExternal, "2026-01"},
		{"absent seat", models.ChargeEnrollment, j.seats[1].ID, 50000, 1, models.PriceExternal, "2026-01"},
		{"closed request", models.ChargeService, j.request.ID, 300000, 1, models.PriceExternal, "2026-01"},
	}
	for _, c := range charges {
		t.Run(c.name, func(t *testing.T) {
			got := j.charge(c.kind, c.source)
			if got.AmountFen != c.amount || got.Quantity != c.quantity || got.PriceType != c.price || got.Period != c.period ||
				got.IncomeType != c.price.IncomeType() {
				t.Errorf("got %d fen for %d, %s (%s) in %s; want %d for %d, %s in %s", got.AmountFen, got.Quantity,
					got.PriceType, got.IncomeType, got.Period, c.amount, c.quantity, c.price, c.period)
			}
		})
	}
	if n := j.Count(&models.Charge{}, "1 = 1"); n != 8 {
		t.Errorf("charges: got %d, want 8 (nothing for facility time, cancellations, waitlists, open sessions, open requests)", n)
	}
	statements := []struct {
		scope          string
		subject        int64
		total, in, out int64
		lines          int
	}{
		{models.ScopeFacility, j.practice.ID, 34440, 9000, 25440, 3},
		{models.ScopeFacility, j.base.ID, 100000, 0, 100000, 2},
		{models.ScopeFacility, j.platform.ID, 300000, 0, 300000, 1},
		{models.ScopeOrganization, j.internalOrg, 9000, 9000, 0, 1},
		{models.ScopeOrganization, j.memberOrg, 24000, 0, 24000, 1},
		{models.ScopeOrganization, j.smeOrg, 400000, 0, 400000, 3},
	}
	for _, s := range statements {
		st := j.statement(s.scope, s.subject, "2026-01")
		if st == nil {
			t.Errorf("%s %d: no statement for 2026-01", s.scope, s.subject)
			continue
		}
		sums, err := j.DB.SumStatementLines(j.Ctx, *st)
		j.Must(err)
		if st.TotalFen != s.total || st.InternalFen != s.in || st.ExternalFen != s.out || st.LineCount != s.lines {
			t.Errorf("%s %d: got %d (%d + %d) in %d lines, want %d (%d + %d) in %d", s.scope, s.subject, st.TotalFen,
				st.InternalFen, st.ExternalFen, st.LineCount, s.total, s.in, s.out, s.lines)
		}
		if sums.TotalFen != st.TotalFen || sums.InternalFen != st.InternalFen || sums.ExternalFen != st.ExternalFen || sums.LineCount != st.LineCount {
			t.Errorf("%s %d: stored %+v, lines sum to %+v", s.scope, s.subject, st, sums)
		}
	}
	if n := j.Count(&models.BillingStatement{}, "1 = 1"); n != int64(len(statements)) {
		t.Errorf("statements: got %d, want %d (none for the person without an organization, none for February)", n, len(statements))
	}
	if n := j.Count(&models.Charge{}, "amount_fen <> 0 AND period = '2026-01' AND facility_statement_id IS NULL"); n != 0 {
		t.Errorf("%d January charges left off the facility statements", n)
	}
	if n := j.Count(&models.Charge{}, "amount_fen = 0 AND (facility_statement_id IS NOT NULL OR organization_statement_id IS NOT NULL)"); n != 0 {
		t.Errorf("%d zero charges billed", n)
	}
}
