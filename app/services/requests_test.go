package services_test

import (
	"testing"
	"time"

	"cqshare/app/apptest"
	"cqshare/app/core"
	"cqshare/app/services"
	"cqshare/models"
)

func TestRefusals(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	practice := f.Facility("Asia/Shanghai")
	valid := services.NewRequest{OfferingID: &f.offering.ID, Title: "试验", Description: "说明", Quantity: 1}
	quoted := f.inState(models.RequestQuoted)
	tests := []struct {
		name   string
		err    func() error
		code   string
		fields []string
	}{
		{"an unverified organization", func() error {
			_, err := f.App.Services.SubmitRequest(f.Ctx, f.unverifiedSME, valid)
			return err
		}, "organization_unverified", nil},
		{"a student", func() error { _, err := f.App.Services.SubmitRequest(f.Ctx, f.student, valid); return err }, "forbidden", nil},
		{"both an offering and a platform", func() error {
			in := valid
			in.FacilityID = &f.platform.ID
			_, err := f.App.Services.SubmitRequest(f.Ctx, f.sme, in)
			return err
		}, "validation_failed", []string{"offering_id"}},
		{"free-form to a practice center", func() error {
			in := valid
			in.OfferingID, in.FacilityID = nil, &practice.ID
			_, err := f.App.Services.SubmitRequest(f.Ctx, f.sme, in)
			return err
		}, "validation_failed", []string{"facility_id"}},
		{"a quote due yesterday, valid until now", func() error {
			_, err := f.App.Services.QuoteRequest(f.Ctx, f.manager, quoted.ID, services.NewQuote{AmountFen: 1, DueDate: "2026-03-01",
				ValidUntil: f.Clock.Now()})
			return err
		}, "validation_failed", []string{"due_date", "valid_until"}},
		{"a delivery without a note", func() error {
			r := f.inState(models.RequestInProgress)
			_, err := f.App.Services.Transition(f.Ctx, f.manager, r.ID, services.ActionDeliver, " ")
			return err
		}, "validation_failed", []string{"note"}},
		{"a low rating without a comment", func() error {
			r := f.inState(models.RequestDelivered)
			_, err := f.App.Services.RateRequest(f.Ctx, f.sme, r.ID, 1, "")
			return err
		}, "validation_failed", []string{"comment"}},
		{"another platform's equipment", func() error {
			r := f.inState(models.RequestAccepted)
			_, err := f.App.Services.ReserveEquipment(f.Ctx, f.manager, r.ID, services.Equipment{ResourceID: f.Resource(practice.ID, nil).ID,
				StartAt: f.local(1, 9, 0), EndAt: f.local(1, 10, 0)})
			return err
		}, "validation_failed", []string{"resource_id"}},
		{"an offering of a practice center", func() error {
			_, err := f.App.Services.CreateOffering(f.Ctx, f.User(models.RoleManager, practice.ID), services.OfferingInput{FacilityID: practice.ID,
				Name: "x", PriceBasis: models.PriceFixed, PriceFen: 100, TurnaroundDays: 1, FirstResponseHours: 1})
			return err
		}, "validation_failed", []string{"facility_id"}},
		{"a fixed price of 0 with foreign equipment", func() error {
			_, err := f.App.Services.CreateOffering(f.Ctx, f.manager, services.OfferingInput{FacilityID: f.platform.ID, Name: "x",
				PriceBasis: models.PriceFixed, TurnaroundDays: 1, FirstResponseHours: 1, ResourceIDs: []int64{f.Resource(practice.ID, nil).ID}})
			return err
		}, "validation_failed", []string{"price_fen", "resource_ids"}},
		{"another platform's manager edits", func() error {
			_, err := f.App.Services.UpdateOffering(f.Ctx, f.otherManager, f.offering.ID, services.OfferingPatch{Name: apptest.Ptr("y")})
			return err
		}, "forbidden", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			apptest.CheckErr(t, tt.err(), tt.code, tt.fields...)
		})
	}
}

func TestExpiredQuote(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.inState(models.RequestQuoted)
	f.Clock.Advance(73 * time.Hour)
	_, err := f.App.Services.Transition(f.Ctx, f.sme, r.ID, services.ActionAccept, "")
	apptest.CheckErr(t, err, "quote_expired")
	if d, _ := f.App.Services.Request(f.Ctx, f.sme, r.ID); d.Status != models.RequestQuoted || d.Quote.Status != models.QuoteOffered {
		t.Fatalf("got %s with quote %s, want it unchanged", d.Status, d.Quote.Status)
	}
}

// TestEquipmentTimeGoesWithTheRequest books equipment for a request through the booking engine
// and cancels it with the request.
func TestEquipmentTimeGoesWithTheRequest(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.inState(models.RequestAccepted)
	d, err := f.App.Services.ReserveEquipment(f.Ctx, f.manager, r.ID, services.Equipment{ResourceID: f.equipment.ID,
		StartAt: f.local(1, 9, 0), EndAt: f.local(1, 11, 0)})
	f.Must(err)
	if len(d.Bookings) != 1 || d.Bookings[0].ResourceID != f.equipment.ID || d.Bookings[0].Status != models.BookingConfirmed {
		t.Fatalf("got bookings %+v, want one confirmed", d.Bookings)
	}
	b := f.Booking(d.Bookings[0].ID)
	if b.ServiceRequestID == nil || *b.ServiceRequestID != r.ID || !b.FacilityTime {
		t.Fatalf("booking %+v is not the request's facility time", b)
	}
	_, err = f.App.Services.ReserveEquipment(f.Ctx, f.manager, r.ID, services.Equipment{ResourceID: f.equipment.ID,
		StartAt: f.local(1, 10, 0), EndAt: f.local(1, 12, 0)})
	apptest.CheckErr(t, err, "booking_conflict")
	d, err = f.App.Services.Transition(f.Ctx, f.sme, r.ID, services.ActionCancel, "")
	f.Must(err)
	if d.Status != models.RequestCancelled || d.Bookings[0].Status != models.BookingCancelled {
		t.Fatalf("got %s with booking %s, want both cancelled", d.Status, d.Bookings[0].Status)
	}
	f.AssertNoOverbooking()
}

func TestOfferingRating(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	for _, score := range []int{5, 2} {
		r := f.inState(models.RequestClosed)
		_, err := f.App.Services.RateRequest(f.Ctx, f.sme, r.ID, score, "评价")
		f.Must(err)
		_, err = f.App.Services.RateRequest(f.Ctx, f.sme, r.ID, score, "评价")
		apptest.CheckErr(t, err, "invalid_transition")
		_, err = f.App.Services.ReplyToRating(f.Ctx, f.manager, r.ID, "感谢反馈")
		f.Must(err)
		_, err = f.App.Services.ReplyToRating(f.Ctx, f.manager, r.ID, "再次感谢")
		apptest.CheckErr(t, err, "invalid_transition")
	}
	o, err := f.App.Services.Offering(f.Ctx, f.student, f.offering.ID)
	f.Must(err)
	if o.RatingMean == nil || *o.RatingMean != 3.5 || o.RatingCount != 2 || len(o.Ratings) != 2 || o.Ratings[0].Reply == "" || len(o.Actions) != 0 {
		t.Fatalf("got mean %v of %d, ratings %+v, actions %v", o.RatingMean, o.RatingCount, o.Ratings, o.Actions)
	}
	_, err = f.App.Services.UpdateOffering(f.Ctx, f.manager, f.offering.ID, services.OfferingPatch{Active: apptest.Ptr(false)})
	f.Must(err)
	_, err = f.App.Services.Offering(f.Ctx, f.student, f.offering.ID)
	apptest.CheckErr(t, err, "not_found")
	list, total, err := f.App.Services.Offerings(f.Ctx, f.manager, services.OfferingFilter{IncludeInactive: true}, core.NewPage(1, 20))
	if err != nil || total != 1 || list[0].Active {
		t.Fatalf("manager's list with inactive: got %d, %v", total, err)
	}
	if _, total, _ := f.App.Services.Offerings(f.Ctx, f.otherManager, services.OfferingFilter{IncludeInactive: true}, core.NewPage(1, 20)); total != 0 {
		t.Fatalf("another manager sees %d inactive offerings, want 0", total)
	}
}

// TestUnreadCountsTheOtherSide: a reader's unread count is the other side's messages after the
// last one they read, not their own side's.
func TestUnreadCountsTheOtherSide(t *testing.T) {
	t.Parallel()
	f := newServicesFixture(t)
	r := f.submit()
	now := f.Clock.Now()
	for _, m := range []models.ServiceMessage{{AuthorID: f.manager.UserID, FromPlatform: true, Body: "请寄样"},
		{AuthorID: f.colleague.UserID, Body: "已寄出"}} {
		m.RequestID, m.CreatedAt = r.ID, now
		f.Must(f.DB.Insert(f.Ctx, &m))
	}
	for _, tt := range []struct {
		name string
		ac   core.Actor
		want int
	}{{"the SME", f.sme, 1}, {"the manager", f.manager, 1}, {"the colleague who wrote", f.colleague, 1}} {
		list, _, err := f.App.Services.Requests(f.Ctx, tt.ac, services.RequestFilter{}, core.NewPage(1, 20))
		if err != nil || len(list) != 1 || list[0].Unread != tt.want {
			t.Errorf("%s: got %v, %v, want %d unread", tt.name, list, err, tt.want)
		}
	}
}
