package booking_test

import (
	"errors"
	"testing"

	"cqshare/app/booking"
	"cqshare/app/core"
	"cqshare/models"
)

func TestManagerDecisionsNotifyTheOwner(t *testing.T) {
	t.Parallel()
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	approved := f.Book(student, f.input(res, 1, "09:00", "10:00"))
	rejected := f.Book(student, f.input(res, 1, "10:00", "11:00"))
	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"approve", func() error {
			_, err := f.App.Booking.ApproveBooking(f.Ctx, manager, approved.ID, "好的")
			return err
		}, booking.NotifyBookingApproved},
		{"reject", func() error {
			_, err := f.App.Booking.RejectBooking(f.Ctx, manager, rejected.ID, "设备校准")
			return err
		}, booking.NotifyBookingRejected},
		{"cancel", func() error {
			_, err := f.App.Booking.CancelBooking(f.Ctx, manager, approved.ID, "停电检修")
			return err
		}, booking.NotifyBookingCancelled},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			notes, _, err := f.App.Accounts.Notifications(f.Ctx, student, true, core.NewPage(1, 1))
			if err != nil || len(notes) != 1 || notes[0].Kind != s.want {
				t.Fatalf("got %+v, %v; want the newest unread to be %s", notes, err, s.want)
			}
		})
	}

	_, unread, _ := f.App.Accounts.Notifications(f.Ctx, student, true, core.NewPage(1, 10))
	notes, _, _ := f.App.Accounts.Notifications(f.Ctx, student, false, core.NewPage(1, 10))
	if err := f.App.Accounts.MarkNotificationRead(f.Ctx, manager, notes[0].ID); !errors.Is(err, core.ErrNotFound) {
		t.Fatalf("read another's notification: got %v, want not_found", err)
	}
	f.Must(f.App.Accounts.MarkNotificationRead(f.Ctx, student, notes[0].ID))
	f.Must(f.App.Accounts.MarkNotificationRead(f.Ctx, student, notes[0].ID)) // twice is fine
	if n, err := f.App.Accounts.MarkAllNotificationsRead(f.Ctx, student); err != nil || n != unread-1 {
		t.Fatalf("read all: got %d, %v; want %d", n, err, unread-1)
	}
	if _, left, _ := f.App.Accounts.Notifications(f.Ctx, student, true, core.NewPage(1, 10)); left != 0 {
		t.Fatalf("got %d unread, want 0", left)
	}
}
