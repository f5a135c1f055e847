package app_test

import (
	"errors"
	"testing"

	"cqshare/app"
	"cqshare/models"
)

func TestManagerDecisionsNotifyTheOwner(t *testing.T) {
	f := newBookingFixture(t, "Asia/Shanghai")
	res := f.resource(func(r *models.Resource) { r.RequiresApproval = true })
	student, manager := f.user(models.RoleStudent), f.user(models.RoleManager)
	approved := f.book(student, f.input(res, 1, "09:00", "10:00"))
	rejected := f.book(student, f.input(res, 1, "10:00", "11:00"))
	steps := []struct {
		name string
		do   func() error
		want string
	}{
		{"approve", func() error { _, err := f.a.ApproveBooking(f.ctx, manager, approved.ID, "好的"); return err }, app.NotifyBookingApproved},
		{"reject", func() error { _, err := f.a.RejectBooking(f.ctx, manager, rejected.ID, "设备校准"); return err }, app.NotifyBookingRejected},
		{"cancel", func() error { _, err := f.a.CancelBooking(f.ctx, manager, approved.ID, "停电检修"); return err }, app.NotifyBookingCancelled},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if err := s.do(); err != nil {
				t.Fatal(err)
			}
			notes, _, err := f.a.Notifications(f.ctx, student, true, app.NewPage(1, 1))
			if err != nil || len(notes) != 1 || notes[0].Kind != s.want {
				t.Fatalf("got %+v, %v; want the newest unread to be %s", notes, err, s.want)
			}
		})
	}

	_, unread, _ := f.a.Notifications(f.ctx, student, true, app.NewPage(1, 10))
	notes, _, _ := f.a.Notifications(f.ctx, student, false, app.NewPage(1, 10))
	if err := f.a.MarkNotificationRead(f.ctx, manager, notes[0].ID); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("read another's notification: got %v, want not_found", err)
	}
	f.must(f.a.MarkNotificationRead(f.ctx, student, notes[0].ID))
	f.must(f.a.MarkNotificationRead(f.ctx, student, notes[0].ID)) // twice is fine
	if n, err := f.a.MarkAllNotificationsRead(f.ctx, student); err != nil || n != unread-1 {
		t.Fatalf("read all: got %d, %v; want %d", n, err, unread-1)
	}
	if _, left, _ := f.a.Notifications(f.ctx, student, true, app.NewPage(1, 10)); left != 0 {
		t.Fatalf("got %d unread, want 0", left)
	}
}
