package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"cqshare/app/core"
	"cqshare/models"
)

// TestEveryRefusalInBothLanguages sends a booking that breaks each rule, in Chinese and in
// English, and checks the answer names the rule and is worded in the reader's language with the
// rule's parameters (the harness checks every error answer for foreign words and unworded
// placeholders); the facility-local dates come in the locale's format.
func TestEveryRefusalInBothLanguages(t *testing.T) {
	t.Parallel()
	b := newBookingAPI(t)
	lathe := b.resource("数控车床", func(r *models.Resource) {
		r.SlotMinutes, r.MinMinutes, r.MaxMinutes = 45, 45, 180
		r.MinLeadMinutes, r.MaxAdvanceDays, r.WeeklyQuotaMinutes = 120, 14, 270
	})
	broken := b.resource("三坐标测量机", func(r *models.Resource) { r.Status = models.ResourceMaintenance })
	q := models.Qualification{Code: "laser", Name: "激光安全"}
	b.create(&q)
	laser := b.resource("激光切割机", func(r *models.Resource) { r.QualificationID = &q.ID })
	hall := b.resource("实训大厅", func(r *models.Resource) { r.Capacity, r.MaxMinutes = 500, 840 })
	closedDay := time.Date(2026, 3, 5, 0, 0, 0, 0, b.loc)
	b.create(&models.Blackout{FacilityID: b.fac.ID, Kind: models.BlackoutClosure, StartAt: closedDay.UTC(),
		EndAt: closedDay.AddDate(0, 0, 1).UTC(), Reason: "设备年检", CreatedAt: b.clock.Now().UTC()})
	_, student := b.user("refused@example.cn", models.RoleStudent)
	suspended, suspendedToken := b.user("suspended@example.cn", models.RoleStudent)
	until := b.clock.Now().Add(48 * time.Hour).UTC()
	if err := b.db.SetBookingSuspension(context.Background(), suspended.ID, &until); err != nil {
		t.Fatal(err)
	}
	// A booking to collide with, that leaves 90 minutes of the weekly quota.
	b.book(student, b.body(lathe, 1, "09:00", "12:00"))
	tests := []struct {
		name, token string
		body        map[string]any
		status      int
		code, rule  string
		zhIn, enIn  string // a part of the message that shows the parameters were worded
		field       string
	}{
		{"off the slot grid", student, b.body(lathe, 2, "10:10", "11:40"), 422, "rule_violation", "slot_alignment", "45 分钟", "45 minutes", "start_at"},
		{"too short", student, withField(b.body(lathe, 2, "10:30", "10:30"), "end_at", b.at(2, "10:30")), 422, "rule_violation", "end_after_start", "须晚于开始时间", "after the start", "end_at"},
		{"too long", student, b.body(lathe, 2, "09:00", "12:45"), 422, "rule_violation", "max_duration", "3 小时", "3 hours", "end_at"},
		{"in the past", student, b.body(lathe, -1, "09:00", "09:45"), 422, "rule_violation", "min_lead", "已经过去", "has passed", "start_at"},
		{"too soon", student, b.body(lathe, 0, "09:00", "09:45"), 422, "rule_violation", "min_lead", "2026年3月2日 10:00", "Mar 2, 2026 10:00", "start_at"},
		{"too far ahead", student, b.body(lathe, 20, "09:00", "09:45"), 422, "rule_violation", "max_advance", "2026年3月16日 08:00", "Mar 16, 2026 08:00", "start_at"},
		{"closed hours", student, b.body(lathe, 2, "21:45", "22:30"), 422, "rule_violation", "opening_hours", "开放时间", "not open", "end_at"},
		{"a holiday, named", student, b.body(lathe, 3, "09:00", "09:45"), 422, "rule_violation", "blackout", "设备年检", "设备年检", "start_at"},
		{"over the weekly quota", student, b.body(lathe, 2, "09:00", "11:15"), 422, "rule_violation", "weekly_quota", "4 小时 30 分钟", "4 hours 30 minutes", "end_at"},
		{"too many seats", student, withField(b.body(lathe, 2, "09:00", "09:45"), "seats", 2), 422, "rule_violation", "seats", "1 到 1", "between 1 and 1", "seats"},
		{"no purpose", student, withField(b.body(lathe, 2, "09:00", "09:45"), "purpose", " "), 422, "rule_violation", "purpose", "用途", "what the booking is for", "purpose"},
		{"too many seat-slots", student, withField(b.body(hall, 1, "08:00", "22:00"), "seats", 500), 422, "rule_violation", "claim_limit", "20000", "20000", "seats"},
		{"under maintenance", student, b.body(broken, 1, "10:00", "11:00"), 422, "rule_violation", "resource_unavailable", "维护", "maintenance", "resource_id"},
		{"not qualified", student, b.body(laser, 1, "10:00", "11:00"), 403, "qualification_required", "qualification", "上岗资格", "qualification", ""},
		{"suspended", suspendedToken, b.body(hall, 1, "10:00", "11:00"), 403, "booking_suspended", "credit", "2026年3月4日 08:00", "Mar 4, 2026 08:00", ""},
		{"taken", student, b.body(lathe, 1, "11:15", "12:00"), 409, "booking_conflict", "", "2026年3月3日 09:00", "Mar 3, 2026 09:00", ""},
		{"a wrong type", student, withField(b.body(lathe, 2, "09:00", "09:45"), "seats", "two"), 400, "bad_request", "", "数字", "number", "seats"},
		{"a time without an offset", student, withField(b.body(lathe, 2, "09:00", "09:45"), "start_at", "2026-03-04T09:00:00"), 422, "validation_failed", "", "带时区偏移", "with an offset", "start_at"},
	}
	for _, tt := range tests {
		for _, lang := range core.Langs {
			t.Run(tt.name+" "+string(lang), func(t *testing.T) {
				res := b.do(request{method: http.MethodPost, path: "/api/v1/bookings", token: tt.token, body: tt.body,
					invalid: tt.status == 400 || tt.code == "validation_failed", header: map[string]string{"Accept-Language": string(lang)}})
				var body struct{ Error errorDetail }
				res.JSON(t, &body)
				if res.Status != tt.status || body.Error.Code != tt.code || body.Error.Rule != tt.rule {
					t.Fatalf("got %d %s/%s, want %d %s/%s: %s", res.Status, body.Error.Code, body.Error.Rule, tt.status, tt.code, tt.rule, res.Body)
				}
				want := tt.zhIn
				if lang == core.EN {
					want = tt.enIn
				}
				if !strings.Contains(body.Error.Message+" "+strings.Join(valuesOf(body.Error.Fields), " "), want) {
					t.Errorf("got %s, want it to say %q", res.Body, want)
				}
				if _, ok := body.Error.Fields[tt.field]; tt.field != "" && !ok {
					t.Errorf("got fields %v, want %s named", body.Error.Fields, tt.field)
				}
			})
		}
	}
}

func valuesOf(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
