package handlers

import (
	"fmt"
	"net/http"
	"testing"

	"cqshare/models"
)

func TestResourceChangesOverBookingsAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	pool := b.resource("工业机器人实训工作站", func(r *models.Resource) { r.Capacity = 2 })
	_, alice := b.user("alice@example.cn", models.RoleStudent)
	_, bob := b.user("bob@example.cn", models.RoleStudent)
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	b.book(alice, b.body(pool, 1, "10:00", "11:00"))
	second := b.book(bob, b.body(pool, 1, "10:00", "11:00"))
	path := fmt.Sprintf("/api/v1/resources/%d", pool.ID)
	b.run(t, []bookingCase{
		{name: "a lower capacity lists the booking on the seat it removes", method: http.MethodPatch, path: path, token: manager,
			body: map[string]any{"capacity": 1}, wantStatus: 409, wantCode: "bookings_affected", wantIn: fmt.Sprintf(`"id":%d`, second.ID)},
		{name: "it cannot be kept", method: http.MethodPatch, path: path, token: manager,
			body: map[string]any{"capacity": 1, "on_bookings": "keep"}, wantStatus: 422, wantCode: "rule_violation", wantField: "on_bookings"},
		{name: "maintenance kept over both", method: http.MethodPatch, path: path, token: manager,
			body: map[string]any{"status": "maintenance", "on_bookings": "keep"}, wantStatus: 200, wantIn: `"status":"maintenance"`},
		{name: "available again", method: http.MethodPatch, path: path, token: manager, body: map[string]any{"status": "available"}, wantStatus: 200},
		{name: "cancelling it with a reason", method: http.MethodPatch, path: path, token: manager,
			body: map[string]any{"capacity": 1, "on_bookings": "cancel", "cancel_reason": "工位减少"}, wantStatus: 200, wantIn: `"capacity":1`},
		{name: "the holder sees it cancelled by the facility", path: fmt.Sprintf("/api/v1/bookings/%d", second.ID), token: bob,
			wantStatus: 200, wantIn: `"decision_note":"工位减少"`},
	})
}
