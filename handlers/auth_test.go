package handlers

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"cqshare/app/apptest"
)

func TestRegisterAndLogin(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	const validCode = "91350100M000100Y43"
	tests := []struct {
		name       string
		body       any
		header     map[string]string
		wantStatus int
		wantCode   string
		wantFields []string
	}{
		{"student by default", map[string]any{"email": "Li.Hua@Example.cn", "password": "password-123", "name": "李华"}, nil, 201, "", nil},
		{"teacher", map[string]any{"email": "t@example.cn", "password": "password-123", "name": "王老师", "role": "teacher"}, nil, 201, "", nil},
		{"sme with valid credit code", map[string]any{"email": "sme@example.cn", "password": "password-123", "name": "张经理", "role": "sme", "organization_name": "重庆某精密制造有限公司", "credit_code": validCode}, nil, 201, "", nil},
		{"second sme joins the same organization", map[string]any{"email": "sme2@example.cn", "password": "password-123", "name": "赵工", "role": "sme", "organization_name": "重庆某精密制造有限公司", "credit_code": validCode}, nil, 201, "", nil},
		{"duplicate e-mail, other case", map[string]any{"email": "li.hua@example.cn", "password": "password-123", "name": "x"}, nil, 409, "email_taken", []string{"email"}},
		{"sme without organization", map[string]any{"email": "s3@example.cn", "password": "password-123", "name": "x", "role": "sme"}, nil, 422, "validation_failed", []string{"organization_name", "credit_code"}},
		{"sme with a wrong check character", map[string]any{"email": "s4@example.cn", "password": "password-123", "name": "x", "role": "sme", "organization_name": "o", "credit_code": "91350100M000100Y44"}, nil, 422, "validation_failed", []string{"credit_code"}},
		{"admin role cannot be self-given", badInput{map[string]any{"email": "a@example.cn", "password": "password-123", "name": "x", "role": "admin"}}, nil, 422, "validation_failed", []string{"role"}},
		{"short password, bad e-mail, no name", badInput{map[string]any{"email": "nope", "password": "short"}}, nil, 422, "validation_failed", []string{"email", "password", "name"}},
		{"30 Chinese characters are 90 bytes", map[string]any{"email": "zh@example.cn", "password": strings.Repeat("安全密码", 7) + "安全", "name": "x"}, nil, 422, "validation_failed", []string{"password"}},
		{"8 spaces", map[string]any{"email": "sp@example.cn", "password": "        ", "name": "x"}, nil, 422, "validation_failed", []string{"password"}},
		{"one kind of character", map[string]any{"email": "one@example.cn", "password": "passwordpassword", "name": "x"}, nil, 422, "validation_failed", []string{"password"}},
		{"an invisible character in the e-mail", map[string]any{"email": "li.hua@example.cn\u200b", "password": "password-123", "name": "x"}, nil, 422, "validation_failed", []string{"email"}},
		{"full-width look-alike of a taken e-mail", map[string]any{"email": "ｌｉ.ｈｕａ@example.cn", "password": "password-123", "name": "x"}, nil, 409, "email_taken", []string{"email"}},
		{"malformed JSON", badInput{`{"email": `}, nil, 400, "bad_request", nil},
		{"wrong type", badInput{`{"email": 42, "password": "password-123", "name": "x"}`}, nil, 400, "bad_request", []string{"email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: tt.body, header: tt.header})
			if res.Status != tt.wantStatus {
				t.Fatalf("got %d %s, want %d", res.Status, res.Body, tt.wantStatus)
			}
			if got := res.ErrorCode(); got != tt.wantCode {
				t.Errorf("got code %q, want %q", got, tt.wantCode)
			}
			for _, f := range tt.wantFields {
				if _, ok := res.Fields()[f]; !ok {
					t.Errorf("fields %v lack %q", res.Fields(), f)
				}
			}
		})
	}

	t.Run("a teacher's and an SME user's registration wait for approval", func(t *testing.T) {
		for _, body := range []map[string]any{
			{"email": "t2@example.cn", "password": "password-123", "name": "李老师", "role": "teacher"},
			{"email": "sme3@example.cn", "password": "password-123", "name": "钱工", "role": "sme", "organization_name": "重庆某精密制造有限公司", "credit_code": validCode},
		} {
			res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: body})
			if res.Status != http.StatusCreated || strings.TrimSpace(string(res.Body)) != `{"status":"pending_approval"}` || len(res.Header.Values("Set-Cookie")) != 0 {
				t.Errorf("%s: got %d %s, cookies %v; want 201 pending_approval without a session", body["email"], res.Status, res.Body, res.Header.Values("Set-Cookie"))
			}
		}
	})
	t.Run("the two SME users share one organization", func(t *testing.T) {
		a, _ := s.app.Accounts.CurrentActor(t.Context(), 3)
		b, _ := s.app.Accounts.CurrentActor(t.Context(), 4)
		if a.OrganizationID == nil || b.OrganizationID == nil || *a.OrganizationID != *b.OrganizationID {
			t.Fatalf("got organizations %v and %v, want the same", a.OrganizationID, b.OrganizationID)
		}
	})

	logins := []struct {
		name       string
		email, pw  string
		wantStatus int
		wantCode   string
	}{
		{"right password, e-mail in other case", "LI.HUA@example.cn", "password-123", 200, ""},
		{"right password, full-width e-mail", "ＬＩ．ＨＵＡ＠ｅｘａｍｐｌｅ．ｃｎ", "password-123", 200, ""},
		{"a teacher waiting for approval", "t@example.cn", "password-123", 403, "account_pending"},
		{"wrong password", "li.hua@example.cn", "password-124", 401, "invalid_credentials"},
		{"unknown account", "nobody@example.cn", "password-123", 401, "invalid_credentials"},
		{"missing password", "li.hua@example.cn", "", 422, "validation_failed"},
	}
	for _, tt := range logins {
		t.Run("login: "+tt.name, func(t *testing.T) {
			res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/login", body: map[string]string{"email": tt.email, "password": tt.pw},
				invalid: tt.wantStatus == http.StatusUnprocessableEntity}) // a form the document refuses
			if res.Status != tt.wantStatus || res.ErrorCode() != tt.wantCode {
				t.Fatalf("got %d %q, want %d %q", res.Status, res.ErrorCode(), tt.wantStatus, tt.wantCode)
			}
		})
	}
}

func TestValidationMessagesFollowAcceptLanguage(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	body := map[string]any{"email": "nope", "password": "password-123", "name": "x"}
	zh := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: body, header: map[string]string{"Accept-Language": "zh-CN,zh;q=0.9"}})
	en := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: body, header: map[string]string{"Accept-Language": "en-US,en;q=0.9"}})
	if !strings.Contains(zh.Fields()["email"], "邮箱") {
		t.Errorf("zh message %q, want Chinese", zh.Fields()["email"])
	}
	if !strings.Contains(en.Fields()["email"], "valid e-mail") {
		t.Errorf("en message %q, want English", en.Fields()["email"])
	}
}

func TestSessionsBearerCookieAndCSRF(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	res := s.do(request{method: http.MethodPost, path: "/api/v1/auth/register", body: map[string]any{"email": "c@example.cn", "password": "password-123", "name": "c"}})
	var login loginResponse
	res.JSON(t, &login)
	var session, csrf string
	for _, c := range (&http.Response{Header: res.Header}).Cookies() {
		switch c.Name {
		case sessionCookie:
			session = c.Value
			if !c.HttpOnly {
				t.Error("session cookie is not HttpOnly")
			}
		case csrfCookie:
			csrf = c.Value
		}
	}
	if session == "" || csrf != login.CSRFToken {
		t.Fatalf("cookies: session %q csrf %q, want both set (csrf = %q)", session, csrf, login.CSRFToken)
	}
	cookie := sessionCookie + "=" + session
	pw := map[string]string{"current_password": "password-123", "new_password": "password-456"}

	steps := []struct {
		name       string
		req        request
		wantStatus int
		wantCode   string
	}{
		{"bearer reads /me", request{method: "GET", path: "/api/v1/me", token: login.Token}, 200, ""},
		{"cookie reads /me", request{method: "GET", path: "/api/v1/me", header: map[string]string{"Cookie": cookie}}, 200, ""},
		{"no credentials", request{method: "GET", path: "/api/v1/me"}, 401, "unauthenticated"},
		{"forged bearer", request{method: "GET", path: "/api/v1/me", token: "forged"}, 401, "unauthenticated"},
		{"cookie write without CSRF header", request{method: "POST", path: "/api/v1/me/password", body: pw, header: map[string]string{"Cookie": cookie}}, 403, "csrf_failed"},
		{"cookie write with a wrong CSRF header", request{method: "POST", path: "/api/v1/me/password", body: pw, header: map[string]string{"Cookie": cookie, csrfHeader: "wrong"}}, 403, "csrf_failed"},
		{"wrong current password", request{method: "POST", path: "/api/v1/me/password", token: login.Token, body: map[string]string{"current_password": "nope-nope", "new_password": "password-456"}}, 422, "validation_failed"},
		{"cookie write with CSRF header", request{method: "POST", path: "/api/v1/me/password", body: pw, header: map[string]string{"Cookie": cookie, csrfHeader: csrf}}, 204, ""},
		{"old password no longer works", request{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "c@example.cn", "password": "password-123"}}, 401, "invalid_credentials"},
		{"the session that changed it lives on", request{method: "GET", path: "/api/v1/me", token: login.Token}, 200, ""},
		{"logout", request{method: "POST", path: "/api/v1/auth/logout", token: login.Token}, 204, ""},
		{"token is dead after logout", request{method: "GET", path: "/api/v1/me", token: login.Token}, 401, "unauthenticated"},
	}
	for _, st := range steps {
		res := s.do(st.req)
		if res.Status != st.wantStatus || res.ErrorCode() != st.wantCode {
			t.Fatalf("%s: got %d %q, want %d %q (%s)", st.name, res.Status, res.ErrorCode(), st.wantStatus, st.wantCode, res.Body)
		}
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	_, first := s.user("u@example.cn", "student")
	res := s.do(request{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "u@example.cn", "password": "test-pass-2026"}})
	var second loginResponse
	res.JSON(t, &second)
	if res := s.do(request{method: "POST", path: "/api/v1/me/password", token: first, body: map[string]string{"current_password": "test-pass-2026", "new_password": "another-pass-1"}}); res.Status != 204 {
		t.Fatalf("change password: got %d %s", res.Status, res.Body)
	}
	if res := s.do(request{method: "GET", path: "/api/v1/me", token: second.Token}); res.Status != 401 {
		t.Fatalf("other session after password change: got %d, want 401", res.Status)
	}
}

// TestPasswordsAreCheckedInBytes: a password within 72 characters but over bcrypt's 72 bytes is
// a 422 naming the field wherever a password is set, not a 500.
func TestPasswordsAreCheckedInBytes(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	_, admin := s.user("admin@example.cn", "admin")
	_, student := s.user("student@example.cn", "student")
	long := strings.Repeat("密码", 15) // 30 characters, 90 bytes
	for _, tt := range []struct {
		name  string
		req   request
		field string
	}{
		{"register", request{method: "POST", path: "/api/v1/auth/register", body: map[string]string{"email": "r@example.cn", "password": long, "name": "r"}}, "password"},
		{"change password", request{method: "POST", path: "/api/v1/me/password", token: student, body: map[string]string{"current_password": "test-pass-2026", "new_password": long}}, "new_password"},
		{"an administrator's new account", request{method: "POST", path: "/api/v1/admin/users", token: admin, body: map[string]any{"email": "n@example.cn", "password": long, "name": "n", "role": "student"}}, "password"},
		{"the current password again", request{method: "POST", path: "/api/v1/me/password", token: student, body: map[string]string{"current_password": "test-pass-2026", "new_password": "test-pass-2026"}}, "new_password"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := s.do(tt.req)
			if res.Status != http.StatusUnprocessableEntity || res.Fields()[tt.field] == "" {
				t.Errorf("got %d %s, want 422 on %s", res.Status, res.Body, tt.field)
			}
		})
	}
}

// TestLoginWithABrokenUserAgent: a User-Agent that is not UTF-8, or a multi-byte character on
// its byte 300, is stored mended; MySQL answered 500.
func TestLoginWithABrokenUserAgent(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	s.user("ua@example.cn", "student")
	for _, ua := range []string{"Mozilla/5.0 \xff\xfe(\xc3", strings.Repeat("a", 299) + "中文"} {
		res := s.do(request{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "ua@example.cn", "password": "test-pass-2026"},
			header: map[string]string{"User-Agent": ua}})
		if res.Status != http.StatusOK {
			t.Errorf("User-Agent %q: got %d %s, want 200", ua[:20], res.Status, res.Body)
		}
	}
}

// TestLoginIsLimitedPerAccountAndAddress: wrong passwords from one address get 429 there, while
// the owner signs in from another; before, 10 from anywhere locked the account for everyone.
func TestLoginIsLimitedPerAccountAndAddress(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.RateLimits = true
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("192.0.2.1/32")} // httptest's peer
	s := newTestServerWithConfig(t, cfg)
	s.user("admin@example.cn", "admin")
	login := func(pw, from string) response {
		return s.do(request{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": "admin@example.cn", "password": pw},
			header: map[string]string{"X-Forwarded-For": from}})
	}
	for i := range 10 {
		login(fmt.Sprintf("wrong-%d", i), "203.0.113.66")
	}
	if res := login("test-pass-2026", "203.0.113.66"); res.Status != http.StatusTooManyRequests || res.ErrorCode() != "rate_limited" {
		t.Errorf("the guessing address: got %d %q, want 429 rate_limited", res.Status, res.ErrorCode())
	}
	if res := login("test-pass-2026", "198.51.100.7"); res.Status != http.StatusOK {
		t.Errorf("the owner from another address: got %d %s, want 200", res.Status, res.Body)
	}
}

func TestRegistrationCanBeClosed(t *testing.T) {
	t.Parallel()
	cfg := apptest.Config(t)
	cfg.RegistrationOpen = false
	s := newTestServerWithConfig(t, cfg)
	res := s.do(request{method: "POST", path: "/api/v1/auth/register", body: map[string]any{"email": "x@example.cn", "password": "password-123", "name": "x"}})
	if res.Status != 403 || res.ErrorCode() != "registration_closed" {
		t.Fatalf("got %d %q, want 403 registration_closed", res.Status, res.ErrorCode())
	}
}

func TestMeListsPermissions(t *testing.T) {
	t.Parallel()
	s := newTestServer(t)
	_, token := s.user("admin@example.cn", "admin")
	var me userResponse
	s.do(request{method: "GET", path: "/api/v1/me", token: token}).JSON(t, &me)
	if me.Role != "admin" || len(me.Permissions) == 0 {
		t.Fatalf("got %+v, want an admin with permissions", me)
	}
}
