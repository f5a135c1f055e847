package handlers

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"cqshare/app"
	"cqshare/app/apptest"
	"cqshare/app/services"
	"cqshare/models"
)

// TestServicesAPI carries a request through the router from submission to the reply to its low
// rating, as the SME and the platform's manager, with the refusals on the way.
func TestServicesAPI(t *testing.T) {
	t.Parallel()
	shanghai := time.FixedZone("CST", 8*3600)
	clock := apptest.NewClock(time.Date(2026, 3, 2, 8, 0, 0, 0, shanghai)) // a Monday
	s := newTestServer(t, app.WithClock(clock.Now))
	f := &apptest.Fixture{T: t, Ctx: context.Background(), App: s.app, DB: s.app.DB(), Clock: clock}
	platform := f.Facility("Asia/Shanghai")
	f.Must(f.DB.UpdateByID(f.Ctx, &models.Facility{}, platform.ID, map[string]any{"kind": models.KindTechPlatform}))
	practice := f.Facility("Asia/Shanghai")
	equipment := f.Resource(platform.ID, nil)
	now := clock.Now()
	sme := models.Organization{Name: "某精密制造有限公司", Kind: "enterprise", IsSME: true, VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
	rival := models.Organization{Name: "另一家企业", Kind: "enterprise", IsSME: true, VerifiedAt: &now, CreatedAt: now, UpdatedAt: now}
	unverified := models.Organization{Name: "未认证企业", Kind: "enterprise", IsSME: true, CreatedAt: now, UpdatedAt: now}
	for _, o := range []*models.Organization{&sme, &rival, &unverified} {
		f.Must(f.DB.Insert(f.Ctx, o))
	}
	_, managerTok := s.user("svc.manager@test.local", models.RoleManager, platform.ID)
	_, otherManagerTok := s.user("svc.other@test.local", models.RoleManager, practice.ID)
	_, studentTok := s.user("svc.student@test.local", models.RoleStudent)
	smeTok, rivalTok, unverifiedTok := "", "", ""
	for _, m := range []struct {
		email string
		org   int64
		tok   *string
	}{{"svc.sme@test.local", sme.ID, &smeTok}, {"svc.rival@test.local", rival.ID, &rivalTok}, {"svc.new@test.local", unverified.ID, &unverifiedTok}} {
		var u models.User
		u, *m.tok = s.user(m.email, models.RoleStudent)
		f.Must(f.DB.UpdateByID(f.Ctx, &models.User{}, u.ID, map[string]any{"organization_id": m.org, "role": models.RoleSME}))
	}

	var offering offeringDetailResponse
	res := s.do(request{method: http.MethodPost, path: "/api/v1/service-offerings", token: managerTok, body: map[string]any{
		"facility_id": platform.ID, "name": "材料拉伸试验", "name_en": "Tensile testing", "price_basis": "per_sample", "price_fen": 30000,
		"turnaround_days": 5, "first_response_hours": 8, "resource_ids": []int64{equipment.ID}}})
	if res.Status != http.StatusCreated {
		t.Fatalf("create offering: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &offering)
	submit := map[string]any{"offering_id": offering.ID, "title": "拉伸试验 10 件", "description": "铝合金试样", "quantity": 10,
		"contact_name": "王工", "contact_phone": "13800000000", "contact_email": "wang@example.cn"}
	var created serviceRequestDetailResponse
	res = s.do(request{method: http.MethodPost, path: "/api/v1/service-requests", token: smeTok, body: submit})
	if res.Status != http.StatusCreated {
		t.Fatalf("submit: %d %s", res.Status, res.Body)
	}
	res.JSON(t, &created)
	path := fmt.Sprintf("/api/v1/service-requests/%d", created.ID)
	day := func(n int) string { return clock.Now().In(shanghai).AddDate(0, 0, n).Format(time.DateOnly) }
	quote := func(amount int) map[string]any {
		return map[string]any{"amount_fen": amount, "due_date": day(5), "terms": "含报告", "valid_until": clock.Now().Add(48 * time.Hour).Format(time.RFC3339)}
	}
	status := func(want string, actions ...string) func(t *testing.T, res response) {
		return func(t *testing.T, res response) {
			t.Helper()
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if string(d.Status) != want {
				t.Errorf("got status %s, want %s", d.Status, want)
			}
			for _, a := range actions {
				if !slices.ContainsFunc(d.Actions, func(got services.Action) bool { return string(got) == a }) {
					t.Errorf("got actions %v, want %s among them", d.Actions, a)
				}
			}
		}
	}
	fields := func(want ...string) func(t *testing.T, res response) {
		return func(t *testing.T, res response) {
			t.Helper()
			for _, f := range want {
				if res.Fields()[f] == "" {
					t.Errorf("got fields %v, want %s", res.Fields(), f)
				}
			}
		}
	}
	s.run(t, []scenario{
		{"the catalogue", studentTok, http.MethodGet, "/api/v1/service-offerings?price_basis=per_sample&q=拉伸", nil, 200, "", total(1)},
		{"the offering's page", studentTok, http.MethodGet, fmt.Sprintf("/api/v1/service-offerings/%d", offering.ID), nil, 200, "", nil},
		{"an offering of a practice center", otherManagerTok, http.MethodPost, "/api/v1/service-offerings", map[string]any{
			"facility_id": practice.ID, "name": "x", "price_basis": "fixed", "price_fen": 0, "turnaround_days": 1, "first_response_hours": 1},
			422, "validation_failed", fields("facility_id", "price_fen")},
		{"another manager edits", otherManagerTok, http.MethodPatch, fmt.Sprintf("/api/v1/service-offerings/%d", offering.ID),
			map[string]any{"name": "y"}, 403, "forbidden", nil},
		bad(scenario{"a request without a title", smeTok, http.MethodPost, "/api/v1/service-requests", map[string]any{"offering_id": offering.ID,
			"description": "x", "quantity": 0, "contact_name": "王工", "contact_phone": "1", "contact_email": "not-mail"}, 422, "validation_failed",
			fields("title", "quantity", "contact_email")}),
		{"an unverified organization", unverifiedTok, http.MethodPost, "/api/v1/service-requests", submit, 403, "organization_unverified", nil},
		{"a student requests", studentTok, http.MethodPost, "/api/v1/service-requests", submit, 403, "forbidden", nil},
		{"the SME's list", smeTok, http.MethodGet, "/api/v1/service-requests", nil, 200, "", total(1)},
		{"the SME's open requests", smeTok, http.MethodGet, "/api/v1/service-requests?open=true", nil, 200, "", total(1)},
		{"the manager's queue", managerTok, http.MethodGet, "/api/v1/service-requests?status=submitted", nil, 200, "", total(1)},
		{"another SME's list", rivalTok, http.MethodGet, "/api/v1/service-requests", nil, 200, "", total(0)},
		{"another SME reads it", rivalTok, http.MethodGet, path, nil, 404, "not_found", nil},
		{"another manager reads it", otherManagerTok, http.MethodGet, path, nil, 404, "not_found", nil},
		{"a student reads it", studentTok, http.MethodGet, path, nil, 404, "not_found", nil},
		{"another SME cancels it", rivalTok, http.MethodPost, path + "/cancel", nil, 404, "not_found", nil},
		{"the SME quotes", smeTok, http.MethodPost, path + "/quotes", quote(1), 403, "forbidden", nil},
		{"the SME accepts before a quote", smeTok, http.MethodPost, path + "/accept", nil, 409, "invalid_transition", nil},
		{"a quote due yesterday", managerTok, http.MethodPost, path + "/quotes", map[string]any{"amount_fen": 1, "due_date": day(-1),
			"valid_until": clock.Now().Add(time.Hour).Format(time.RFC3339)}, 422, "validation_failed", fields("due_date")},
		{"the quote", managerTok, http.MethodPost, path + "/quotes", quote(300000), 201, "", status("quoted", "quote", "reject")},
		{"the revised quote", managerTok, http.MethodPost, path + "/quotes", quote(250000), 201, "", func(t *testing.T, res response) {
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if d.Quote == nil || d.Quote.AmountFen != 250000 || len(d.Quotes) != 2 || d.Quotes[1].Status != models.QuoteSuperseded || d.FirstResponseMinutes == nil {
				t.Errorf("got quote %+v of %+v, first response %v", d.Quote, d.Quotes, d.FirstResponseMinutes)
			}
		}},
		{"the SME accepts", smeTok, http.MethodPost, path + "/accept", nil, 200, "", status("accepted", "cancel")},
		{"equipment of another platform", managerTok, http.MethodPost, path + "/bookings", map[string]any{"resource_id": f.Resource(practice.ID, nil).ID,
			"start_at": "2026-03-03T09:00:00+08:00", "end_at": "2026-03-03T11:00:00+08:00"}, 422, "validation_failed", fields("resource_id")},
		{"the equipment", managerTok, http.MethodPost, path + "/bookings", map[string]any{"resource_id": equipment.ID,
			"start_at": "2026-03-03T09:00:00+08:00", "end_at": "2026-03-03T11:00:00+08:00"}, 201, "", func(t *testing.T, res response) {
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if len(d.Bookings) != 1 || d.Bookings[0].ResourceID != equipment.ID {
				t.Errorf("got bookings %+v", d.Bookings)
			}
		}},
		{"the equipment taken", managerTok, http.MethodPost, path + "/bookings", map[string]any{"resource_id": equipment.ID,
			"start_at": "2026-03-03T10:00:00+08:00", "end_at": "2026-03-03T12:00:00+08:00"}, 409, "booking_conflict", nil},
		{"the start", managerTok, http.MethodPost, path + "/start", nil, 200, "", status("in_progress", "deliver", "reserve")},
		{"a delivery without a note", managerTok, http.MethodPost, path + "/deliver", map[string]any{"note": ""}, 422, "validation_failed", fields("note")},
		{"the delivery", managerTok, http.MethodPost, path + "/deliver", map[string]any{"note": "报告已上传"}, 200, "", status("delivered")},
		{"the manager confirms", managerTok, http.MethodPost, path + "/confirm", nil, 403, "forbidden", nil},
		bad(scenario{"a revision without a note", smeTok, http.MethodPost, path + "/request-revision", nil, 422, "validation_failed", fields("note")}),
		{"the revision", smeTok, http.MethodPost, path + "/request-revision", map[string]any{"note": "请补充断口照片"}, 200, "", status("in_progress")},
		{"the second delivery", managerTok, http.MethodPost, path + "/deliver", map[string]any{"note": "已补充"}, 200, "", status("delivered", "message")},
		{"the confirmation", smeTok, http.MethodPost, path + "/confirm", nil, 200, "", func(t *testing.T, res response) {
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if d.Status != models.RequestClosed || d.RevisionCount != 1 || d.TurnaroundMinutes == nil || d.ClosedAt == nil || len(d.Events) != 9 {
				t.Errorf("got %s, %d revisions, turnaround %v, %d events", d.Status, d.RevisionCount, d.TurnaroundMinutes, len(d.Events))
			}
		}},
		{"a cancel after closing", smeTok, http.MethodPost, path + "/cancel", nil, 409, "invalid_transition", nil},
		{"a low rating without a comment", smeTok, http.MethodPost, path + "/rating", map[string]any{"score": 1}, 422, "validation_failed", fields("comment")},
		bad(scenario{"a score of 6", smeTok, http.MethodPost, path + "/rating", map[string]any{"score": 6}, 422, "validation_failed", fields("score")}),
		{"the low rating", smeTok, http.MethodPost, path + "/rating", map[string]any{"score": 2, "comment": "交付延迟"}, 201, "", func(t *testing.T, res response) {
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if d.Rating == nil || d.Rating.ReplyDueAt == nil || d.Rating.Score != 2 {
				t.Errorf("got rating %+v, want a reply due", d.Rating)
			}
		}},
		{"a second rating", smeTok, http.MethodPost, path + "/rating", map[string]any{"score": 5}, 409, "invalid_transition", nil},
		{"the SME replies", smeTok, http.MethodPost, path + "/rating/reply", map[string]any{"reply": "x"}, 403, "forbidden", nil},
		{"the reply", managerTok, http.MethodPost, path + "/rating/reply", map[string]any{"reply": "抱歉，已改进流程"}, 200, "", func(t *testing.T, res response) {
			var d serviceRequestDetailResponse
			res.JSON(t, &d)
			if d.Rating == nil || d.Rating.Reply == "" || d.Rating.RepliedAt == nil || len(d.Actions) != 0 {
				t.Errorf("got rating %+v, actions %v", d.Rating, d.Actions)
			}
		}},
		{"the manager's overdue queue", managerTok, http.MethodGet, "/api/v1/service-requests?overdue=true", nil, 200, "", total(0)},
		{"the SME's open requests once it closed", smeTok, http.MethodGet, "/api/v1/service-requests?open=true", nil, 200, "", total(0)},
		{"the SME's list once it closed", smeTok, http.MethodGet, "/api/v1/service-requests", nil, 200, "", total(1)},
		{"the offering's rating", studentTok, http.MethodGet, fmt.Sprintf("/api/v1/service-offerings/%d", offering.ID), nil, 200, "", func(t *testing.T, res response) {
			var o offeringDetailResponse
			res.JSON(t, &o)
			if o.RatingCount != 1 || o.RatingMean == nil || *o.RatingMean != 2 || len(o.Ratings) != 1 || o.Ratings[0].Reply == "" {
				t.Errorf("got %v of %d, ratings %+v", o.RatingMean, o.RatingCount, o.Ratings)
			}
		}},
	})

	// The refusals are worded in the reader's language (the harness checks the language), their
	// fields too.
	res = s.do(request{method: http.MethodPost, path: "/api/v1/service-offerings", token: otherManagerTok,
		header: map[string]string{"Accept-Language": "en"}, body: map[string]any{"facility_id": practice.ID, "name": "x",
			"price_basis": "by_quote", "price_fen": 5, "turnaround_days": 1, "first_response_hours": 1}})
	if res.Status != http.StatusUnprocessableEntity || res.Fields()["facility_id"] != "Must be a tech platform." || res.Fields()["price_fen"] == "" {
		t.Fatalf("an offering of a practice center, in English: got %d %s", res.Status, res.Body)
	}
}
