package handlers

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"cqshare/app/seed"
)

func TestUserAdministrationAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	studentID, teacherID := f.userID("student@demo.local"), f.userID("teacher@demo.local")
	user := func(id int64) string { return fmt.Sprintf("/api/v1/admin/users/%d", id) }
	f.run(t, []scenario{
		{"manager lists accounts", f.manager, http.MethodGet, "/api/v1/admin/users", nil, 403, "forbidden", nil},
		{"admin lists accounts", f.admin, http.MethodGet, "/api/v1/admin/users?page_size=500", nil, 200, "", func(t *testing.T, r response) {
			var l listResponse[adminUserResponse]
			r.JSON(t, &l)
			if len(l.Items) != 62 || l.Total != 62 {
				t.Errorf("got %d of %d", len(l.Items), l.Total)
			}
		}},
		{"admin lists SME users", f.admin, http.MethodGet, "/api/v1/admin/users?role=sme", nil, 200, "", items(func(m map[string]any) bool {
			return m["role"] == "sme" && m["organization_name"] != nil
		})},
		{"admin searches accounts", f.admin, http.MethodGet, "/api/v1/admin/users?q=manager%40demo", nil, 200, "", total(1)},
		{"a role that is not one", f.admin, http.MethodGet, "/api/v1/admin/users?role=root", badInput{}, 422, "validation_failed", nil},
		{"admin reads an account", f.admin, http.MethodGet, user(studentID), nil, 200, "", field("email", "student@demo.local")},
		{"admin reads an unknown account", f.admin, http.MethodGet, user(999999), nil, 404, "not_found", nil},
		{"admin creates a manager", f.admin, http.MethodPost, "/api/v1/admin/users", map[string]any{"email": "mgr.new@demo.local", "password": "new-pass-2026",
			"name": "新任经理", "role": "manager", "organization_id": 1, "managed_facility_ids": []int64{f.other}}, 201, "", func(t *testing.T, r response) {
			var u adminUserResponse
			r.JSON(t, &u)
			if len(u.ManagedFacilityIDs) != 1 || u.ManagedFacilityIDs[0] != f.other || u.OrganizationName == nil || !u.Active {
				t.Errorf("got %+v", u)
			}
		}},
		{"an e-mail taken", f.admin, http.MethodPost, "/api/v1/admin/users", map[string]any{"email": "student@demo.local", "password": "new-pass-2026",
			"name": "x", "role": "student"}, 409, "email_taken", nil},
		{"a short password", f.admin, http.MethodPost, "/api/v1/admin/users", badInput{map[string]any{"email": "y@demo.local", "password": "short", "name": "y", "role": "student"}}, 422, "validation_failed", nil},
		{"a student managing", f.admin, http.MethodPost, "/api/v1/admin/users", map[string]any{"email": "y@demo.local", "password": "new-pass-2026",
			"name": "y", "role": "student", "managed_facility_ids": []int64{f.practice}}, 422, "validation_failed", nil},
		{"manager creates an account", f.manager, http.MethodPost, "/api/v1/admin/users", map[string]any{"email": "z@demo.local", "password": "new-pass-2026",
			"name": "z", "role": "admin"}, 403, "forbidden", nil},
		{"admin makes the teacher a manager", f.admin, http.MethodPatch, user(teacherID), map[string]any{"role": "manager", "managed_facility_ids": []int64{f.platform}}, 200, "", field("role", "manager")},
		{"admin deactivates the student", f.admin, http.MethodPatch, user(studentID), map[string]any{"active": false}, 200, "", field("active", false)},
		{"the student's session is over", f.student, http.MethodGet, "/api/v1/me", nil, 401, "unauthenticated", nil},
		{"admin demotes themself", f.admin, http.MethodPatch, user(f.userID("admin@demo.local")), map[string]any{"role": "student"}, 422, "rule_violation", nil},
		{"admin removes an organization", f.admin, http.MethodPatch, user(teacherID), map[string]any{"organization_id": nil}, 200, "", field("organization_id", nil)},
		{"manager edits an account", f.manager, http.MethodPatch, user(teacherID), map[string]any{"active": false}, 403, "forbidden", nil},
		{"admin edits an unknown account", f.admin, http.MethodPatch, user(999999), map[string]any{"active": false}, 404, "not_found", nil},
	})
	t.Run("the new manager manages", func(t *testing.T) {
		token := f.login("teacher@demo.local", "demo-pass-2026")
		res := f.do(request{method: http.MethodPatch, path: fmt.Sprintf("/api/v1/resources/%d", f.resourceWhere(t, f.platform, "")), token: token,
			body: map[string]any{"description": "由新经理维护"}})
		if res.Status != http.StatusOK {
			t.Errorf("got %d %s, want 200", res.Status, res.Body)
		}
	})
}

// TestRegistrationApprovalAPI: administrators find the registrations that wait, approve one (it
// signs in) and reject another (it is gone); no one else may.
func TestRegistrationApprovalAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	for _, email := range []string{"wait.teacher@example.cn", "wait.other@example.cn"} {
		res := f.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: map[string]any{"email": email, "password": "teach-pass-2026", "name": "待审", "role": "teacher"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("register %s: got %d %s", email, res.Status, res.Body)
		}
	}
	waiting, other := f.userID("wait.teacher@example.cn"), f.userID("wait.other@example.cn")
	studentID := f.userID("student@demo.local")
	user := func(id int64, action string) string { return fmt.Sprintf("/api/v1/admin/users/%d/%s", id, action) }
	f.run(t, []scenario{
		{"admin lists the waiting accounts", f.admin, http.MethodGet, "/api/v1/admin/users?pending=true", nil, 200, "", func(t *testing.T, r response) {
			total(2)(t, r)
			items(func(m map[string]any) bool { return m["pending"] == true && m["active"] == false })(t, r)
		}},
		{"and the others", f.admin, http.MethodGet, "/api/v1/admin/users?pending=false&q=wait.", nil, 200, "", total(0)},
		{"the waiting teacher cannot sign in", "", http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "wait.teacher@example.cn", "password": "teach-pass-2026"}, 403, "account_pending", nil},
		{"switching it on instead", f.admin, http.MethodPatch, fmt.Sprintf("/api/v1/admin/users/%d", waiting), map[string]any{"active": true}, 422, "rule_violation", nil},
		{"a manager approves", f.manager, http.MethodPost, user(waiting, "approve"), nil, 403, "forbidden", nil},
		{"a teacher approves", f.teacher, http.MethodPost, user(waiting, "approve"), nil, 403, "forbidden", nil},
		{"admin approves", f.admin, http.MethodPost, user(waiting, "approve"), nil, 200, "", func(t *testing.T, r response) {
			field("pending", false)(t, r)
			field("active", true)(t, r)
		}},
		{"the teacher signs in", "", http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "wait.teacher@example.cn", "password": "teach-pass-2026"}, 200, "", nil},
		{"approved twice", f.admin, http.MethodPost, user(waiting, "approve"), nil, 409, "invalid_transition", nil},
		{"rejecting an active account", f.admin, http.MethodPost, user(studentID, "reject"), nil, 409, "invalid_transition", nil},
		{"rejecting an unknown account", f.admin, http.MethodPost, user(999999, "reject"), nil, 404, "not_found", nil},
		{"admin rejects", f.admin, http.MethodPost, user(other, "reject"), nil, 204, "", nil},
		{"the rejected account is gone", f.admin, http.MethodGet, fmt.Sprintf("/api/v1/admin/users/%d", other), nil, 404, "not_found", nil},
	})
}

func TestQualificationAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	studentID, teacherID := f.userID("student@demo.local"), f.userID("teacher@demo.local")
	quals := func(id int64) string { return fmt.Sprintf("/api/v1/users/%d/qualifications", id) }
	// laser_safety is city-wide, though the demo manager's laser cutter requires it; their practice
	// center issues five_axis; sem_operator is another facility's.
	const laser, fiveAxis, sem = 1, 2, 5
	stranger, _ := f.user("stranger@example.cn", "student")
	f.run(t, []scenario{
		{"the student reads theirs", f.student, http.MethodGet, quals(studentID), nil, 200, "", func(t *testing.T, r response) {
			var l listResponse[heldQualificationResponse]
			r.JSON(t, &l)
			if len(l.Items) != 1 || l.Items[0].Qualification.Code != "laser_safety" || !l.Items[0].Valid || l.Items[0].Source != "seed" {
				t.Errorf("got %+v", l.Items)
			}
		}},
		{"the student reads the teacher's", f.student, http.MethodGet, quals(teacherID), nil, 403, "forbidden", nil},
		{"a manager reads the student's", f.manager, http.MethodGet, quals(studentID), nil, 200, "", total(1)},
		{"a manager reads a stranger's", f.manager, http.MethodGet, quals(stranger.ID), nil, 404, "not_found", nil},
		{"an unknown user's", f.admin, http.MethodGet, quals(999999), nil, 404, "not_found", nil},
		{"manager grants a city-wide one their equipment requires", f.manager, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": laser}, 403, "forbidden", nil},
		{"manager grants one their facility issues", f.manager, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": fiveAxis}, 201, "", func(t *testing.T, r response) {
			var h heldQualificationResponse
			r.JSON(t, &h)
			if h.Qualification.Code != "five_axis" || h.ExpiresAt == nil || !h.Valid || h.Source != "manual" || h.GrantedBy == nil {
				t.Errorf("got %+v", h)
			}
		}},
		{"manager grants another facility's", f.manager, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": sem}, 403, "forbidden", nil},
		{"admin grants any, until a date", f.admin, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": sem, "expires_at": "2099-12-31T23:59:59+08:00"}, 201, "", nil},
		{"an expiry in the past", f.admin, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": sem, "expires_at": "2001-01-01T00:00:00Z"}, 422, "validation_failed", nil},
		{"an unknown qualification", f.admin, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": 999999}, 422, "validation_failed", nil},
		{"no qualification", f.admin, http.MethodPost, quals(teacherID), badInput{map[string]any{}}, 422, "validation_failed", nil},
		{"student grants themself one", f.student, http.MethodPost, quals(studentID), map[string]any{"qualification_id": sem}, 403, "forbidden", nil},
		{"the teacher holds two", f.teacher, http.MethodGet, quals(teacherID), nil, 200, "", total(2)},
		{"manager revokes one they may not grant", f.manager, http.MethodDelete, quals(teacherID) + fmt.Sprintf("/%d", sem), nil, 403, "forbidden", nil},
		{"manager revokes one they granted", f.manager, http.MethodDelete, quals(teacherID) + fmt.Sprintf("/%d", fiveAxis), nil, 204, "", nil},
		{"manager revokes it again", f.manager, http.MethodDelete, quals(teacherID) + fmt.Sprintf("/%d", fiveAxis), nil, 404, "not_found", nil},
		{"the list says who issues each", f.student, http.MethodGet, "/api/v1/qualifications", nil, 200, "", func(t *testing.T, r response) {
			var l listResponse[ownedQualificationResponse]
			r.JSON(t, &l)
			for _, q := range l.Items {
				if want := q.Code == "laser_safety" || q.Code == "electrician"; (q.OwnerFacilityID == nil) != want {
					t.Errorf("%s: got owner %v, want city-wide %v", q.Code, q.OwnerFacilityID, want)
				}
			}
		}},
		{"admin hands a qualification to a facility", f.admin, http.MethodPatch, fmt.Sprintf("/api/v1/qualifications/%d", laser), map[string]any{"owner_facility_id": f.practice}, 200, "", field("owner_facility_id", float64(f.practice))},
		{"then its managers grant it", f.manager, http.MethodPost, quals(teacherID), map[string]any{"qualification_id": laser}, 201, "", nil},
		{"admin makes it city-wide again", f.admin, http.MethodPatch, fmt.Sprintf("/api/v1/qualifications/%d", laser), map[string]any{"owner_facility_id": nil}, 200, "", field("owner_facility_id", nil)},
		{"manager changes a qualification", f.manager, http.MethodPatch, fmt.Sprintf("/api/v1/qualifications/%d", laser), map[string]any{"owner_facility_id": f.practice}, 403, "forbidden", nil},
	})
}

// TestQualificationTakeoverAPI replays the attack of issue 7, item 1: a manager of facilities
// 4–6 tried to grant (and revoke) facility 1's safety qualification by making their own
// equipment require it for a moment. Every step must fail, and nothing may change.
func TestQualificationTakeoverAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	attacker := f.login("mgr.ljsw@demo.local", seed.DemoPassword) // manages facilities 4, 5 and 6
	studentID, holderID := f.userID("student@demo.local"), f.userID("tea01@demo.local")
	const fiveAxis = 2 // issued by facility 1, the demo manager's practice center; tea01 holds it
	gated := f.resourceWhere(t, f.practice, "cnc")
	loc, _ := time.LoadLocation("Asia/Shanghai")
	day := time.Now().In(loc).AddDate(0, 0, 2)
	at := func(h int) string {
		return time.Date(day.Year(), day.Month(), day.Day(), h, 0, 0, 0, loc).Format(time.RFC3339)
	}
	own := f.resourceWhere(t, 4, "")
	grant := map[string]any{"qualification_id": fiveAxis}
	f.run(t, []scenario{
		{"grant another facility's qualification", attacker, http.MethodPost, fmt.Sprintf("/api/v1/users/%d/qualifications", studentID), grant, 403, "forbidden", nil},
		{"make my equipment require it", attacker, http.MethodPatch, fmt.Sprintf("/api/v1/resources/%d", own), map[string]any{"rules": map[string]any{"qualification_id": fiveAxis}}, 403, "forbidden", nil},
		{"make my facility's default rules require it", attacker, http.MethodPatch, "/api/v1/facilities/4", map[string]any{"default_rules": map[string]any{"qualification_id": fiveAxis}}, 403, "forbidden", nil},
		{"grant it again", attacker, http.MethodPost, fmt.Sprintf("/api/v1/users/%d/qualifications", studentID), grant, 403, "forbidden", nil},
		{"revoke it from its holder", attacker, http.MethodDelete, fmt.Sprintf("/api/v1/users/%d/qualifications/%d", holderID, fiveAxis), nil, 403, "forbidden", nil},
		{"the student cannot book the gated machine", f.student, http.MethodPost, "/api/v1/bookings", map[string]any{"resource_id": gated,
			"start_at": at(10), "end_at": at(11), "purpose": "五轴加工", "purpose_category": "training"}, 403, "qualification_required", nil},
		{"my equipment requires nothing new", f.student, http.MethodGet, fmt.Sprintf("/api/v1/resources/%d", own), nil, 200, "", func(t *testing.T, r response) {
			var v resourceResponse
			r.JSON(t, &v)
			if v.Rules.QualificationID != nil {
				t.Errorf("got qualification %d required, want none", *v.Rules.QualificationID)
			}
		}},
		{"the holder keeps it", f.admin, http.MethodGet, fmt.Sprintf("/api/v1/users/%d/qualifications", holderID), nil, 200, "", items(func(m map[string]any) bool {
			return m["qualification"].(map[string]any)["code"] == "five_axis"
		})},
	})
}

func TestAuditLogAPI(t *testing.T) {
	t.Parallel()
	f := newCatalogFixture(t)
	managerID := f.userID("manager@demo.local")
	path := fmt.Sprintf("/api/v1/resources/%d", f.laser)
	f.run(t, []scenario{
		{"manager changes a resource", f.manager, http.MethodPatch, path, map[string]any{"capacity": 2, "rules": map[string]any{"slot_minutes": 60, "min_minutes": 60}}, 200, "", nil},
		{"a refused change", f.manager, http.MethodPatch, path, badInput{map[string]any{"capacity": -2}}, 422, "validation_failed", nil},
		{"manager reads the audit log", f.manager, http.MethodGet, "/api/v1/admin/audit-logs", nil, 403, "forbidden", nil},
		{"admin reads the resource's audit log", f.admin, http.MethodGet, fmt.Sprintf("/api/v1/admin/audit-logs?object_type=resource&object_id=%d", f.laser), nil, 200, "", func(t *testing.T, r response) {
			var l listResponse[auditLogResponse]
			r.JSON(t, &l)
			if l.Total != 1 || l.Items[0].ActorID == nil || *l.Items[0].ActorID != managerID || l.Items[0].Action != "resource.update" ||
				l.Items[0].ActorName == nil || string(l.Items[0].Detail) != `{"capacity":2,"rules":{"slot_minutes":60,"min_minutes":60}}` {
				t.Errorf("got %+v", l.Items)
			}
		}},
		{"admin reads a manager's writes", f.admin, http.MethodGet, fmt.Sprintf("/api/v1/admin/audit-logs?actor_id=%d", managerID), nil, 200, "", total(1)},
		{"an object id that is no number", f.admin, http.MethodGet, "/api/v1/admin/audit-logs?object_id=x", badInput{}, 400, "bad_request", nil},
	})
}
