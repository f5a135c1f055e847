package handlers

import (
	"fmt"
	"net/http"
	"testing"
)

func TestCatalogWriteAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	res := func(id int64) string { return fmt.Sprintf("/api/v1/resources/%d", id) }
	fac := func(id int64) string { return fmt.Sprintf("/api/v1/facilities/%d", id) }
	newResource := func(facility int64) map[string]any {
		return map[string]any{"facility_id": facility, "name": "超声波探伤仪", "name_en": "Ultrasonic Flaw Detector",
			"category": "test_instrument", "cluster": "advanced_materials", "model": "奥林巴斯 EPOCH 650", "capacity": 1,
			"rules": map[string]any{"slot_minutes": 60, "min_minutes": 60, "requires_approval": true}}
	}
	week := []map[string]any{{"weekday": 1, "start": "08:30", "end": "12:00"}, {"weekday": 1, "start": "13:30", "end": "17:30"}}
	blackout := map[string]any{"kind": "closure", "start_at": "2027-05-01T00:00:00+08:00", "end_at": "2027-05-06T00:00:00+08:00", "reason": "劳动节"}
	now := f.app.Now()
	soon := map[string]any{"kind": "closure", "start_at": now, "end_at": now.AddDate(0, 0, 7), "reason": "停电检修"}
	affected := func(t *testing.T, r response) {
		var body struct {
			Error struct {
				Details struct {
					Bookings []struct {
						ID       int64  `json:"id"`
						UserName string `json:"user_name"`
					} `json:"bookings"`
				} `json:"details"`
			} `json:"error"`
		}
		r.JSON(t, &body)
		if b := body.Error.Details.Bookings; len(b) == 0 || b[0].ID == 0 || b[0].UserName == "" {
			t.Errorf("got %+v, want the bookings with their holders", b)
		}
	}

	f.run(t, []scenario{
		// Resources: managers in their facilities, admins everywhere.
		{"student creates a resource", f.student, http.MethodPost, "/api/v1/resources", newResource(f.practice), 403, "forbidden", nil},
		{"manager creates one in another facility", f.manager, http.MethodPost, "/api/v1/resources", newResource(f.other), 403, "forbidden", nil},
		{"manager creates one in their facility", f.manager, http.MethodPost, "/api/v1/resources", newResource(f.practice), 201, "", func(t *testing.T, r response) {
			var v resourceResponse
			r.JSON(t, &v)
			if v.Rules.SlotMinutes != 60 || !v.Rules.RequiresApproval || v.Rules.MaxMinutes != 240 || v.Cluster == nil || *v.Cluster != "advanced_materials" {
				t.Errorf("got %+v", v)
			}
		}},
		{"admin creates one anywhere", f.admin, http.MethodPost, "/api/v1/resources", newResource(f.other), 201, "", nil},
		{"a resource in no facility", f.admin, http.MethodPost, "/api/v1/resources", map[string]any{"facility_id": 999999, "name": "x", "category": "cnc"}, 422, "validation_failed", nil},
		{"a resource with bad rules", f.manager, http.MethodPost, "/api/v1/resources", badInput{map[string]any{"facility_id": f.practice, "name": "x", "category": "cnc",
			"rules": map[string]any{"slot_minutes": 20, "buffer_minutes": 7, "min_minutes": 120, "max_minutes": 60}}}, 422, "validation_failed", func(t *testing.T, r response) {
			for _, k := range []string{"rules.slot_minutes", "rules.buffer_minutes"} {
				if r.Fields()[k] == "" {
					t.Errorf("got fields %v, want %s named", r.Fields(), k)
				}
			}
		}},
		{"a resource without a name", f.manager, http.MethodPost, "/api/v1/resources", badInput{map[string]any{"facility_id": f.practice, "category": "cnc"}}, 422, "validation_failed", nil},
		{"manager changes a rule", f.manager, http.MethodPatch, res(f.laser), map[string]any{"rules": map[string]any{"buffer_minutes": 30}}, 200, "", func(t *testing.T, r response) {
			var v resourceResponse
			r.JSON(t, &v)
			if v.Rules.BufferMinutes != 30 || v.Rules.Qualification == nil || v.Capacity != 1 || v.Name != "光纤激光切割机" {
				t.Errorf("got %+v, want only the buffer changed", v)
			}
		}},
		{"manager removes the qualification and cluster", f.manager, http.MethodPatch, res(f.laser), map[string]any{"cluster": nil, "rules": map[string]any{"qualification_id": nil}}, 200, "", func(t *testing.T, r response) {
			var v resourceResponse
			r.JSON(t, &v)
			if v.Rules.Qualification != nil || v.Rules.QualificationID != nil || v.Cluster != nil || v.Rules.BufferMinutes != 30 {
				t.Errorf("got %+v", v)
			}
		}},
		{"manager puts it under maintenance", f.manager, http.MethodPatch, res(f.laser), map[string]any{"status": "maintenance"}, 200, "", field("status", "maintenance")},
		{"manager changes another facility's resource", f.manager, http.MethodPatch, res(f.foreign), map[string]any{"status": "maintenance"}, 403, "forbidden", nil},
		{"student changes a resource", f.student, http.MethodPatch, res(f.laser), map[string]any{"status": "available"}, 403, "forbidden", nil},
		{"an unknown resource", f.manager, http.MethodPatch, res(999999), map[string]any{"status": "available"}, 404, "not_found", nil},
		{"capacity 0", f.manager, http.MethodPatch, res(f.laser), badInput{map[string]any{"capacity": 0}}, 422, "validation_failed", nil},
		{"an unknown status", f.manager, http.MethodPatch, res(f.laser), badInput{map[string]any{"status": "lost"}}, 422, "validation_failed", nil},

		// Facilities: admins create and delete; managers edit hours and default rules of theirs.
		{"opening hours over bookings list them", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"opening_hours": week}, 409, "bookings_affected", affected},
		{"an unknown choice for them", f.manager, http.MethodPatch, fac(f.practice), badInput{map[string]any{"opening_hours": week, "on_bookings": "move"}}, 422, "validation_failed", nil},
		{"cancelling them needs a reason", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"opening_hours": week, "on_bookings": "cancel"}, 422, "validation_failed", func(t *testing.T, r response) {
			if r.Fields()["cancel_reason"] == "" {
				t.Errorf("got fields %v, want cancel_reason named", r.Fields())
			}
		}},
		{"manager edits opening hours, keeping the bookings", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"opening_hours": week, "on_bookings": "keep"}, 200, "", func(t *testing.T, r response) {
			var v facilityResponse
			r.JSON(t, &v)
			if len(v.OpeningHours) != 2 || v.Name == "" || len(v.Managers) != 1 {
				t.Errorf("got %+v", v)
			}
		}},
		{"manager edits default rules", f.manager, http.MethodPatch, fac(f.platform), map[string]any{"default_rules": map[string]any{"max_advance_days": 60}}, 200, "", nil},
		{"manager edits another facility", f.manager, http.MethodPatch, fac(f.other), map[string]any{"opening_hours": week}, 403, "forbidden", nil},
		{"manager edits an unknown facility", f.manager, http.MethodPatch, fac(999999), map[string]any{"opening_hours": week}, 404, "not_found", nil},
		{"manager changes the kind", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"kind": "training_base"}, 403, "forbidden", nil},
		{"overlapping hours", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"opening_hours": []map[string]any{
			{"weekday": 1, "start": "08:00", "end": "12:00"}, {"weekday": 1, "start": "11:00", "end": "13:00"}}}, 422, "validation_failed", nil},
		{"hours of weekday 7", f.manager, http.MethodPatch, fac(f.practice), badInput{map[string]any{"opening_hours": []map[string]any{
			{"weekday": 7, "start": "08:00", "end": "12:00"}}}}, 422, "validation_failed", nil},
		{"hours backwards", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"opening_hours": []map[string]any{
			{"weekday": 2, "start": "18:00", "end": "08:00"}}}, 422, "validation_failed", nil},
		{"a time zone that is not one", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"time_zone": "China/Chongqing"}, 422, "validation_failed", nil},
		{"manager sets a term's series horizon", f.manager, http.MethodPatch, fac(f.practice), map[string]any{"series_horizon_days": 140}, 200, "", field("series_horizon_days", 140)},
		{"a series horizon of years", f.manager, http.MethodPatch, fac(f.practice), badInput{map[string]any{"series_horizon_days": 1000}}, 422, "validation_failed", nil},
		{"a capacity past the bound", f.manager, http.MethodPatch, fmt.Sprintf("/api/v1/resources/%d", f.laser), badInput{map[string]any{"capacity": 2000}}, 422, "validation_failed", nil},
		{"student creates a facility", f.student, http.MethodPost, "/api/v1/facilities", map[string]any{"consortium_id": 1, "kind": "training_base", "name": "x"}, 403, "forbidden", nil},
		{"manager creates a facility", f.manager, http.MethodPost, "/api/v1/facilities", map[string]any{"consortium_id": 1, "kind": "training_base", "name": "x"}, 403, "forbidden", nil},
		{"admin creates a facility", f.admin, http.MethodPost, "/api/v1/facilities", map[string]any{"consortium_id": 1, "kind": "training_base", "name": "合川职工培训基地",
			"district": "合川区", "opening_hours": week, "time_zone": "Asia/Shanghai", "default_rules": map[string]any{"requires_approval": true}}, 201, "", func(t *testing.T, r response) {
			var v facilityResponse
			r.JSON(t, &v)
			if !v.DefaultRules.RequiresApproval || v.DefaultRules.SlotMinutes != 30 || v.ResourceCount != 0 || v.ConsortiumName == "" {
				t.Errorf("got %+v", v)
			}
		}},
		{"admin deletes a facility with resources", f.admin, http.MethodDelete, fac(f.practice), nil, 409, "in_use", nil},
		{"manager deletes their facility", f.manager, http.MethodDelete, fac(f.practice), nil, 403, "forbidden", nil},
		{"admin deletes the new facility", f.admin, http.MethodDelete, fac(16), nil, 204, "", nil},
		{"admin deletes it again", f.admin, http.MethodDelete, fac(16), nil, 404, "not_found", nil},

		// Blackouts.
		{"manager closes their facility", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", blackout, 201, "", field("kind", "closure")},
		{"a closure over bookings lists them", f.manager, http.MethodPost, fac(f.platform) + "/blackouts", soon, 409, "bookings_affected", affected},
		{"a closure cancelling them", f.manager, http.MethodPost, fac(f.platform) + "/blackouts", withField(soon, "on_bookings", "cancel"), 201, "", field("reason", "停电检修")},
		{"manager closes a resource", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", map[string]any{"resource_id": f.laser, "kind": "closure",
			"start_at": "2027-06-01T08:30:00+08:00", "end_at": "2027-06-01T12:30:00+08:00"}, 201, "", field("resource_id", f.laser)},
		{"a make-up working day", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", map[string]any{"kind": "makeup_workday",
			"start_at": "2027-05-09T08:30:00+08:00", "end_at": "2027-05-09T17:30:00+08:00"}, 201, "", nil},
		{"a resource of another facility", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", map[string]any{"resource_id": f.foreign, "kind": "closure",
			"start_at": "2027-06-01T08:30:00+08:00", "end_at": "2027-06-01T12:30:00+08:00"}, 422, "validation_failed", nil},
		{"a blackout ending before it starts", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", map[string]any{"kind": "closure",
			"start_at": "2027-06-01T12:30:00+08:00", "end_at": "2027-06-01T08:30:00+08:00"}, 422, "validation_failed", nil},
		{"an unknown kind", f.manager, http.MethodPost, fac(f.practice) + "/blackouts", badInput{map[string]any{"kind": "holiday",
			"start_at": "2027-06-01T08:30:00+08:00", "end_at": "2027-06-01T12:30:00+08:00"}}, 422, "validation_failed", nil},
		{"manager closes another facility", f.manager, http.MethodPost, fac(f.other) + "/blackouts", blackout, 403, "forbidden", nil},
		{"student closes a facility", f.student, http.MethodPost, fac(f.practice) + "/blackouts", blackout, 403, "forbidden", nil},
		{"the blackouts of the resource", f.student, http.MethodGet, res(f.laser) + "/blackouts?from=2027-05-01T00:00:00Z&to=2027-07-01T00:00:00Z", nil, 200, "", total(3)},
		{"teacher deletes a blackout", f.teacher, http.MethodDelete, "/api/v1/blackouts/1", nil, 403, "forbidden", nil},
		{"manager deletes a blackout", f.manager, http.MethodDelete, "/api/v1/blackouts/1", nil, 204, "", nil},
		{"manager deletes an unknown blackout", f.manager, http.MethodDelete, "/api/v1/blackouts/999999", nil, 404, "not_found", nil},

		// Consortia, organizations, clusters, qualifications: admins only.
		{"manager creates a consortium", f.manager, http.MethodPost, "/api/v1/consortia", map[string]any{"name": "x", "level": "municipal"}, 403, "forbidden", nil},
		{"admin creates a consortium", f.admin, http.MethodPost, "/api/v1/consortia", map[string]any{"name": "重庆市生物医药产教联合体", "name_en": "Chongqing Biomedicine Consortium",
			"level": "municipal", "lead_organization_id": 2, "clusters": []string{"biomedicine"},
			"members": []map[string]any{{"organization_id": 32, "role": "member"}}}, 201, "", func(t *testing.T, r response) {
			var d consortiumDetailResponse
			r.JSON(t, &d)
			if len(d.Members) != 2 || d.Members[0].Role != "lead" || len(d.Clusters) != 1 {
				t.Errorf("got %+v", d)
			}
		}},
		{"a consortium name taken", f.admin, http.MethodPost, "/api/v1/consortia", map[string]any{"name": "重庆市生物医药产教联合体", "level": "municipal"}, 409, "name_taken", nil},
		{"a consortium of an unknown level", f.admin, http.MethodPost, "/api/v1/consortia", badInput{map[string]any{"name": "y", "level": "county"}}, 422, "validation_failed", nil},
		{"admin renames a consortium", f.admin, http.MethodPatch, "/api/v1/consortia/6", map[string]any{"name_en": "Chongqing Biomedicine Industry-Education Consortium", "lead_organization_id": nil}, 200, "", field("lead_organization_id", nil)},
		{"admin makes a member lead", f.admin, http.MethodPut, "/api/v1/consortia/6/members/32", map[string]any{"role": "lead"}, 200, "", field("lead_organization_id", 32)},
		{"a member role that is not one", f.admin, http.MethodPut, "/api/v1/consortia/6/members/32", badInput{map[string]any{"role": "chair"}}, 422, "validation_failed", nil},
		{"manager adds a member", f.manager, http.MethodPut, "/api/v1/consortia/6/members/31", map[string]any{"role": "member"}, 403, "forbidden", nil},
		{"admin removes a member", f.admin, http.MethodDelete, "/api/v1/consortia/6/members/32", nil, 204, "", nil},
		{"admin removes a non-member", f.admin, http.MethodDelete, "/api/v1/consortia/6/members/32", nil, 404, "not_found", nil},
		{"admin deletes a consortium with facilities", f.admin, http.MethodDelete, "/api/v1/consortia/1", nil, 409, "in_use", nil},
		{"admin deletes the new consortium", f.admin, http.MethodDelete, "/api/v1/consortia/6", nil, 204, "", nil},
		{"manager registers an organization", f.manager, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "x", "kind": "school"}, 403, "forbidden", nil},
		{"an enterprise with a bad credit code", f.admin, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "重庆某科技有限公司", "kind": "enterprise",
			"credit_code": "91500000MA5U8D4E07"}, 422, "validation_failed", nil},
		{"an enterprise without a credit code", f.admin, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "重庆某科技有限公司", "kind": "enterprise"}, 422, "validation_failed", nil},
		{"an SME", f.admin, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "重庆某科技有限公司", "kind": "enterprise",
			"credit_code": "91350100M000100Y43", "is_sme": true}, 201, "", field("is_sme", true)},
		{"the same credit code", f.admin, http.MethodPost, "/api/v1/organizations", map[string]any{"name": "重庆另一科技有限公司", "kind": "enterprise",
			"credit_code": "91350100M000100Y43"}, 409, "credit_code_taken", nil},
		{"admin renames an organization", f.admin, http.MethodPatch, "/api/v1/organizations/1", map[string]any{"name_en": "CQIPC"}, 200, "", field("name_en", "CQIPC")},
		{"admin edits an unknown organization", f.admin, http.MethodPatch, "/api/v1/organizations/999999", map[string]any{"name_en": "x"}, 404, "not_found", nil},
		{"admin adds a cluster", f.admin, http.MethodPost, "/api/v1/clusters", map[string]any{"code": "power_semiconductors", "name": "功率半导体", "tier": "hundred_billion", "sort_order": 130}, 201, "", nil},
		{"a cluster code taken", f.admin, http.MethodPost, "/api/v1/clusters", map[string]any{"code": "icv_nev", "name": "x", "tier": "trillion"}, 409, "code_taken", nil},
		{"manager edits a cluster", f.manager, http.MethodPatch, "/api/v1/clusters/1", map[string]any{"name_en": "x"}, 403, "forbidden", nil},
		{"admin edits a cluster", f.admin, http.MethodPatch, "/api/v1/clusters/1", map[string]any{"name_en": "ICV and NEV"}, 200, "", field("name_en", "ICV and NEV")},
		{"admin defines a qualification", f.admin, http.MethodPost, "/api/v1/qualifications", map[string]any{"code": "crane", "name": "起重机械作业证", "valid_months": 48}, 201, "", nil},
		{"a qualification valid too long", f.admin, http.MethodPatch, "/api/v1/qualifications/1", badInput{map[string]any{"valid_months": 1000}}, 422, "validation_failed", nil},
		{"student defines a qualification", f.student, http.MethodPost, "/api/v1/qualifications", map[string]any{"code": "x", "name": "x"}, 403, "forbidden", nil},
	})
}
