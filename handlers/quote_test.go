package handlers

import (
	"fmt"
	"net/url"
	"testing"

	"cqshare/models"
)

func TestQuoteAPI(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", func(r *models.Resource) { r.WeeklyQuotaMinutes, r.RateExternalFen = 240, 6000 })
	drill := b.resource("台钻", nil)
	_, student := b.user("student@example.cn", models.RoleStudent)
	b.book(student, b.body(lathe, 1, "08:00", "09:00"))
	onDrill := b.book(student, b.body(drill, 2, "10:00", "11:00"))
	gated := b.resource("激光切割机", func(r *models.Resource) { r.RequiresApproval = true })
	_, manager := b.user("manager@example.cn", models.RoleManager, b.fac.ID)
	pending := b.book(student, b.body(gated, 2, "10:30", "11:30"))
	var queue struct {
		Items []bookingResponse `json:"items"`
	}
	b.do(request{method: "GET", path: "/api/v1/bookings?scope=managed&status=pending", token: manager}).JSON(t, &queue)
	if len(queue.Items) != 1 || queue.Items[0].ID != pending.ID || queue.Items[0].Overlaps != nil {
		t.Fatalf("got %+v, want the pending booking without overlaps unless asked", queue.Items)
	}
	path := fmt.Sprintf("/api/v1/resources/%d/quote", lathe.ID)
	span := func(day int, start, end string) string {
		return "?start_at=" + url.QueryEscape(b.at(day, start)) + "&end_at=" + url.QueryEscape(b.at(day, end))
	}
	b.run(t, []bookingCase{
		{name: "quote", path: path + span(2, "10:00", "12:00"), token: student, wantStatus: 200,
			wantIn: `"price_type":"external","rate_fen":6000,"price_fen":12000,"minutes":120,"seats":1,` +
				`"weekly_quota":{"week_start":"2026-03-02T00:00:00+08:00","limit_minutes":240,"used_minutes":60,"booking_minutes":120,"left_minutes":60}`},
		{name: "quote names the other booking", path: path + span(2, "10:00", "12:00"), token: student, wantStatus: 200,
			wantIn: fmt.Sprintf(`"overlaps":[{"booking_id":%d,"resource_id":%d,"resource_name":"台钻"`, onDrill.ID, drill.ID)},
		{name: "quote without overlaps", path: path + span(3, "10:00", "12:00"), token: student, wantStatus: 200, wantIn: `"overlaps":[]`},
		{name: "quote signed out", path: path + span(2, "10:00", "12:00"), wantStatus: 401, wantCode: "unauthenticated"},
		{name: "quote of nothing", path: "/api/v1/resources/99999/quote" + span(2, "10:00", "12:00"), token: student, wantStatus: 404, wantCode: "not_found"},
		{name: "quote without times", path: path, token: student, body: badInput{}, wantStatus: 422, wantCode: "validation_failed", wantField: "start_at"},
		{name: "quote reversed", path: path + span(2, "12:00", "10:00"), token: student, wantStatus: 422, wantCode: "rule_violation", wantField: "end_at"},
		{name: "quote too many seats", path: path + span(2, "10:00", "12:00") + "&seats=2", token: student, wantStatus: 422, wantCode: "rule_violation", wantField: "seats"},
		{name: "approval queue with the booker's overlaps", path: "/api/v1/bookings?scope=managed&status=pending&when=upcoming&with_overlaps=true", token: manager, wantStatus: 200,
			wantIn: fmt.Sprintf(`"overlaps":[{"booking_id":%d,"resource_id":%d`, onDrill.ID, drill.ID)},
		{name: "quote bad seats", path: path + span(2, "10:00", "12:00") + "&seats=x", token: student, body: badInput{}, wantStatus: 400, wantCode: "bad_request"},
	})
}
