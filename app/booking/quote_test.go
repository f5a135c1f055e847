package booking_test

import (
	"errors"
	"testing"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

// member makes the user belong to a new organization that is a member of the consortium
// (0: of none), an SME when sme is set.
func (f *bookingFixture) member(ac core.Actor, consortiumID int64, sme bool) {
	f.T.Helper()
	org := models.Organization{Name: "组织 " + f.T.Name(), Kind: "school", IsSME: sme, CreatedAt: f.Clock.Now(), UpdatedAt: f.Clock.Now()}
	if sme {
		org.Kind = "enterprise"
	}
	f.Must(f.DB.W(f.Ctx).Create(&org).Error)
	f.Must(f.DB.W(f.Ctx).Model(&models.User{}).Where("id = ?", ac.UserID).Update("organization_id", org.ID).Error)
	if consortiumID != 0 {
		f.Must(f.DB.W(f.Ctx).Create(&models.ConsortiumMember{ConsortiumID: consortiumID, OrganizationID: org.ID, Role: "member"}).Error)
	}
}

// TestQuotePricesByBookerType: the estimate uses the internal rate for members of the
// facility's consortium and the external rate for everyone else, per seat-hour.
func TestQuotePricesByBookerType(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	pool := f.resource(func(r *models.Resource) { r.Capacity, r.RateInternalFen, r.RateExternalFen = 4, 2000, 5000 })
	other := f.Facility("Asia/Shanghai")

	cases := []struct {
		name      string
		setup     func(core.Actor)
		wantType  booking.PriceType
		wantPrice int64
	}{
		{"member of the facility's consortium", func(ac core.Actor) { f.member(ac, f.fac.ConsortiumID, false) }, booking.PriceInternal, 2 * 90 * 2000 / 60},
		{"member of another consortium", func(ac core.Actor) { f.member(ac, other.ConsortiumID, false) }, booking.PriceMember, 2 * 90 * 5000 / 60},
		{"an SME inside the consortium", func(ac core.Actor) { f.member(ac, f.fac.ConsortiumID, true) }, booking.PriceExternal, 2 * 90 * 5000 / 60},
		{"no organization", func(core.Actor) {}, booking.PriceExternal, 2 * 90 * 5000 / 60},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ac := f.user(models.RoleTeacher)
			tc.setup(ac)
			in := f.input(pool, 1, "10:00", "11:30")
			in.Seats = 2
			q, _, err := f.App.Booking.QuoteBooking(f.Ctx, ac, in)
			if err != nil {
				t.Fatal(err)
			}
			if q.PriceType != tc.wantType || q.PriceFen != tc.wantPrice || q.Minutes != 90 || q.Seats != 2 {
				t.Errorf("got %s %d fen for %d min × %d, want %s %d fen for 90 min × 2", q.PriceType, q.PriceFen, q.Minutes, q.Seats,
					tc.wantType, tc.wantPrice)
			}
		})
	}
}

// TestQuoteWeeklyQuotaAndOverlaps: the quote counts the weekly quota as the booking rule does
// (so what it says is left is what a booking may take) and names the booker's other bookings
// at the same time: on another resource, and on the same pooled one, never someone else's.
func TestQuoteWeeklyQuotaAndOverlaps(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	quota := f.resource(func(r *models.Resource) { r.WeeklyQuotaMinutes = 180 })
	pool := f.resource(func(r *models.Resource) { r.Capacity = 3 })
	student, someone := f.user(models.RoleStudent), f.user(models.RoleStudent)
	f.Book(student, f.input(quota, 1, "08:00", "09:00")) // Tuesday: 60 of 180 minutes
	f.Book(student, f.input(pool, 2, "10:00", "11:00"))  // Wednesday
	f.Book(someone, f.input(pool, 2, "10:00", "11:00"))

	q, _, err := f.App.Booking.QuoteBooking(f.Ctx, student, f.input(quota, 2, "10:00", "11:30"))
	if err != nil {
		t.Fatal(err)
	}
	if u := q.Quota; u == nil || u.LimitMinutes != 180 || u.UsedMinutes != 60 || u.BookingMinutes != 90 || u.LeftMinutes != 30 {
		t.Fatalf("got quota %+v, want 180 limit, 60 used, 90 this booking, 30 left", q.Quota)
	}
	if len(q.Overlaps) != 1 || q.Overlaps[0].ResourceID != pool.ID {
		t.Errorf("got overlaps %+v, want the student's own booking of the pool", q.Overlaps)
	}
	// The quota said 30 minutes are left: 30 more pass, 60 more are refused.
	f.Book(student, f.input(quota, 2, "10:00", "11:30"))
	if _, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(quota, 3, "10:00", "11:00")); err == nil {
		t.Fatal("got a booking past the quota the quote showed, want weekly_quota")
	}
	f.Book(student, f.input(quota, 3, "10:00", "10:30"))

	q, _, err = f.App.Booking.QuoteBooking(f.Ctx, student, f.input(pool, 2, "10:30", "11:30"))
	if err != nil {
		t.Fatal(err)
	}
	// Earliest first: the pool itself from 10:00, the other resource booked above from 10:00 too.
	if len(q.Overlaps) != 2 || q.Overlaps[0].ResourceID != pool.ID || q.Overlaps[1].ResourceID != quota.ID || q.Quota != nil {
		t.Errorf("got overlaps %+v and quota %+v, want the same pooled resource and the other one, and no quota", q.Overlaps, q.Quota)
	}
	q, _, err = f.App.Booking.QuoteBooking(f.Ctx, student, f.input(quota, 4, "10:00", "11:00"))
	if err != nil || len(q.Overlaps) != 0 {
		t.Errorf("got %+v, %v, want no overlaps on a free day", q.Overlaps, err)
	}
}

// TestQuoteRefusesBadRequests: a quote is checked as a booking is, and an unknown resource is
// not found.
func TestQuoteRefusesBadRequests(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student := f.user(models.RoleStudent)
	backwards := f.input(res, 1, "11:00", "10:00")
	_, _, err := f.App.Booking.QuoteBooking(f.Ctx, student, backwards)
	wantRule(t, err, "end_after_start", "end_at")
	tooMany := f.input(res, 1, "10:00", "11:00")
	tooMany.Seats = 2
	_, _, err = f.App.Booking.QuoteBooking(f.Ctx, student, tooMany)
	wantRule(t, err, "seats", "seats")
	unknown := f.input(res, 1, "10:00", "11:00")
	unknown.ResourceID = res.ID + 1000
	if _, _, err = f.App.Booking.QuoteBooking(f.Ctx, student, unknown); !errors.Is(err, core.ErrNotFound) {
		t.Errorf("got %v, want not found", err)
	}
}
