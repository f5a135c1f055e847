package booking_test

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/booking"
	"cqshare/app/catalog"
	"cqshare/app/core"
	"cqshare/models"
)

// affectedIDs is the ids a bookings_affected refusal lists, failing unless err is one.
func affectedIDs(t *testing.T, err error) []int64 {
	t.Helper()
	var ae *core.Error
	if !errors.As(err, &ae) || ae.Code != "bookings_affected" {
		t.Fatalf("got %v, want bookings_affected", err)
	}
	var ids []int64
	for _, b := range ae.Details["bookings"].([]booking.AffectedBooking) {
		ids = append(ids, b.ID)
	}
	return ids
}

func TestBlackoutOverBookings(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res, other := f.resource(nil), f.resource(nil)
	student, rival, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)
	inside := f.Book(student, f.input(res, 1, "10:00", "11:00"))
	f.Book(student, f.input(res, 1, "14:00", "15:00"))   // after the blackout
	f.Book(student, f.input(other, 1, "10:00", "11:00")) // another resource
	closure := catalog.NewBlackout{FacilityID: f.fac.ID, ResourceID: &res.ID, Kind: models.BlackoutClosure,
		StartAt: f.local(1, "09:00"), EndAt: f.local(1, "12:00"), Reason: "设备检修"}
	bookings, claims := f.Counts()

	_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, closure)
	if got := affectedIDs(t, err); !slices.Equal(got, []int64{inside.ID}) {
		t.Fatalf("listed %v, want only the booking inside the closure %d", got, inside.ID)
	}
	var ae *core.Error
	errors.As(err, &ae)
	if b := ae.Details["bookings"].([]booking.AffectedBooking)[0]; b.UserName == "" || b.ResourceName != res.Name || b.Seats != 1 ||
		!b.StartAt.Equal(inside.StartAt) || !b.EndAt.Equal(inside.EndAt) {
		t.Fatalf("got %+v, want the holder, resource, time and seats", b)
	}
	if n := f.Count(&models.Blackout{}, "facility_id = ?", f.fac.ID); n != 0 {
		t.Fatalf("refused: got %d blackouts, want none", n)
	}
	if b, c := f.Counts(); b != bookings || c != claims {
		t.Fatalf("refused: got %d bookings and %d claims, want %d and %d", b, c, bookings, claims)
	}

	t.Run("cancelling needs a reason", func(t *testing.T) {
		in := closure
		in.Reason, in.OnBookings = " ", catalog.OnBookingsCancel
		_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, in)
		apptest.CheckErr(t, err, "validation_failed", "reason")
	})

	t.Run("cancel", func(t *testing.T) {
		in := closure
		in.OnBookings = catalog.OnBookingsCancel
		row, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, in)
		f.Must(err)
		got := f.Booking(inside.ID)
		if got.Status != models.BookingCancelled || got.DecisionNote != "设备检修" || got.DecidedBy == nil || *got.DecidedBy != manager.UserID || got.LateCancel {
			t.Fatalf("got %+v, want cancelled by the manager with the blackout's reason", got)
		}
		notes, _, err := f.App.Accounts.Notifications(f.Ctx, student, true, core.NewPage(1, 1))
		if err != nil || len(notes) != 1 || notes[0].Kind != booking.NotifyBookingCancelled || notes[0].Data.V["note"] != "设备检修" {
			t.Fatalf("got %+v, %v; want the holder told of the cancellation with the reason", notes, err)
		}
		if n := f.Count(&models.CreditEvent{}, "user_id = ?", student.UserID); n != 0 {
			t.Fatalf("got %d credit events, want none", n)
		}
		if n := f.Count(&models.BookingClaim{}, "booking_id = ?", inside.ID); n != 0 {
			t.Fatalf("got %d claims left, want none", n)
		}
		f.Must(f.App.Catalog.DeleteBlackout(f.Ctx, manager, row.ID))
		f.Book(rival, f.input(res, 1, "10:00", "11:00")) // the time is free again
		f.AssertNoOverbooking()
	})
}

func TestBlackoutKeepsBookings(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	b := f.Book(student, f.input(res, 1, "10:00", "11:00"))
	_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, catalog.NewBlackout{FacilityID: f.fac.ID, Kind: models.BlackoutClosure,
		StartAt: f.local(1, "00:00"), EndAt: f.local(2, "00:00"), Reason: "停电", OnBookings: catalog.OnBookingsKeep})
	f.Must(err)
	if got := f.Booking(b.ID); got.Status != models.BookingConfirmed {
		t.Fatalf("got %s, want the booking kept", got.Status)
	}
	// A make-up working day closes nothing.
	_, err = f.App.Catalog.CreateBlackout(f.Ctx, manager, catalog.NewBlackout{FacilityID: f.fac.ID, Kind: models.BlackoutMakeup,
		StartAt: f.local(6, "09:00"), EndAt: f.local(6, "12:00")})
	f.Must(err)
	// A booking kept under one closure is not asked about again by the next one over it.
	_, err = f.App.Catalog.CreateBlackout(f.Ctx, manager, catalog.NewBlackout{FacilityID: f.fac.ID, ResourceID: &res.ID,
		Kind: models.BlackoutClosure, StartAt: f.local(1, "09:00"), EndAt: f.local(1, "12:00")})
	f.Must(err)
}

func TestOpeningHoursOverBookings(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	evening := f.Book(student, f.input(res, 1, "19:00", "20:00"))
	f.Book(student, f.input(res, 1, "09:00", "10:00"))
	hours := apptest.WeekdayHours()
	for i := range hours {
		if hours[i].End == "22:00" {
			hours[i].End = "18:00"
		}
	}
	_, err := f.App.Catalog.UpdateFacility(f.Ctx, manager, f.fac.ID, catalog.FacilityPatch{OpeningHours: &hours})
	if got := affectedIDs(t, err); !slices.Equal(got, []int64{evening.ID}) {
		t.Fatalf("listed %v, want the evening booking %d", got, evening.ID)
	}
	_, err = f.App.Catalog.UpdateFacility(f.Ctx, manager, f.fac.ID, catalog.FacilityPatch{OpeningHours: &hours, OnBookings: catalog.OnBookingsCancel})
	apptest.CheckErr(t, err, "validation_failed", "cancel_reason")
	v, err := f.App.Catalog.UpdateFacility(f.Ctx, manager, f.fac.ID, catalog.FacilityPatch{OpeningHours: &hours,
		OnBookings: catalog.OnBookingsCancel, CancelReason: "冬季作息"})
	f.Must(err)
	if v.OpeningHours.V[0].End != "18:00" {
		t.Fatalf("got %+v, want the new hours stored", v.OpeningHours.V)
	}
	if got := f.Booking(evening.ID); got.Status != models.BookingCancelled || got.DecisionNote != "冬季作息" {
		t.Fatalf("got %s %q, want cancelled with the reason", got.Status, got.DecisionNote)
	}
}

func TestResourceStatusAndCapacityOverBookings(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	pool := f.resource(func(r *models.Resource) { r.Capacity = 2 })
	student, rival, manager := f.user(models.RoleStudent), f.user(models.RoleStudent), f.user(models.RoleManager)
	first := f.Book(student, f.input(pool, 1, "10:00", "11:00"))
	second := f.Book(rival, f.input(pool, 1, "10:00", "11:00"))

	t.Run("a lower capacity lists the bookings on the seats it removes, and cannot keep them", func(t *testing.T) {
		_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Capacity: apptest.Ptr(1)})
		if got := affectedIDs(t, err); !slices.Equal(got, []int64{second.ID}) {
			t.Fatalf("listed %v, want the booking on the second seat %d", got, second.ID)
		}
		_, err = f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Capacity: apptest.Ptr(1), OnBookings: catalog.OnBookingsKeep})
		apptest.CheckErr(t, err, "rule_violation", "on_bookings")
		if got, _ := f.DB.ResourceByID(f.Ctx, pool.ID); got.Capacity != 2 {
			t.Fatalf("got capacity %d, want 2 unchanged", got.Capacity)
		}
	})
	t.Run("maintenance lists every booking to come; keeping them keeps them", func(t *testing.T) {
		_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceMaintenance)})
		if got := affectedIDs(t, err); !slices.Equal(got, []int64{first.ID, second.ID}) {
			t.Fatalf("listed %v, want both bookings", got)
		}
		_, err = f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceMaintenance),
			OnBookings: catalog.OnBookingsKeep})
		f.Must(err)
		if got := f.Booking(first.ID); got.Status != models.BookingConfirmed {
			t.Fatalf("got %s, want kept", got.Status)
		}
		_, err = f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceAvailable)})
		f.Must(err)
	})
	t.Run("cancelling frees the seat for the lower capacity", func(t *testing.T) {
		_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, pool.ID, catalog.ResourcePatch{Capacity: apptest.Ptr(1),
			OnBookings: catalog.OnBookingsCancel, CancelReason: "工位减少"})
		f.Must(err)
		if a, b := f.Booking(first.ID), f.Booking(second.ID); a.Status != models.BookingConfirmed || b.Status != models.BookingCancelled {
			t.Fatalf("got %s and %s, want the first kept and the second cancelled", a.Status, b.Status)
		}
		f.AssertNoOverbooking()
	})
}

// TestCatalogChangesRacingBookings: a manager's closing (a lower capacity, maintenance, a
// closure) that cancels the bookings it affects, made while many people book the resource,
// leaves none it should have cancelled: a booking checked against the resource before the
// change either commits before it (and is cancelled by it) or sees it and is refused.
func TestCatalogChangesRacingBookings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		change func(f *bookingFixture, manager core.Actor, res models.Resource) error
		// left counts the active bookings the change should have cancelled and did not.
		left func(f *bookingFixture, res models.Resource) int64
	}{
		{"a lower capacity", func(f *bookingFixture, manager core.Actor, res models.Resource) error {
			_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, res.ID, catalog.ResourcePatch{Capacity: apptest.Ptr(1),
				OnBookings: catalog.OnBookingsCancel, CancelReason: "工位减少"})
			return err
		}, func(f *bookingFixture, _ models.Resource) int64 {
			n, err := f.DB.CountOverbookings(f.Ctx)
			f.Must(err)
			return n
		}},
		{"maintenance", func(f *bookingFixture, manager core.Actor, res models.Resource) error {
			_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, res.ID, catalog.ResourcePatch{Status: apptest.Ptr(models.ResourceMaintenance),
				OnBookings: catalog.OnBookingsCancel, CancelReason: "设备检修"})
			return err
		}, func(f *bookingFixture, res models.Resource) int64 {
			return f.Count(&models.Booking{}, "resource_id = ? AND status IN ?", res.ID, []models.BookingStatus{models.BookingPending, models.BookingConfirmed})
		}},
		{"a closure of the facility", func(f *bookingFixture, manager core.Actor, _ models.Resource) error {
			_, err := f.App.Catalog.CreateBlackout(f.Ctx, manager, catalog.NewBlackout{FacilityID: f.fac.ID, Kind: models.BlackoutClosure,
				StartAt: f.local(1, "09:00"), EndAt: f.local(1, "17:00"), Reason: "停电", OnBookings: catalog.OnBookingsCancel})
			return err
		}, func(f *bookingFixture, res models.Resource) int64 {
			return f.Count(&models.Booking{}, "resource_id = ? AND status IN ? AND start_at < ? AND end_at > ?", res.ID,
				[]models.BookingStatus{models.BookingPending, models.BookingConfirmed}, f.local(1, "17:00").UTC(), f.local(1, "09:00").UTC())
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newBookingFixture(t, "Asia/Shanghai")
			res := f.resource(func(r *models.Resource) { r.Capacity = 4 })
			manager := f.user(models.RoleManager)
			const bookers = 48
			actors := f.users(bookers)
			var done sync.WaitGroup
			var created atomic.Int64
			half := make(chan struct{})
			errs := make([]error, bookers)
			for i := range bookers {
				done.Go(func() {
					start := f.local(1, "09:00").Add(time.Duration(i%16) * 30 * time.Minute)
					in := f.input(res, 1, "09:00", "09:30")
					in.StartAt, in.EndAt = start, start.Add(30*time.Minute)
					if _, errs[i] = f.App.Booking.CreateBooking(f.Ctx, actors[i], in); errs[i] == nil && created.Add(1) == bookers/4 {
						close(half)
					}
				})
			}
			<-half
			f.Must(tc.change(f, manager, res))
			done.Wait()
			for _, err := range errs {
				var ae *core.Error
				if err != nil && (!errors.As(err, &ae) || ae.Kind != core.KindConflict && ae.Kind != core.KindRule) {
					t.Fatalf("a booking failed with %v, want a conflict or a rule's refusal", err)
				}
			}
			if n := tc.left(f, res); n != 0 {
				t.Fatalf("%d bookings the change should have cancelled are active", n)
			}
			f.AssertNoOverbooking()
		})
	}
}

// TestBookingSeesCatalogChangesAtOnce: a booking answers to the resource as it is now, whatever
// this server read of it before: refused from the moment it goes into maintenance, bookable
// again from the moment it is back in service.
func TestBookingSeesCatalogChangesAtOnce(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(nil)
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	f.Book(student, f.input(res, 1, "09:00", "10:00"))
	status := func(s string) {
		t.Helper()
		_, err := f.App.Catalog.UpdateResource(f.Ctx, manager, res.ID, catalog.ResourcePatch{Status: apptest.Ptr(s),
			OnBookings: catalog.OnBookingsKeep})
		f.Must(err)
	}
	status(models.ResourceMaintenance)
	_, err := f.App.Booking.CreateBooking(f.Ctx, student, f.input(res, 1, "10:00", "11:00"))
	apptest.CheckErr(t, err, "rule_violation", "resource_id")
	status(models.ResourceAvailable)
	f.Book(student, f.input(res, 1, "10:00", "11:00"))

	_, err = f.App.Catalog.CreateBlackout(f.Ctx, manager, catalog.NewBlackout{FacilityID: f.fac.ID, Kind: models.BlackoutClosure,
		StartAt: f.local(1, "11:00"), EndAt: f.local(1, "12:00"), Reason: "停电"})
	f.Must(err)
	_, err = f.App.Booking.CreateBooking(f.Ctx, student, f.input(res, 1, "11:00", "12:00"))
	apptest.CheckErr(t, err, "rule_violation", "start_at")
}
